import type { ReportSection } from "./report-section.ts";
import { sectionTerms } from "./section-terms.ts";
import { cosineSimilarity, tfIdfVectors } from "./term-vectors.ts";

/** The two numbered sections that say the most alike. */
export interface Redundancy {
	/** Their cosine similarity, 0 to 1; 0 when the report has fewer than two sections. */
	maxSimilarity: number;
	/** Their numbers, lower first; absent when the report has fewer than two sections. */
	pair?: [number, number];
}

/**
 * Finds the most similar pair of numbered sections: the cosine similarity of their TF-IDF
 * vectors (stems of the title and text, IDF over the report's sections). Distinct topics
 * stay low — the reference reports' highest pairs are 0.19 to 0.21 — while a section
 * repeating another scores near 1.
 */
export function measureRedundancy(sections: readonly ReportSection[]): Redundancy {
	const vectors = tfIdfVectors(sections.map(sectionTerms));
	let redundancy: Redundancy = { maxSimilarity: 0 };
	sections.forEach((first, firstIndex) => {
		sections.forEach((second, secondIndex) => {
			if (secondIndex <= firstIndex) return;
			const similarity = cosineSimilarity(
				vectors[firstIndex] ?? new Map(),
				vectors[secondIndex] ?? new Map(),
			);
			if (redundancy.pair === undefined || similarity > redundancy.maxSimilarity) {
				redundancy = { maxSimilarity: similarity, pair: [first.number, second.number] };
			}
		});
	});
	return redundancy;
}
