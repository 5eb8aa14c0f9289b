import { ConfigError } from "../errors.ts";
import type { RunStore } from "../store/run-store.ts";
import { storedRun } from "../store/stored-run.ts";
import { pendingQuestions } from "./human-history.ts";
import type { HumanQuestion } from "./human-question.ts";
import { parseHumanAnswer } from "./parse-human-answer.ts";

/** The questions a stored run waits on (empty when it waits on none). */
export function waitingQuestions(store: RunStore, runId: string): HumanQuestion[] {
	storedRun(store, runId);
	return pendingQuestions(store.events(runId).map((item) => item.event));
}

/**
 * Records a person's answer to a waiting run's question (the first one, or the one `key`
 * names), checked against the question. The run continues when it is resumed.
 * @throws ConfigError when the run waits on no such question or the answer does not fit.
 */
export function answerRun(
	store: RunStore,
	runId: string,
	answer: unknown,
	options: { key?: string | undefined; now?: number } = {},
): { question: HumanQuestion; answer: unknown } {
	const pending = waitingQuestions(store, runId);
	if (pending.length === 0) {
		throw new ConfigError(
			`Run '${runId}' is not waiting for an answer (status ${store.getRun(runId)?.status}).`,
		);
	}
	const question = options.key
		? pending.find((candidate) => candidate.key === options.key)
		: pending[0];
	if (!question) {
		throw new ConfigError(
			`Run '${runId}' has no open question '${options.key}'. Open: ${pending.map((q) => q.key).join(", ")}.`,
		);
	}
	const value = parseHumanAnswer(question, answer);
	store.record({
		type: "human-answer",
		runId,
		key: question.key,
		answer: value,
		by: "person",
		at: options.now ?? Date.now(),
	});
	return { question, answer: value };
}
