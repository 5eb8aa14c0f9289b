import { LimitError } from "../errors.ts";

/** How much one document may cost to parse. Every field has a default (`defaultParserLimits`). */
export interface ParserLimits {
	/** Largest input, in bytes; a bigger one is refused before parsing. */
	maxInputBytes: number;
	/** Deepest element nesting an HTML page may have. */
	maxDepth: number;
	/** PDF pages read; later pages are left out (and said so). */
	maxPages: number;
	/** Characters of text kept from one document. */
	maxTextChars: number;
	/** Milliseconds one parse may take, in its worker, before the worker is stopped. */
	deadlineMs: number;
	/** Megabytes of JavaScript heap the parsing worker may use. */
	maxMemoryMb: number;
}

export const defaultParserLimits = {
	maxInputBytes: 10_000_000,
	maxDepth: 256,
	maxPages: 500,
	maxTextChars: 2_000_000,
	deadlineMs: 20_000,
	maxMemoryMb: 512,
} as const satisfies ParserLimits;

/** The limits with `overrides` applied over the defaults. */
export function parserLimits(overrides: Partial<ParserLimits> = {}): ParserLimits {
	const limits: ParserLimits = { ...defaultParserLimits };
	for (const [key, value] of Object.entries(overrides) as [keyof ParserLimits, unknown][]) {
		if (typeof value === "number" && Number.isFinite(value) && value > 0) limits[key] = value;
	}
	return limits;
}

/** Why a document was refused. */
export type ParserLimitReason = "too-large" | "too-deep" | "deadline" | "memory" | "crashed";

/**
 * A document went over a parsing limit (size, nesting, time, memory): it is refused,
 * and the run goes on with its other sources.
 */
export class ParserLimitError extends LimitError {
	readonly reason: ParserLimitReason;

	constructor(message: string, reason: ParserLimitReason, options?: ErrorOptions) {
		super(message, options);
		this.reason = reason;
	}
}
