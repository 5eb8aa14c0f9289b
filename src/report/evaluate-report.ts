import { checkReport, type ReportProblem } from "./check-report.ts";
import { type CitationMetrics, measureCitations } from "./measure-citations.ts";
import { type Coverage, defaultCoverageThreshold, measureCoverage } from "./measure-coverage.ts";
import { measureRedundancy, type Redundancy } from "./measure-redundancy.ts";
import { measureSupport, type SourcePassages, type SupportMetrics } from "./measure-support.ts";
import { type ListedSource, parseSourceList } from "./parse-source-list.ts";
import { defaultSupportThreshold } from "./support-score.ts";

/** Options of `evaluateReport`. */
export interface EvaluateReportOptions {
	/** How many numbered sections the structure check expects; 10 by default. */
	sections?: number;
	/** The passages of the sources, by source number: support is measured only when given. */
	passages?: SourcePassages;
	/** Another report's markdown: coverage is the share of its section topics this report covers. */
	reference?: string;
	/** The support score a sentence needs; `defaultSupportThreshold` by default. */
	supportThreshold?: number;
	/** The similarity a section needs to cover a reference topic; `defaultCoverageThreshold` by default. */
	coverageThreshold?: number;
}

/** What `evaluateReport` measured. */
export interface ReportEvaluation {
	/** The structure check's verdict and problems, and how many numbered sections it found. */
	structure: { ok: boolean; problems: ReportProblem[]; sections: number };
	/** The Sources list's entries. */
	sources: ListedSource[];
	citations: CitationMetrics;
	/** Absent unless passages were given. */
	support: SupportMetrics | undefined;
	redundancy: Redundancy;
	/** Absent unless a reference report was given. */
	coverage: Coverage | undefined;
	/** One line with the main figures. */
	summary: string;
}

/**
 * Measures a report without a model, as research-agent benchmarks do (see DESIGN.md,
 * "Report quality"): its structure (`checkReport`), citation coverage and validity against
 * its Sources list, support of cited sentences by the cited passages (when given),
 * redundancy between its sections, and coverage of a reference report's topics (when given).
 * Every share is 0 when there is nothing to count, so a report without citations scores 0
 * citations and, with passages, 0 support out of 0 cited sentences.
 */
export function evaluateReport(
	markdown: string,
	options: EvaluateReportOptions = {},
): ReportEvaluation {
	const check = checkReport(
		markdown,
		options.sections === undefined ? {} : { sections: options.sections },
	);
	const sources = parseSourceList(check.sources);
	const citations = measureCitations(check, sources);
	const support =
		options.passages === undefined
			? undefined
			: measureSupport(
					check,
					sources,
					options.passages,
					options.supportThreshold ?? defaultSupportThreshold,
				);
	const redundancy = measureRedundancy(check.sections);
	const coverage =
		options.reference === undefined
			? undefined
			: measureCoverage(
					check.sections,
					checkReport(options.reference).sections,
					options.coverageThreshold ?? defaultCoverageThreshold,
				);
	const structure = { ok: check.ok, problems: check.problems, sections: check.sections.length };
	return {
		structure,
		sources,
		citations,
		support,
		redundancy,
		coverage,
		summary: summarize({ structure, citations, support, redundancy, coverage }),
	};
}

/** Formats a share as a whole percentage: 0.875 → "88%". */
export function formatShare(value: number): string {
	return `${Math.round(value * 100)}%`;
}

function summarize(evaluation: Omit<ReportEvaluation, "summary" | "sources">): string {
	const { structure, citations, support, redundancy, coverage } = evaluation;
	const parts = [
		structure.ok
			? `structure ok (${structure.sections} sections)`
			: `structure: ${structure.problems.length} problem(s)`,
		citations.total === 0
			? "no citations"
			: `${citations.total} citations, ${formatShare(citations.sectionCoverage)} of sections cited, validity ${citations.validity.toFixed(2)}`,
	];
	if (support)
		parts.push(
			`support ${support.supported}/${support.citedSentences} (${formatShare(support.rate)})`,
		);
	parts.push(
		redundancy.pair
			? `max section similarity ${redundancy.maxSimilarity.toFixed(2)} (${redundancy.pair.join(" and ")})`
			: "no section pair to compare",
	);
	if (coverage)
		parts.push(
			`covers ${formatShare(coverage.share)} of the reference's topics (${coverage.covered.length}/${coverage.covered.length + coverage.missed.length})`,
		);
	return parts.join("; ");
}
