import { defineRun, newRunId } from "../service/define-run.ts";
import type { EventBus } from "../service/event-bus.ts";
import { publishingStore } from "../service/local-launcher.ts";
import type { RunLauncher } from "../service/run-launcher.ts";
import type { ServicePolicy } from "../service/service-policy.ts";
import type { RunStore } from "../store/run-store.ts";
import { emptyUsage } from "../usage.ts";
import { sweepDueQuestions } from "./answer-due-questions.ts";
import { answerQueuedRun } from "./answer-queued-run.ts";
import { followRuns } from "./follow-runs.ts";
import { cancelChannel, runKeys } from "./redis-keys.ts";
import { createRunQueue, enqueueRun } from "./run-queue.ts";
import { finishRunOnce } from "./run-scripts.ts";

export interface QueueLauncherOptions {
	redisUrl: string;
	/** The server's run store: every event of every queued run is recorded into it. */
	store: RunStore;
	/** Live events of queued runs are published here as they arrive from Redis. */
	bus: EventBus;
	/** The server's workspace: crews are resolved in it, reports are written into it. */
	workspace: string;
	defaultModel: string;
	/** What requests may name (models). Default: only the default model. */
	policy?: ServicePolicy;
	/** Told of Redis errors of the background reader (it keeps going). */
	onError?: (error: unknown) => void;
	/** How long `cancel` waits for a running run to stop. Default 10 s. */
	cancelWaitMs?: number;
	/**
	 * How often questions of waiting runs whose time is up are given their default answer
	 * (the workers do it too; each question is answered once). Default 5 s; 0: never.
	 */
	deadlineCheckMs?: number;
}

/**
 * Runs on workers: `start` defines the run and puts it on the queue; a background reader
 * follows every queued run (also those `crewkit enqueue` adds) and records its events into
 * the store and on the bus, so the dashboard shows them live. `cancel` removes a waiting
 * job, or tells the worker running it through Redis. `close` stops following; runs go on
 * on the workers.
 */
export function createQueueLauncher(options: QueueLauncherOptions): RunLauncher {
	const runQueue = createRunQueue(options.redisUrl);
	const { redis, queue } = runQueue;
	const store = publishingStore(options.store, options.bus);
	const follower = followRuns({
		blocking: redis.duplicate(),
		commands: redis,
		store,
		workspace: options.workspace,
		...(options.onError ? { onError: options.onError } : {}),
	});
	let closed = false;
	const checkMs = options.deadlineCheckMs ?? 5000;
	const deadlines =
		checkMs > 0
			? sweepDueQuestions(runQueue, {
					everyMs: checkMs,
					...(options.onError ? { onError: options.onError } : {}),
				})
			: undefined;

	return {
		async start(request) {
			if (closed) throw new Error("The launcher is closed.");
			const runId = newRunId();
			const definition = await defineRun(request, { ...options, runId });
			await enqueueRun(runQueue, { runId, definition, inputs: request.inputs });
			return { runId };
		},
		async answer(runId, answer, key) {
			const recorded = await answerQueuedRun(runQueue, runId, answer, key);
			return { key: recorded.question.key, answer: recorded.answer };
		},
		async cancel(runId) {
			const keys = runKeys(runId);
			if (await redis.exists(keys.done)) return false;
			const job = await queue.getJob(runId);
			if (!job) return false;
			await redis.set(keys.cancel, "1", "EX", 7 * 24 * 3600);
			if ((await queue.remove(runId)) === 1) {
				const runEnd = {
					type: "run-end",
					runId,
					status: "cancelled",
					usage: emptyUsage(),
					durationMs: 0,
					error: "The run was cancelled before it started.",
				};
				await finishRunOnce(redis, keys, { token: "" }, JSON.stringify(runEnd), {
					status: "cancelled",
					report: "",
					reportPath: "",
					error: runEnd.error,
					worker: "",
				});
				return true;
			}
			await redis.publish(cancelChannel, runId);
			const deadline = Date.now() + (options.cancelWaitMs ?? 10_000);
			while (Date.now() < deadline && !(await redis.exists(keys.done))) {
				await new Promise((resolve) => setTimeout(resolve, 100));
			}
			return true;
		},
		async close() {
			closed = true;
			await deadlines?.stop();
			await follower.stop();
			await runQueue.close();
		},
	};
}
