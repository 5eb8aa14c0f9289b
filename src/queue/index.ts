/**
 * Scale-out: runs on a BullMQ queue on Redis, executed by `crewkit worker` processes on any
 * number of machines. Without Redis, runs execute in the server process
 * (`createLocalLauncher`); both are a `RunLauncher`, so the server does not know which.
 *
 * The job. A job carries the run definition (`defineRun`'s output, with the crew spec
 * inside) and the inputs; its job id is the run id, so adding the same run twice adds one
 * job. Every enqueued run is also listed in the index stream `crewkit:runs`.
 *
 * Shared state is Redis only. Workers on different machines share no disk, so the run
 * store (SQLite, one file per machine) cannot tell a worker what another one did. Each
 * worker appends every event of a run to the Redis stream `crewkit:run:<runId>`; a Lua
 * script takes the next sequence number with INCR and adds the entry with id `<seq>-0`, so
 * the numbering goes on across attempts and matches the run store's (1, 2, 3…). The stream
 * is enough to continue a run: `task-end` events carry each task's output, parsed value and
 * usage, and `model-end` events its calls. A stream is an append-only log with blocking reads
 * (XREAD), which is also what the dashboard needs to follow a run live, so one structure
 * serves recovery and live progress; a key per task would need a second channel for the
 * events. Each worker also records into its own local run store (`--store`).
 *
 * Recovery. A worker killed mid-run stops renewing its job's lock; within seconds another
 * worker's stall check puts the job back (see `queueWorkerDefaults` for the timing). The
 * worker that picks it up reads the stream, rebuilds the completed tasks' outputs
 * (`completedTasksFromEvents`) and runs the crew under the same run id with those tasks
 * restored (`task-restore` events), so they are not executed again.
 *
 * Exactly once. Every write of a worker to the run's keys is fenced by the job lock: the
 * Lua scripts compare the lock's value with the worker's token, so a worker that is alive
 * but lost its lock (a stall, a network partition) has its writes refused and stops. The
 * run is finished by one script that sets the done marker `crewkit:run:<runId>:done` with
 * SET NX, appends the run-end and writes the result hash `crewkit:result:<runId>` (status,
 * report text, report path, error, worker); only the attempt that set the marker then
 * writes the report file (the engine writes into a scratch file until then). A job picked
 * up again after that returns the stored outcome and runs nothing.
 *
 * The server. `createQueueLauncher` adds jobs, and a background reader XREADs the index
 * and the streams of unfinished runs (also those `crewkit enqueue` added), records each
 * event into the server's run store (creating the run at its first event) and publishes it
 * on the event bus, so SSE and the dashboard show queued runs live. `cancel` removes a
 * waiting job, or sets `crewkit:run:<runId>:cancel` and publishes the run id on the
 * `crewkit:cancel` channel, on which every worker aborts the run if it holds it.
 *
 * People in the loop. A run that stops to wait for a person ends its job (no slot held)
 * with a waiting run-end, its job data (`crewkit:run:<runId>:job`) and the deadlines of its
 * questions (sorted set `crewkit:deadlines`), in one fenced script. An answer — a person's,
 * or a default that a worker or server applies when a deadline passes — is recorded by a
 * script that accepts it only while the run is stopped and once per question (HSETNX on
 * `crewkit:run:<runId>:answered`), then the run goes back on the queue. An answer that
 * lands while an attempt is ending makes that attempt hand its job back instead of waiting.
 */

export { answerDueQuestions, type TimedOutQuestion } from "./answer-due-questions.ts";
export { followRuns, type RunFollower } from "./follow-runs.ts";
export type { AttemptResult } from "./process-run-job.ts";
export { createQueueLauncher, type QueueLauncherOptions } from "./queue-launcher.ts";
export {
	type QueueWorker,
	type QueueWorkerOptions,
	queueWorkerDefaults,
	type StallSettings,
	startQueueWorker,
	type WorkerActivity,
} from "./queue-worker.ts";
export { runKeys } from "./redis-keys.ts";
export { completedTasksFromEvents } from "./restore-from-events.ts";
export type { RunJobData, RunJobResult } from "./run-job.ts";
export { enqueueRun, openRunQueue, type RunQueue } from "./run-queue.ts";
export type { RunOutcome } from "./run-scripts.ts";
export { type WaitingOutcome, waitForRun } from "./wait-for-run.ts";
