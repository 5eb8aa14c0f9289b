import { ConfigError } from "../errors.ts";
import { pendingQuestions } from "../human/human-history.ts";
import type { HumanQuestion } from "../human/human-question.ts";
import { parseHumanAnswer } from "../human/parse-human-answer.ts";
import { continueQueuedRun } from "./continue-queued-run.ts";
import { answerQuestionOnce } from "./question-scripts.ts";
import { runKeys } from "./redis-keys.ts";
import type { RunQueue } from "./run-queue.ts";
import { readRunEvents } from "./run-stream.ts";

/**
 * Answers a queued run that waits for a person: the answer is checked against the
 * question in the run's Redis stream and appended to it, exactly once whoever else answers
 * (see `answerQuestionOnce`), and the run goes back on the queue, where any worker
 * continues it (its ended steps and tasks restored).
 * @throws ConfigError when the run waits on no such question or the answer does not fit.
 */
export async function answerQueuedRun(
	runQueue: RunQueue,
	runId: string,
	answer: unknown,
	key?: string,
): Promise<{ question: HumanQuestion; answer: unknown }> {
	const { redis } = runQueue;
	if (await redis.exists(runKeys(runId).done))
		throw new ConfigError(`Run '${runId}' has finished.`);
	const events = (await readRunEvents(redis, runId)).map((item) => item.event);
	// Stopped: its last event is the waiting run-end, or an answer given since.
	const last = events.at(-1);
	if (last?.type !== "human-answer" && !(last?.type === "run-end" && last.status === "waiting")) {
		throw new ConfigError(`Run '${runId}' is not waiting for an answer (it is running or queued).`);
	}
	const pending = pendingQuestions(events);
	const question = key ? pending.find((candidate) => candidate.key === key) : pending[0];
	if (!question) {
		throw new ConfigError(
			`Run '${runId}' waits on no question${key ? ` '${key}'` : ""}. Open: ${pending.map((q) => q.key).join(", ") || "none"}.`,
		);
	}
	const value = parseHumanAnswer(question, answer);
	const recorded = await recordQueuedAnswer(runQueue, runId, question.key, value, "person");
	if (recorded === "done") throw new ConfigError(`Run '${runId}' has finished.`);
	if (recorded === "running") {
		throw new ConfigError(`Run '${runId}' is not waiting for an answer (it is running or queued).`);
	}
	if (recorded === "answered") {
		throw new ConfigError(
			`'${question.prompt}' of run '${runId}' was answered meanwhile (by a person or its timeout).`,
		);
	}
	return { question, answer: value };
}

/**
 * Records the answer to one question of a waiting queued run, unless someone else did
 * first, and puts the run back on the queue. `recorded` only for the one caller that won.
 */
export async function recordQueuedAnswer(
	runQueue: RunQueue,
	runId: string,
	key: string,
	answer: unknown,
	by: "person" | "timeout",
): Promise<"recorded" | "answered" | "done" | "running"> {
	const event = { type: "human-answer", runId, key, answer, by, at: Date.now() };
	const seq = await answerQuestionOnce(runQueue.redis, runId, key, JSON.stringify(event));
	if (seq === -2) return "done";
	if (seq === -3) return "answered";
	if (seq === -5) return "running";
	await continueQueuedRun(runQueue, runId);
	return "recorded";
}
