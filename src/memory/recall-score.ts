/**
 * How recalled memories are ranked: relevance to the task, discounted by age.
 *
 *     score = relevance × ((1 − w) + w × 2^(−age / halfLife))
 *
 * - `relevance` ∈ [0, 1]. Keyword recall (the default): the memory's BM25 score (SQLite
 *   FTS5 `bm25()`, negated) divided by the best BM25 score among the candidates of the same
 *   search, so the best match has 1. Embedding recall: the cosine similarity of the
 *   memory's vector and the task's, below 0 counted as 0.
 * - `age` = now − when the memory was stored or last seen again, in days (never below 0).
 * - `halfLife` (default 30 days): after it the recency factor 2^(−age/halfLife) is ½.
 * - `w` = `recencyWeight` ∈ [0, 1] (default 0.5): how much of the score age can take away.
 *   At 0.5 a memory keeps between half (very old) and all (new) of its relevance, so an old
 *   memory that matches well still beats a new one that barely matches.
 */

export interface RecallScoreOptions {
	/** Days after which the recency factor is ½. Default 30. */
	halfLifeDays?: number;
	/** Share of the score that age can take away, 0–1. Default 0.5. */
	recencyWeight?: number;
}

export const defaultHalfLifeDays = 30;
export const defaultRecencyWeight = 0.5;

const dayMs = 86_400_000;

/** The recency factor of a memory `ageMs` old: 1 when new, ½ after a half-life. */
export function recencyFactor(ageMs: number, halfLifeDays = defaultHalfLifeDays): number {
	return 2 ** (-Math.max(ageMs, 0) / (halfLifeDays * dayMs));
}

/** A memory's recall score from its relevance (0–1) and age; see the formula above. */
export function recallScore(
	relevance: number,
	ageMs: number,
	options: RecallScoreOptions = {},
): number {
	const weight = options.recencyWeight ?? defaultRecencyWeight;
	const recency = recencyFactor(ageMs, options.halfLifeDays);
	return Math.max(relevance, 0) * (1 - weight + weight * recency);
}
