import { pendingQuestions } from "../human/human-history.ts";
import { recordQueuedAnswer } from "./answer-queued-run.ts";
import { parseDeadlineMember } from "./question-scripts.ts";
import { deadlinesKey } from "./redis-keys.ts";
import type { RunQueue } from "./run-queue.ts";
import { readRunEvents } from "./run-stream.ts";

/** A question that took its default answer because its time was up. */
export interface TimedOutQuestion {
	runId: string;
	key: string;
	answer: unknown;
}

/**
 * Gives the questions of waiting queued runs whose deadline has passed their default
 * answer, and puts those runs back on the queue. Every worker and every queue launcher
 * (crewkit serve) calls it now and then; when several do at once, each question is
 * answered by exactly one of them (`answerQuestionOnce`), the others skip it. Resolves
 * with the questions this caller answered.
 */
export async function answerDueQuestions(
	runQueue: RunQueue,
	now = Date.now(),
): Promise<TimedOutQuestion[]> {
	const { redis } = runQueue;
	const members = await redis.zrangebyscore(deadlinesKey, "-inf", now, "LIMIT", 0, 100);
	const answered: TimedOutQuestion[] = [];
	for (const member of members) {
		const due = parseDeadlineMember(member);
		if (!due) {
			await redis.zrem(deadlinesKey, member);
			continue;
		}
		const events = (await readRunEvents(redis, due.runId)).map((item) => item.event);
		const question = pendingQuestions(events).find((candidate) => candidate.key === due.key);
		if (!question?.hasDefault) {
			// Answered in the run itself, or a question without a default: nothing to do.
			await redis.zrem(deadlinesKey, member);
			continue;
		}
		const outcome = await recordQueuedAnswer(
			runQueue,
			due.runId,
			due.key,
			question.default,
			"timeout",
		);
		if (outcome === "recorded") answered.push({ ...due, answer: question.default });
	}
	return answered;
}

/**
 * Calls `answerDueQuestions` every `everyMs` until stopped; errors go to `onError` (the
 * next round tries again). `stop` waits for a round in progress.
 */
export function sweepDueQuestions(
	runQueue: RunQueue,
	options: {
		everyMs: number;
		onAnswer?: (question: TimedOutQuestion) => void;
		onError?: (error: unknown) => void;
	},
): { stop(): Promise<void> } {
	let round: Promise<void> = Promise.resolve();
	let busy = false;
	const timer = setInterval(() => {
		if (busy) return;
		busy = true;
		round = answerDueQuestions(runQueue)
			.then((answered) => {
				for (const question of answered) options.onAnswer?.(question);
			})
			.catch((error: unknown) => options.onError?.(error))
			.finally(() => {
				busy = false;
			});
	}, options.everyMs);
	timer.unref();
	return {
		async stop() {
			clearInterval(timer);
			await round;
		},
	};
}
