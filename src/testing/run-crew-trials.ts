import type { LanguageModelV4 } from "@ai-sdk/provider";
import { fillPlaceholders } from "../config/placeholders.ts";
import type { Crew, KickoffInputs, KickoffOptions } from "../crew/crew.ts";
import type { TaskOutput } from "../crew/task.ts";
import { ConfigError } from "../errors.ts";
import { ParserLimitError } from "../parsers/parser-limits.ts";
import type { ReportEvaluationLimits } from "../report/evaluate-report-in-worker.ts";
import { type JudgeVerdict, judgeAnswer } from "./judge-answer.ts";
import { type AnswerKind, isReport, metricNames, scoreAnswerInWorker } from "./score-answer.ts";
import { type MetricSummary, summarizeRuns } from "./summarize-runs.ts";

export interface CrewTrialOptions {
	runs: number;
	inputs: KickoffInputs;
	/**
	 * The model of each run: a string is resolved afresh for every run (so `replay:` and
	 * `scripted:` models start from their first answer each time); a model object is shared.
	 */
	model: KickoffOptions["model"];
	/** Grades every answer 1–10 when given. */
	judge?: LanguageModelV4 | undefined;
	/** Numbered sections a report answer should have (default: as many as it has). */
	sections?: number | undefined;
	/** Other kickoff options of every run (model resolution, tracing). */
	kickoff?: Omit<KickoffOptions, "inputs" | "model">;
	/** What measuring one report answer may cost (`defaultReportEvaluationLimits`). */
	evaluationLimits?: Partial<ReportEvaluationLimits>;
	/** Told when each run ends, with its error when it failed. */
	onRun?: (run: number, error?: Error) => void;
}

/** A task's scores over the runs. */
export interface TaskTrial {
	task: string;
	agent: string;
	kind: AnswerKind;
	metrics: Record<string, MetricSummary>;
	/** The judge's verdict per run, when a judge was given (`null`: no answer or no verdict). */
	verdicts?: Array<JudgeVerdict | null>;
	/** Answers left unscored (their metrics "–"): over the evaluation limits of size or time. */
	unscored?: Array<{ run: number; reason: string }>;
}

/** What `runCrewTrials` found: every task's scores, and the runs that failed. */
export interface CrewTrials {
	crew: string;
	runs: number;
	tasks: TaskTrial[];
	failures: Array<{ run: number; error: string }>;
}

/**
 * Runs a crew `runs` times, one run after the other, and scores each task's answer in each
 * run (`scoreAnswer`, the task's tokens, and a judge's grade when one is given). Nothing
 * that varies from run to run by itself — times, run ids — is in the result, so replayed
 * runs score identically.
 */
export async function runCrewTrials(crew: Crew, options: CrewTrialOptions): Promise<CrewTrials> {
	const outputs: Array<TaskOutput[] | undefined> = [];
	const failures: CrewTrials["failures"] = [];
	for (let run = 1; run <= options.runs; run++) {
		try {
			const result = await crew.kickoff({
				...options.kickoff,
				inputs: options.inputs,
				...(options.model === undefined ? {} : { model: options.model }),
			});
			outputs.push(result.tasks);
			options.onRun?.(run);
		} catch (error) {
			// A configuration error would fail every run the same way: said once, at once.
			if (error instanceof ConfigError) throw error;
			const failure = error instanceof Error ? error : new Error(String(error));
			outputs.push(undefined);
			failures.push({ run, error: failure.message });
			options.onRun?.(run, failure);
		}
	}
	const tasks: TaskTrial[] = [];
	for (const task of crew.tasks) {
		const answers = outputs.map((tasksOfRun) =>
			tasksOfRun?.find((output) => output.task === task.name),
		);
		tasks.push(await scoreTask(task, answers, options));
	}
	return { crew: crew.name, runs: options.runs, tasks, failures };
}

/** A task's scores over the runs, from its answer in each (`undefined` for a failed run). */
async function scoreTask(
	task: Crew["tasks"][number],
	answers: ReadonlyArray<TaskOutput | undefined>,
	options: CrewTrialOptions,
): Promise<TaskTrial> {
	// A task is scored as a report when most of its answers are reports, and then all of
	// them are: a run whose answer is not a report fails the report's structure check.
	const given = answers.filter((answer) => answer !== undefined);
	const reports = given.filter((answer) => isReport(answer.raw)).length;
	const kind: AnswerKind = reports * 2 > given.length ? "report" : "text";
	const scored: Array<Record<string, number> | undefined> = [];
	const unscored: NonNullable<TaskTrial["unscored"]> = [];
	for (const [index, answer] of answers.entries()) {
		if (!answer) {
			scored.push(undefined);
			continue;
		}
		try {
			// In a worker with limits: an answer written to be slow to measure cannot hang the trials.
			const scores = await scoreAnswerInWorker(answer.raw, {
				as: kind,
				label: `The answer of run ${index + 1} to ${task.name}`,
				...(options.sections ? { sections: options.sections } : {}),
				...(options.evaluationLimits ? { limits: options.evaluationLimits } : {}),
			});
			scored.push(scores.metrics);
		} catch (error) {
			if (!(error instanceof ParserLimitError)) throw error;
			scored.push(undefined);
			unscored.push({ run: index + 1, reason: error.message });
		}
	}
	const metrics: Record<string, MetricSummary> = {};
	for (const name of metricNames[kind]) {
		metrics[name] = summarizeRuns(scored.map((scores) => scores?.[name] ?? null));
	}
	metrics.tokens = summarizeRuns(answers.map((answer) => answer?.usage.totalTokens ?? null));
	const trial: TaskTrial = {
		task: task.name,
		agent: task.agent.name,
		kind,
		metrics,
		...(unscored.length > 0 ? { unscored } : {}),
	};
	if (!options.judge) return trial;
	const verdicts: Array<JudgeVerdict | null> = [];
	for (const answer of answers) {
		const judged = answer
			? await judgeAnswer(options.judge, {
					description: fill(task.description, options.inputs),
					expectedOutput: fill(task.expectedOutput, options.inputs),
					answer: answer.raw,
				})
			: undefined;
		verdicts.push(judged?.verdict ?? null);
	}
	metrics["judge (1-10)"] = summarizeRuns(verdicts.map((verdict) => verdict?.score ?? null));
	return { ...trial, verdicts };
}

/** The task's text with the run's inputs filled in, for the judge (as written when one is missing). */
function fill(text: string, inputs: KickoffInputs): string {
	try {
		return fillPlaceholders(text, inputs, "the task");
	} catch {
		return text;
	}
}
