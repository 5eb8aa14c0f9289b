import { ConfigError } from "../errors.ts";
import { pendingQuestions } from "../human/human-history.ts";
import type { HumanQuestion } from "../human/human-question.ts";
import { parseHumanAnswer } from "../human/parse-human-answer.ts";
import { runKeys } from "./redis-keys.ts";
import { parseRunJobData } from "./run-job.ts";
import type { RunQueue } from "./run-queue.ts";
import { enqueueRun } from "./run-queue.ts";
import { appendRunEvent } from "./run-scripts.ts";
import { readRunEvents } from "./run-stream.ts";

/**
 * Answers a queued run that waits for a person: the answer is checked against the
 * question in the run's Redis stream and appended to it, and the run goes back on the
 * queue, where any worker continues it (its ended steps and tasks restored).
 * @throws ConfigError when the run waits on no such question or the answer does not fit.
 */
export async function answerQueuedRun(
	runQueue: RunQueue,
	runId: string,
	answer: unknown,
	key?: string,
): Promise<{ question: HumanQuestion; answer: unknown }> {
	const { redis, queue } = runQueue;
	const keys = runKeys(runId);
	if (await redis.exists(keys.done)) throw new ConfigError(`Run '${runId}' has finished.`);
	const events = (await readRunEvents(redis, runId)).map((item) => item.event);
	if (events.at(-1)?.type !== "run-end") {
		throw new ConfigError(`Run '${runId}' is not waiting for an answer (it is running or queued).`);
	}
	const pending = pendingQuestions(events);
	const question = key ? pending.find((candidate) => candidate.key === key) : pending[0];
	if (!question) {
		throw new ConfigError(
			`Run '${runId}' waits on no question${key ? ` '${key}'` : ""}. Open: ${pending.map((q) => q.key).join(", ") || "none"}.`,
		);
	}
	const job = await queue.getJob(runId);
	if (!job)
		throw new ConfigError(`Run '${runId}' has no job on the queue any more: enqueue it again.`);
	const data = parseRunJobData(job.data);
	const value = parseHumanAnswer(question, answer);
	const event = {
		type: "human-answer",
		runId,
		key: question.key,
		answer: value,
		by: "person",
		at: Date.now(),
	};
	if ((await appendRunEvent(redis, keys, { token: "" }, JSON.stringify(event))) < 0) {
		throw new ConfigError(`Run '${runId}' has finished.`);
	}
	// The job that stopped to wait is complete: a new one under the same id continues the run.
	await job.remove();
	await enqueueRun(runQueue, data);
	return { question, answer: value };
}
