export { answerRun, waitingQuestions } from "./answer-run.ts";
export {
	type HumanAnswerer,
	type HumanOptions,
	WaitingForHumanError,
} from "./human-channel.ts";
export type { AskHumanOptions, HumanQuestion, HumanQuestionType } from "./human-question.ts";
