export { formatTrials } from "./format-trials.ts";
export {
	type JudgeInput,
	type JudgeVerdict,
	judgeAnswer,
	judgePrompt,
} from "./judge-answer.ts";
export { judgeVerdictSchema } from "./judge-verdict-schema.ts";
export { loadTestCrew, type TestCrew } from "./load-test-crew.ts";
export {
	type CrewTrialOptions,
	type CrewTrials,
	runCrewTrials,
	type TaskTrial,
} from "./run-crew-trials.ts";
export { type AnswerKind, type AnswerScores, isReport, scoreAnswer } from "./score-answer.ts";
export { type MetricSummary, summarizeRuns } from "./summarize-runs.ts";
