import type { ReportSection } from "./check-report.ts";
import { sectionTerms } from "./section-terms.ts";
import { share } from "./share.ts";
import { cosineSimilarity, tfIdfVectors } from "./term-vectors.ts";

/** How much of a reference report's ground a report covers. */
export interface Coverage {
	/** Covered topics over the reference's numbered sections; 0 when it has none. */
	share: number;
	/** Titles of the reference's sections this report covers, in the reference's order. */
	covered: string[];
	/** Titles of the reference's sections it does not cover. */
	missed: string[];
	/** For each reference section, the closest section of this report and their similarity. */
	matches: CoverageMatch[];
}

/** A reference topic and the report section closest to it. */
export interface CoverageMatch {
	topic: string;
	/** The number of the closest section; absent when the report has no sections. */
	section?: number;
	similarity: number;
}

/**
 * The similarity at or above which a section covers a reference topic. Between the three
 * reference reports, sections on the same topic score 0.23 to 0.50, while two different
 * sections of one report never score above 0.21.
 */
export const defaultCoverageThreshold = 0.25;

/**
 * Measures which topics of a reference report a report covers. Each numbered section of
 * the reference is a topic; it is covered when some section of the report is similar
 * enough: the cosine similarity of their TF-IDF vectors (stems of title and text, IDF
 * over the sections of both reports) at or above the threshold. A report covers itself
 * entirely (similarity 1 for each section).
 */
export function measureCoverage(
	sections: readonly ReportSection[],
	referenceSections: readonly ReportSection[],
	threshold: number = defaultCoverageThreshold,
): Coverage {
	const vectors = tfIdfVectors([...referenceSections, ...sections].map(sectionTerms));
	const own = sections.map((section, index) => ({
		number: section.number,
		vector: vectors[referenceSections.length + index] ?? new Map(),
	}));
	const matches = referenceSections.map((topic, index): CoverageMatch => {
		const vector = vectors[index] ?? new Map();
		let match: CoverageMatch = { topic: topic.title, similarity: 0 };
		for (const candidate of own) {
			const similarity = cosineSimilarity(vector, candidate.vector);
			if (match.section === undefined || similarity > match.similarity) {
				match = { topic: topic.title, section: candidate.number, similarity };
			}
		}
		return match;
	});
	const covered = matches.filter((match) => match.similarity >= threshold);
	return {
		share: share(covered.length, matches.length),
		covered: covered.map((match) => match.topic),
		missed: matches.filter((match) => match.similarity < threshold).map((match) => match.topic),
		matches,
	};
}
