/**
 * Free text (from a person or a model) as an FTS5 query that is never a syntax error:
 * every term and every "quoted phrase" becomes a quoted FTS5 string, so `AND`, `NEAR`,
 * `*`, `-`, `:`, `^` and parentheses are searched for as words, not read as operators.
 */

/** The most terms a query keeps; the rest are dropped. */
const maxTerms = 32;

const termPattern = /"([^"]*)"|([^\s"]+)/g;
const wordCharacter = /[\p{L}\p{N}]/u;

/**
 * Turns `text` into an FTS5 query matching chunks that contain any of its terms (BM25
 * ranks those with more, and rarer, terms first); `undefined` when it has no words.
 *
 * @example
 * toFtsQuery('retry AND "back off" (429)') // '"retry" OR "AND" OR "back off" OR "(429)"'
 */
export function toFtsQuery(text: string): string | undefined {
	const terms = toFtsTerms(text);
	return terms.length > 0 ? terms.join(" OR ") : undefined;
}

/** The terms and phrases of `text` as quoted FTS5 strings, without repeats, at most 32. */
export function toFtsTerms(text: string): string[] {
	const seen = new Set<string>();
	const terms: string[] = [];
	const clean = text.replace(/\p{Cc}+/gu, " ");
	for (const match of clean.matchAll(termPattern)) {
		const term = (match[1] ?? match[2] ?? "").trim();
		if (!wordCharacter.test(term)) continue;
		const key = term.toLowerCase();
		if (seen.has(key)) continue;
		seen.add(key);
		terms.push(`"${term.replaceAll('"', '""')}"`);
		if (terms.length === maxTerms) break;
	}
	return terms;
}
