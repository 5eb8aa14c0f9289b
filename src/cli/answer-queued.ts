import { answerQueuedRun } from "../queue/answer-queued-run.ts";
import { runKeys } from "../queue/redis-keys.ts";
import { parseRunJobData, rebaseDefinition } from "../queue/run-job.ts";
import { openRunQueue } from "../queue/run-queue.ts";
import { waitAndReport } from "./enqueue.ts";
import type { CliIo } from "./io.ts";

/**
 * `crewkit answer` for a run on the queue: the answer goes to Redis and a worker continues
 * the run; with `wait`, the run is followed until it ends or asks again.
 */
export async function answerQueuedRunFromCli(
	io: CliIo,
	redisUrl: string,
	runId: string,
	answer: string,
	options: { key: string | undefined; wait: boolean; quiet: boolean },
): Promise<number> {
	const runQueue = await openRunQueue(redisUrl);
	let shownUntil = 0;
	let out = "";
	try {
		const keys = runKeys(runId);
		shownUntil = Number(await runQueue.redis.get(keys.seq)) || 0;
		const job = (await runQueue.redis.get(keys.job)) ?? undefined;
		const data = job ? JSON.parse(job) : (await runQueue.queue.getJob(runId))?.data;
		if (data) out = rebaseDefinition(parseRunJobData(data).definition, io.cwd).out;
		const recorded = await answerQueuedRun(runQueue, runId, answer, options.key);
		io.err(
			`Answered '${recorded.question.prompt}': ${JSON.stringify(recorded.answer)}; a worker continues run ${runId}.\n`,
		);
	} finally {
		await runQueue.close();
	}
	if (!options.wait) return 0;
	return waitAndReport(io, redisUrl, runId, out, options.quiet, shownUntil);
}
