/**
 * A publication date as `YYYY-MM-DD` when the text is a date JavaScript understands
 * (ISO, RFC 2822, "May 1, 2024"), else the text as given; `undefined` for nothing.
 */
export function normalizeDate(text: string | null | undefined): string | undefined {
	const trimmed = text?.trim();
	if (!trimmed) return undefined;
	const time = Date.parse(trimmed);
	return Number.isNaN(time) ? trimmed : new Date(time).toISOString().slice(0, 10);
}
