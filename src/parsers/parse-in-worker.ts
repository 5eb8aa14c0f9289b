import { availableParallelism } from "node:os";
import { extname } from "node:path";
import { fileURLToPath } from "node:url";
import type { Worker } from "node:worker_threads";
import { CancelledError } from "../errors.ts";
import type { ParseAnswer, ParseJob, ParseResults } from "./parse-job.ts";
import { ParserLimitError } from "./parser-limits.ts";

// The worker sits beside this file with the same extension: `.ts` in the checkout, `.js`
// once compiled.
const workerUrl = new URL(
	`./parser-worker${extname(fileURLToPath(import.meta.url))}`,
	import.meta.url,
);

/** One finished worker is kept (unreferenced, so it never holds the process open) for the next job. */
let idle: { worker: Worker; memoryMb: number } | undefined;
let nextId = 1;

/**
 * How many parsing workers run at once (each with its own heap limit): the number of
 * cores, 2 to 8. Further jobs wait for a slot, so a flood of requests for hostile reports
 * cannot multiply the memory the parsers may take.
 */
export const maxParserWorkers = Math.max(2, Math.min(8, availableParallelism()));
let running = 0;
const waiting: Array<() => void> = [];

/** How many parsing workers are running a job now (for tests and diagnostics). */
export function runningParserWorkers(): number {
	return running;
}

export interface ParseInWorkerOptions {
	/** What is parsed, for error messages: a URL or a file path. */
	label: string;
	signal?: AbortSignal | undefined;
}

/**
 * Runs a parsing job in a worker thread with the job's deadline and memory limit, so a
 * hostile document can neither block the event loop nor exhaust the process's memory: a
 * worker past its deadline is stopped, one past its heap limit dies alone, and either way
 * the caller gets a `ParserLimitError` naming the document and the limit. At most
 * `maxParserWorkers` jobs run at once; the others wait their turn.
 */
export async function parseInWorker<Job extends ParseJob>(
	job: Job,
	options: ParseInWorkerOptions,
): Promise<ParseResults[Job["type"]]> {
	const { label, signal } = options;
	if (signal?.aborted) throw new CancelledError(`Parsing ${label} was cancelled.`);
	// Loaded with the first document parsed, not with crewkit.
	const { Worker: WorkerThread } = await import("node:worker_threads");
	await takeSlot(signal, label);
	try {
		// The deadline counts from here: time spent waiting for a slot is not the document's.
		return await runInWorker(WorkerThread, job, options);
	} finally {
		releaseSlot();
	}
}

/** Waits for a free worker slot (or the signal's abort). */
async function takeSlot(signal: AbortSignal | undefined, label: string): Promise<void> {
	if (signal?.aborted) throw new CancelledError(`Parsing ${label} was cancelled.`);
	if (running < maxParserWorkers) {
		running++;
		return;
	}
	await new Promise<void>((resolve, reject) => {
		const onAbort = () => {
			waiting.splice(waiting.indexOf(granted), 1);
			reject(new CancelledError(`Parsing ${label} was cancelled.`));
		};
		const granted = () => {
			signal?.removeEventListener("abort", onAbort);
			resolve();
		};
		waiting.push(granted);
		signal?.addEventListener("abort", onAbort, { once: true });
	});
}

/** Hands the slot to the next job waiting, or frees it. */
function releaseSlot(): void {
	const next = waiting.shift();
	if (next) next();
	else running--;
}

function runInWorker<Job extends ParseJob>(
	WorkerThread: typeof Worker,
	job: Job,
	options: ParseInWorkerOptions,
): Promise<ParseResults[Job["type"]]> {
	const { label, signal } = options;
	const { deadlineMs, maxMemoryMb } = job.limits;
	const worker = takeWorker(WorkerThread, maxMemoryMb);
	const id = nextId++;
	return new Promise((resolve, reject) => {
		let settled = false;
		const finish = (outcome: () => void, keepWorker: boolean) => {
			if (settled) return;
			settled = true;
			clearTimeout(timer);
			signal?.removeEventListener("abort", onAbort);
			worker.off("message", onMessage);
			worker.off("error", onError);
			worker.off("exit", onExit);
			if (keepWorker && !idle) {
				worker.unref();
				idle = { worker, memoryMb: maxMemoryMb };
			} else {
				void worker.terminate();
			}
			outcome();
		};
		const onMessage = (answer: ParseAnswer) => {
			if (answer.id !== id) return;
			if (answer.ok) {
				finish(() => resolve(answer.value as ParseResults[Job["type"]]), true);
				return;
			}
			finish(() => reject(remoteError(answer.error, label, job.limits.maxDepth)), true);
		};
		const onError = (error: Error & { code?: string }) => {
			const outOfMemory = error.code === "ERR_WORKER_OUT_OF_MEMORY";
			finish(
				() =>
					reject(
						outOfMemory
							? new ParserLimitError(
									`${label} needed more than ${maxMemoryMb} MB of memory to parse; it was left out.`,
									"memory",
									{ cause: error },
								)
							: new ParserLimitError(`Parsing ${label} failed: ${error.message}`, "crashed", {
									cause: error,
								}),
					),
				false,
			);
		};
		const onExit = (code: number) =>
			finish(
				() =>
					reject(
						new ParserLimitError(
							`The worker parsing ${label} stopped (exit code ${code}); it was left out.`,
							"crashed",
						),
					),
				false,
			);
		const onAbort = () =>
			finish(() => reject(new CancelledError(`Parsing ${label} was cancelled.`)), false);
		const timer = setTimeout(
			() =>
				finish(
					() =>
						reject(
							new ParserLimitError(
								`${label} took longer than ${deadlineMs} ms to parse; it was stopped and left out.`,
								"deadline",
							),
						),
					false,
				),
			deadlineMs,
		);
		worker.on("message", onMessage);
		worker.on("error", onError);
		worker.on("exit", onExit);
		signal?.addEventListener("abort", onAbort, { once: true });
		worker.postMessage({ id, job });
	});
}

function takeWorker(WorkerThread: typeof Worker, memoryMb: number): Worker {
	const kept = idle;
	idle = undefined;
	if (kept && kept.memoryMb === memoryMb) {
		kept.worker.ref();
		return kept.worker;
	}
	if (kept) void kept.worker.terminate();
	const worker = new WorkerThread(workerUrl, {
		resourceLimits: {
			maxOldGenerationSizeMb: memoryMb,
			maxYoungGenerationSizeMb: Math.min(64, Math.max(8, Math.floor(memoryMb / 8))),
			stackSizeMb: 4,
		},
	});
	worker.on("exit", () => {
		if (idle?.worker === worker) idle = undefined;
	});
	return worker;
}

function remoteError(
	error: { name: string; message: string; reason?: string },
	label: string,
	maxDepth: number,
): Error {
	if (error.reason) {
		return new ParserLimitError(
			`${label}: ${error.message}`,
			error.reason as ParserLimitError["reason"],
		);
	}
	if (error.name === "RangeError" && /call stack/i.test(error.message)) {
		return new ParserLimitError(
			`${label} is nested too deeply to parse (over ${maxDepth} levels); it was left out.`,
			"too-deep",
		);
	}
	const copy = new Error(error.message);
	copy.name = error.name;
	return copy;
}
