import { ConfigError } from "../errors.ts";

const units = { m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 } as const;

/**
 * `--since`: a span back from now (`30m`, `2h`, `7d`, `1w`) or a date (`2026-12-01`,
 * `2026-12-01T10:00`, read as UTC without a zone). Returns ms since the epoch.
 */
export function parseSince(value: string, now = Date.now()): number {
	const span = /^(\d+)\s*([mhdw])$/.exec(value.trim());
	if (span) return now - Number(span[1]) * units[span[2] as keyof typeof units];
	if (/^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2})?)?(Z|[+-]\d{2}:?\d{2})?$/.test(value.trim())) {
		const text = value.trim().replace(" ", "T");
		const zoned = /(Z|[+-]\d{2}:?\d{2})$/.test(text) || text.length === 10 ? text : `${text}Z`;
		const time = Date.parse(zoned);
		if (!Number.isNaN(time)) return time;
	}
	throw new ConfigError(
		`--since takes a span back from now (30m, 2h, 7d, 1w) or a date (2026-12-01), got '${value}'.`,
	);
}
