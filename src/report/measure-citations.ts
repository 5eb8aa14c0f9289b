import type { ReportCheck } from "./check-report.ts";
import { findCitations } from "./parse-citations.ts";
import type { ListedSource } from "./parse-source-list.ts";
import { share } from "./share.ts";
import { splitParagraphs } from "./split-sentences.ts";

/** How a report cites its sources. */
export interface CitationMetrics {
	/** Cited numbers over all citation groups: `[2, 3]` counts 2, `[2–4]` counts 3. */
	total: number;
	/** The distinct numbers cited, ascending. */
	cited: number[];
	/** How many entries the Sources list has. */
	listed: number;
	/** Numbered sections with at least one valid citation (one that resolves to a listed source). */
	sectionsWithCitation: number;
	/** `sectionsWithCitation` over the numbered sections; 0 when there are none. */
	sectionCoverage: number;
	/** Paragraphs of the numbered sections (blocks between blank lines, headings left out). */
	paragraphs: number;
	/** Those paragraphs with at least one valid citation. */
	paragraphsWithCitation: number;
	/** `paragraphsWithCitation` over `paragraphs`; 0 when there are none. */
	paragraphCoverage: number;
	/** Cited numbers the Sources list does not have, ascending. */
	unresolved: number[];
	/** Listed sources never cited, ascending. */
	uncited: number[];
	/**
	 * Cited and listed sources that agree over all that are cited or listed:
	 * |cited ∩ listed| / |cited ∪ listed|. 1 when no citation is unresolved and no source
	 * uncited; 0 when the report cites nothing, since nothing in it can be traced to a source.
	 */
	validity: number;
}

/**
 * Measures a report's citations: those in the introduction, the numbered sections and the
 * conclusion (not the Sources list) against the numbers of the Sources list.
 */
export function measureCitations(
	check: ReportCheck,
	sources: readonly ListedSource[],
): CitationMetrics {
	const listed = new Set(sources.map((source) => source.number));
	const texts = [
		check.introduction,
		...check.sections.map((section) => section.body),
		check.conclusion,
	];
	const numbers = texts.flatMap((text) => findCitations(text).flatMap((group) => group.numbers));
	const cited = new Set(numbers);
	const hasValidCitation = (text: string) =>
		findCitations(text).some((group) => group.numbers.some((number) => listed.has(number)));
	const sectionsWithCitation = check.sections.filter((section) =>
		hasValidCitation(section.body),
	).length;
	const paragraphs = check.sections.flatMap((section) => splitParagraphs(section.body));
	const paragraphsWithCitation = paragraphs.filter(hasValidCitation).length;
	const unresolved = [...cited].filter((number) => !listed.has(number)).sort(ascending);
	const uncited = [...listed].filter((number) => !cited.has(number)).sort(ascending);
	const union = new Set([...cited, ...listed]).size;
	const agreeing = union - unresolved.length - uncited.length;
	return {
		total: numbers.length,
		cited: [...cited].sort(ascending),
		listed: listed.size,
		sectionsWithCitation,
		sectionCoverage: share(sectionsWithCitation, check.sections.length),
		paragraphs: paragraphs.length,
		paragraphsWithCitation,
		paragraphCoverage: share(paragraphsWithCitation, paragraphs.length),
		unresolved,
		uncited,
		validity: share(agreeing, union),
	};
}

function ascending(a: number, b: number): number {
	return a - b;
}
