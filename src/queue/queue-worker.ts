import { hostname } from "node:os";
import { UnrecoverableError, WaitingError, Worker } from "bullmq";
import { ConfigError } from "../errors.ts";
import type { ResolveModelOptions } from "../models/resolve-model.ts";
import { createRedactor } from "../store/redact-secrets.ts";
import type { RunStore } from "../store/run-store.ts";
import { sweepDueQuestions } from "./answer-due-questions.ts";
import {
	type AttemptControl,
	type AttemptResult,
	createAttemptControl,
	processRunJob,
	type RunJobContext,
} from "./process-run-job.ts";
import { assertReachable, connectRedis } from "./redis-connection.ts";
import { bullPrefix, cancelChannel, runQueueName } from "./redis-keys.ts";
import type { RunJobData, RunJobResult } from "./run-job.ts";
import { createRunQueue } from "./run-queue.ts";

/** Lock and stall settings; see `queueWorkerDefaults`. */
export interface StallSettings {
	/** How long a job's lock lives without renewal (renewed every half of it). */
	lockDurationMs: number;
	/** How often workers look for jobs whose lock has expired. */
	stalledIntervalMs: number;
	/** How many times a job may be recovered from a dead worker before it fails. */
	maxStalledCount: number;
}

/**
 * A SIGKILLed worker's job is back in the queue within lockDurationMs + 2 × stalledIntervalMs
 * (≤ 9 s): the lock expires at most 5 s after the last renewal, a stall check marks the job,
 * the next check (2 s later, run by any live worker) finds it unlocked and moves it to wait.
 * A short lock is safe because every write is fenced by the lock: a worker that was merely
 * slow (event loop blocked > 2.5 s) finds its writes refused and stops, it cannot finish the
 * run twice. Three recoveries are allowed: a job that kills three workers fails.
 */
export const queueWorkerDefaults = {
	lockDurationMs: 5000,
	stalledIntervalMs: 2000,
	maxStalledCount: 3,
} as const satisfies StallSettings;

export interface QueueWorkerOptions extends Partial<StallSettings> {
	redisUrl: string;
	/** Runs processed at once by this worker: a whole number ≥ 1. Default 1. */
	concurrency?: number;
	/** This worker's own run store. */
	store: RunStore;
	/** The folder runs write into (reports, file tools); paths of queued runs are rebased onto it. */
	workspace: string;
	env?: Record<string, string | undefined>;
	modelOptions?: ResolveModelOptions;
	/** What queued runs may name and do (models, crew MCP servers); see `RunJobContext.policy`. */
	policy?: RunJobContext["policy"];
	/** Default `<host>:<pid>`; BullMQ keeps it on the jobs this worker processes. */
	name?: string;
	/** Told when a run starts and ends here. */
	onActivity?: (activity: WorkerActivity) => void;
	/**
	 * How often this worker gives questions of waiting runs whose time is up their default
	 * answer (and puts those runs back on the queue). Default 5 s; 0: never. With several
	 * workers, each question is answered by exactly one.
	 */
	deadlineCheckMs?: number;
}

export type WorkerActivity =
	| { type: "run-start"; runId: string }
	| { type: "run-end"; runId: string; result: AttemptResult }
	| { type: "question-timeout"; runId: string; key: string; answer: unknown }
	| { type: "error"; message: string };

export interface QueueWorker {
	readonly name: string;
	/** Runs in progress here. */
	readonly running: readonly string[];
	/**
	 * Stops taking runs and waits for those in progress; after `graceMs` (default 30 s) the
	 * rest are handed back to the queue, where another worker resumes them.
	 */
	close(options?: { graceMs?: number }): Promise<void>;
	/** Hands every run in progress back to the queue now and takes no more runs. */
	handBack(): void;
}

