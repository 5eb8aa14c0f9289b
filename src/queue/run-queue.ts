import { Queue } from "bullmq";
import type { Redis } from "ioredis";
import { assertReachable, connectRedis } from "./redis-connection.ts";
import { bullPrefix, runIndexKey, runQueueName } from "./redis-keys.ts";
import { crewNameOf, type RunJobData, type RunJobResult } from "./run-job.ts";

/** The producer side of the run queue: a BullMQ queue and a command connection. */
export interface RunQueue {
	readonly queue: Queue<RunJobData, RunJobResult>;
	readonly redis: Redis;
	close(): Promise<void>;
}

/** Finished jobs are kept a day in BullMQ (the outcome stays in the result hash for 7 days). */
const keepJobs = {
	removeOnComplete: { age: 24 * 3600, count: 10_000 },
	removeOnFail: { age: 7 * 24 * 3600 },
} as const;

/** Opens the run queue, failing at once when Redis does not answer. */
export async function openRunQueue(redisUrl: string): Promise<RunQueue> {
	const runQueue = createRunQueue(redisUrl);
	try {
		await assertReachable(runQueue.redis, redisUrl);
	} catch (error) {
		await runQueue.queue.close().catch(() => {});
		runQueue.redis.disconnect();
		throw error;
	}
	return runQueue;
}

/** The run queue, connecting in the background (commands wait for the connection). */
export function createRunQueue(redisUrl: string): RunQueue {
	const redis = connectRedis(redisUrl);
	const queue = new Queue<RunJobData, RunJobResult>(runQueueName, {
		connection: redis,
		prefix: bullPrefix,
	});
	return {
		queue,
		redis,
		async close() {
			await queue.close();
			await redis.quit().catch(() => {});
		},
	};
}

/**
 * Puts a run on the queue under its run id (adding the same run again does nothing) and
 * lists it in the run index, where launchers find it to follow its events.
 */
export async function enqueueRun(runQueue: RunQueue, data: RunJobData): Promise<void> {
	await runQueue.queue.add("run", data, { jobId: data.runId, attempts: 1, ...keepJobs });
	await runQueue.redis.xadd(
		runIndexKey,
		"MAXLEN",
		"~",
		10_000,
		"*",
		"runId",
		data.runId,
		"crew",
		crewNameOf(data.definition),
		"inputs",
		JSON.stringify(data.inputs),
		"definition",
		JSON.stringify(data.definition),
	);
}
