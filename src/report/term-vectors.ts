/** A text as weighted terms: term → TF-IDF weight. */
export type TermVector = Map<string, number>;

/**
 * TF-IDF vectors of documents given as lists of terms (stems): the weight of a term is
 * `(1 + ln count) × (1 + ln((1 + n) / (1 + df)))` over the n documents, df being how many
 * contain it, so a term every document uses weighs least and no weight is zero.
 */
export function tfIdfVectors(documents: ReadonlyArray<readonly string[]>): TermVector[] {
	const counts = documents.map((terms) => {
		const count = new Map<string, number>();
		for (const term of terms) count.set(term, (count.get(term) ?? 0) + 1);
		return count;
	});
	const documentFrequency = new Map<string, number>();
	for (const count of counts) {
		for (const term of count.keys()) {
			documentFrequency.set(term, (documentFrequency.get(term) ?? 0) + 1);
		}
	}
	const total = documents.length;
	return counts.map((count) => {
		const vector: TermVector = new Map();
		for (const [term, times] of count) {
			const inverse = 1 + Math.log((1 + total) / (1 + (documentFrequency.get(term) ?? 0)));
			vector.set(term, (1 + Math.log(times)) * inverse);
		}
		return vector;
	});
}

/** The cosine of the angle between two vectors: 1 for the same direction, 0 when they share no term. */
export function cosineSimilarity(a: TermVector, b: TermVector): number {
	let dot = 0;
	for (const [term, weight] of a) dot += weight * (b.get(term) ?? 0);
	const norm = Math.sqrt(sumOfSquares(a) * sumOfSquares(b));
	return norm === 0 ? 0 : Math.min(1, dot / norm);
}

function sumOfSquares(vector: TermVector): number {
	let sum = 0;
	for (const weight of vector.values()) sum += weight * weight;
	return sum;
}
