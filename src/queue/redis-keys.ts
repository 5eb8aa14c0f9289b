/** The BullMQ queue that carries runs. */
export const runQueueName = "crewkit-runs";

/** BullMQ's key prefix (its default). */
export const bullPrefix = "bull";

/** Every enqueued run, in order: `runId`, `crew`, `inputs`, `definition` (JSON). */
export const runIndexKey = "crewkit:runs";

/**
 * Questions of waiting runs that take a default answer at a deadline: a sorted set scored
 * by the deadline (ms since epoch), members `[runId, questionKey]` as JSON. Every worker
 * and every queue launcher (crewkit serve) sweeps it; see answer-due-questions.ts.
 */
export const deadlinesKey = "crewkit:deadlines";

/** Pub/sub channel on which a run id is published to cancel it. */
export const cancelChannel = "crewkit:cancel";

/** The Redis keys of one run, shared by every worker and launcher. */
export interface RunKeys {
	/** The run's events in order (stream entry id `<seq>-0`, fields `seq`, `event`). */
	stream: string;
	/** The last sequence number handed out (INCR). */
	seq: string;
	/** Set once, with `SET NX`, by the attempt that finishes the run: its final status. */
	done: string;
	/** The outcome: status, report text, report path, error, worker, seq of run-end. */
	result: string;
	/** Present when the run was cancelled: a worker that picks the job up does not run it. */
	cancel: string;
	/** BullMQ's lock of the run's job: its value is the token of the worker that holds it. */
	lock: string;
	/** The keys of the questions answered while the run waited (HSETNX: one answer each). */
	answered: string;
	/** The job's data (JSON), kept while the run waits, to put it on the queue again. */
	job: string;
}

export function runKeys(runId: string): RunKeys {
	return {
		stream: `crewkit:run:${runId}`,
		seq: `crewkit:run:${runId}:seq`,
		done: `crewkit:run:${runId}:done`,
		result: `crewkit:result:${runId}`,
		cancel: `crewkit:run:${runId}:cancel`,
		lock: `${bullPrefix}:${runQueueName}:${runId}:lock`,
		answered: `crewkit:run:${runId}:answered`,
		job: `crewkit:run:${runId}:job`,
	};
}
