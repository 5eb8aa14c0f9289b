import { ConfigError } from "../errors.ts";
import { runKeys } from "./redis-keys.ts";
import { parseRunJobData } from "./run-job.ts";
import { enqueueRun, type RunQueue } from "./run-queue.ts";

/**
 * Puts a waiting run that has just been answered back on the queue, where any worker
 * continues it (its ended steps and tasks restored, the answer read from its stream). The
 * job that stopped to wait is replaced by a new one under the same id; a job still queued
 * will read the answer when it starts. `activeWaitMs` bounds the wait for an attempt that
 * is still handing its waiting job back to BullMQ.
 */
export async function continueQueuedRun(
	runQueue: RunQueue,
	runId: string,
	options: { activeWaitMs?: number } = {},
): Promise<void> {
	const { redis, queue } = runQueue;
	const stored = await redis.get(runKeys(runId).job);
	let job = await queue.getJob(runId);
	const until = Date.now() + (options.activeWaitMs ?? 30_000);
	while (job && (await job.getState()) === "active" && Date.now() < until) {
		await new Promise((resolve) => setTimeout(resolve, 100));
		job = await queue.getJob(runId);
	}
	const data = stored ? (JSON.parse(stored) as unknown) : job?.data;
	if (data === undefined)
		throw new ConfigError(`Run '${runId}' has no job on the queue any more: enqueue it again.`);
	if (job) {
		const state = await job.getState();
		// Waiting or delayed: the queued attempt reads the answer when it starts.
		if (state !== "completed" && state !== "failed") return;
		await job.remove();
	}
	await enqueueRun(runQueue, parseRunJobData(data));
}
