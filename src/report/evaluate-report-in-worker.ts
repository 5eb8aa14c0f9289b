import { describeWorkerLimit } from "../parsers/describe-worker-limit.ts";
import { parseInWorker } from "../parsers/parse-in-worker.ts";
import type { EvaluationJobOptions } from "../parsers/parse-job.ts";
import { ParserLimitError, parserLimits } from "../parsers/parser-limits.ts";
import type { ReportEvaluation } from "./evaluate-report.ts";

/** What one evaluation of a report may cost, in its worker. */
export interface ReportEvaluationLimits {
	/** Longest report (and reference report) evaluated, in characters. */
	maxChars: number;
	/** Most characters of source passages, all together, checked against the report. */
	maxPassageChars: number;
	/** Milliseconds an evaluation may take before its worker is stopped. */
	deadlineMs: number;
	/** Megabytes of heap the evaluating worker may use. */
	maxMemoryMb: number;
}

export const defaultReportEvaluationLimits = {
	maxChars: 2_000_000,
	maxPassageChars: 20_000_000,
	deadlineMs: 10_000,
	maxMemoryMb: 512,
} as const satisfies ReportEvaluationLimits;

/** Options of `evaluateReportInWorker`. */
export interface EvaluateInWorkerOptions {
	/** `evaluateReport`'s options, passages as a map or as a run's task outputs. */
	evaluation?: EvaluationJobOptions | undefined;
	/** Names the report in messages: "The report of run 2f…", "'report.md'". */
	label: string;
	limits?: Partial<ReportEvaluationLimits> | undefined;
	signal?: AbortSignal | undefined;
}

const evaluating = { verb: "evaluate", participle: "evaluated" };

/**
 * `evaluateReport` in a parsing worker (see src/parsers), with limits of size, time and
 * memory: a report a model wrote to be slow to measure (thousands of citations in one
 * sentence take seconds per ten kilobytes) never blocks the server or hangs a command.
 * Every caller that evaluates a report it did not write itself goes through here.
 * @throws ParserLimitError whose message says which limit: "<label> is too long to
 *   evaluate (…)", "<label> took longer than 10000 ms to evaluate (it was stopped)".
 */
export async function evaluateReportInWorker(
	markdown: string,
	options: EvaluateInWorkerOptions,
): Promise<ReportEvaluation> {
	const { label, signal, limits: overrides, evaluation: jobOptions = {} } = options;
	const limits = { ...defaultReportEvaluationLimits, ...overrides };
	assertEvaluationWithinLimits(markdown, jobOptions, label, limits);
	try {
		return await parseInWorker(
			{
				type: "evaluation",
				markdown,
				options: jobOptions,
				limits: parserLimits({ deadlineMs: limits.deadlineMs, maxMemoryMb: limits.maxMemoryMb }),
			},
			{ label, signal },
		);
	} catch (error) {
		if (!(error instanceof ParserLimitError)) throw error;
		const message =
			describeWorkerLimit(error, label, evaluating, limits) ??
			(error.reason === "too-deep"
				? `${label} is nested too deeply to evaluate (past the parser's stack)`
				: `${label} could not be evaluated (${error.message})`);
		throw new ParserLimitError(message, error.reason, { cause: error });
	}
}

/**
 * Refuses, before any work, a report or reference report longer than `limits.maxChars`
 * and passages longer than `limits.maxPassageChars` all together.
 * @throws ParserLimitError ("too-large") naming what is too long and the limit.
 */
export function assertEvaluationWithinLimits(
	markdown: string,
	options: Pick<EvaluationJobOptions, "reference" | "passages" | "taskValues">,
	label: string,
	limits: Pick<
		ReportEvaluationLimits,
		"maxChars" | "maxPassageChars"
	> = defaultReportEvaluationLimits,
): void {
	const tooLong = (what: string, length: number, limit: number) =>
		new ParserLimitError(
			`${what} too long to evaluate (${length.toLocaleString("en")} characters, over the limit of ${limit.toLocaleString("en")})`,
			"too-large",
		);
	if (markdown.length > limits.maxChars)
		throw tooLong(`${label} is`, markdown.length, limits.maxChars);
	if (options.reference !== undefined && options.reference.length > limits.maxChars) {
		throw tooLong(`${label} has a reference report`, options.reference.length, limits.maxChars);
	}
	let passageChars = 0;
	for (const texts of options.passages?.values() ?? []) {
		for (const text of texts) passageChars += text.length;
	}
	for (const value of options.taskValues ?? []) {
		const passages = (value as { passages?: unknown } | null)?.passages;
		if (!Array.isArray(passages)) continue;
		// A stored research snapshot: its passages' texts, whatever else it holds.
		for (const passage of passages) {
			const text = (passage as { text?: unknown } | null)?.text;
			if (typeof text === "string") passageChars += text.length;
		}
	}
	if (passageChars > limits.maxPassageChars) {
		throw tooLong(`${label} has its source passages`, passageChars, limits.maxPassageChars);
	}
}
