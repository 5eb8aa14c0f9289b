import { evaluateReport, type ReportEvaluation } from "../report/evaluate-report.ts";
import {
	evaluateReportInWorker,
	type ReportEvaluationLimits,
} from "../report/evaluate-report-in-worker.ts";

/** How an answer was scored: as a report (title and numbered sections) or as plain text. */
export type AnswerKind = "report" | "text";

/** One answer's scores, by metric name, in a fixed order per kind. */
export interface AnswerScores {
	kind: AnswerKind;
	metrics: Record<string, number>;
}

/** The metrics of each kind of answer, in the order tables show them. */
export const metricNames = {
	report: ["structure ok", "sections", "citation coverage", "citation validity", "redundancy"],
	text: ["non-empty", "words"],
} as const;

/**
 * Scores an answer without a model. A report — a `# ` title and `## 1.` sections — gets
 * `evaluateReport`'s figures: whether its structure passes (1 or 0; against `sections`
 * when given, else against the number of sections it has), its numbered sections, the
 * share of sections citing a listed source, citation validity, and the highest similarity
 * between two sections (lower is better). Any other answer: whether it is non-empty (1 or
 * 0) and its length in words. `as` scores it as that kind whatever it looks like (a text
 * answer scored as a report fails its structure).
 */
export function scoreAnswer(
	text: string,
	options: { sections?: number; as?: AnswerKind } = {},
): AnswerScores {
	if (!scoredAsReport(text, options.as)) return textScores(text);
	return reportScores(evaluateReport(text, { sections: expectedSections(text, options) }));
}

/**
 * `scoreAnswer` with the report measured in a parsing worker under the evaluation limits
 * (`evaluateReportInWorker`): what scores answers a model wrote, so that one written to be
 * slow to measure cannot hang `crewkit test`.
 * @throws ParserLimitError naming `label` and the limit.
 */
export async function scoreAnswerInWorker(
	text: string,
	options: {
		sections?: number;
		as?: AnswerKind;
		/** Names the answer in errors: "The answer of run 2 to reporting_task". */
		label: string;
		limits?: Partial<ReportEvaluationLimits>;
	},
): Promise<AnswerScores> {
	if (!scoredAsReport(text, options.as)) return textScores(text);
	const evaluation = await evaluateReportInWorker(text, {
		label: options.label,
		evaluation: { sections: expectedSections(text, options) },
		limits: options.limits,
	});
	return reportScores(evaluation);
}

const scoredAsReport = (text: string, as: AnswerKind | undefined) =>
	(as ?? (isReport(text) ? "report" : "text")) === "report";

const expectedSections = (text: string, options: { sections?: number }) =>
	options.sections ?? text.match(/^##\s+\d+\.\s/gm)?.length ?? 0;

function reportScores(evaluation: ReportEvaluation): AnswerScores {
	return {
		kind: "report",
		metrics: {
			"structure ok": evaluation.structure.ok ? 1 : 0,
			sections: evaluation.structure.sections,
			"citation coverage": evaluation.citations.sectionCoverage,
			"citation validity": evaluation.citations.validity,
			redundancy: evaluation.redundancy.maxSimilarity,
		},
	};
}

function textScores(text: string): AnswerScores {
	const words = text.split(/\s+/).filter(Boolean).length;
	return { kind: "text", metrics: { "non-empty": words > 0 ? 1 : 0, words } };
}

/** A markdown report: the first line is a `# ` title and some line is a `## N.` section. */
export function isReport(text: string): boolean {
	const firstLine = text.trimStart().split("\n", 1)[0] ?? "";
	return /^#\s+\S/.test(firstLine) && /^##\s+\d+\.\s/m.test(text);
}