/** Starts a BullMQ worker that executes queued runs (see ./index.ts for the design). */
export async function startQueueWorker(options: QueueWorkerOptions): Promise<QueueWorker> {
	const concurrency = options.concurrency ?? 1;
	if (!Number.isInteger(concurrency) || concurrency < 1) {
		throw new ConfigError(
			`A worker's concurrency is the number of runs it processes at once: a whole number of at least 1, not ${concurrency}.`,
		);
	}
	const settings = { ...queueWorkerDefaults, ...definedOnly(options) };
	const name = options.name ?? `${hostname()}:${process.pid}`;
	const env = options.env ?? process.env;
	const redis = connectRedis(options.redisUrl);
	const subscriber = redis.duplicate();
	const bullConnection = redis.duplicate();
	const connections = [redis, subscriber, bullConnection];
	const report = (activity: WorkerActivity) => options.onActivity?.(activity);
	try {
		await assertReachable(redis, options.redisUrl);
	} catch (error) {
		for (const connection of connections) connection.disconnect();
		throw error;
	}

	const attempts = new Map<string, AttemptControl>();
	let handingBack = false;
	subscriber.on("message", (_channel: string, runId: string) =>
		attempts.get(runId)?.stop("cancel"),
	);
	await subscriber.subscribe(cancelChannel);
	const context = {
		redis,
		store: options.store,
		workspace: options.workspace,
		workerName: name,
		env,
		redact: createRedactor(env),
		...(options.modelOptions ? { modelOptions: options.modelOptions } : {}),
		...(options.policy ? { policy: options.policy } : {}),
	};

	const worker = new Worker<RunJobData, RunJobResult>(
		runQueueName,
		async (job, token, signal) => {
			if (!token || !job.id) throw new UnrecoverableError("A job came without a lock token.");
			const runId = job.id;
			const attempt = createAttemptControl();
			signal?.addEventListener("abort", () => attempt.stop("cancel"));
			attempts.set(runId, attempt);
			if (handingBack) attempt.stop("hand-back");
			report({ type: "run-start", runId });
			try {
				const result = await processRunJob({ data: job.data, token }, context, attempt);
				report({ type: "run-end", runId, result });
				if (result.type === "handed-back") {
					await job.moveToWait(token);
					throw new WaitingError();
				}
				if (result.type === "lost") {
					throw new Error(`Run ${runId}: the job's lock was lost; another worker continues it.`);
				}
				if (result.type === "waiting")
					return { status: "waiting", reportPath: "", alreadyDone: false };
				if (result.status === "failed") throw new UnrecoverableError(result.error);
				return {
					status: result.status,
					reportPath: result.reportPath,
					alreadyDone: result.alreadyDone,
				};
			} finally {
				attempts.delete(runId);
			}
		},
		{
			connection: bullConnection,
			prefix: bullPrefix,
			name,
			concurrency,
			lockDuration: settings.lockDurationMs,
			stalledInterval: settings.stalledIntervalMs,
			maxStalledCount: settings.maxStalledCount,
		},
	);
	worker.on("error", (error) => report({ type: "error", message: error.message }));
	worker.on("lockRenewalFailed", (jobIds: string[]) => {
		for (const id of jobIds) attempts.get(id)?.stop("lock-lost");
	});
	await worker.waitUntilReady();
	const checkMs = options.deadlineCheckMs ?? 5000;
	const deadlineQueue = checkMs > 0 ? createRunQueue(options.redisUrl) : undefined;
	const deadlines =
		deadlineQueue &&
		sweepDueQuestions(deadlineQueue, {
			everyMs: checkMs,
			onAnswer: (question) => report({ type: "question-timeout", ...question }),
			onError: (error) => report({ type: "error", message: (error as Error).message }),
		});

	// A worker that hands its runs back takes no more (it would take them straight back):
	// it pauses, and other workers continue the runs.
	const handBack = () => {
		handingBack = true;
		worker
			.pause(true)
			.catch((error: unknown) => report({ type: "error", message: (error as Error).message }));
		for (const attempt of attempts.values()) attempt.stop("hand-back");
	};
	let closing: Promise<void> | undefined;
	return {
		name,
		get running() {
			return [...attempts.keys()];
		},
		handBack,
		close({ graceMs = 30_000 } = {}) {
			closing ??= (async () => {
				const timer = setTimeout(handBack, graceMs);
				try {
					await deadlines?.stop();
					await deadlineQueue?.close();
					await worker.close();
				} finally {
					clearTimeout(timer);
					await Promise.allSettled(connections.map((connection) => connection.quit()));
				}
			})();
			return closing;
		},
	};
}

function definedOnly(options: Partial<StallSettings>): Partial<StallSettings> {
	return Object.fromEntries(
		Object.entries({
			lockDurationMs: options.lockDurationMs,
			stalledIntervalMs: options.stalledIntervalMs,
			maxStalledCount: options.maxStalledCount,
		}).filter(([, value]) => value !== undefined),
	);
}
