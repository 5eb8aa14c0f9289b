/** Runs at most `size` tasks at a time; the others wait, first come, first served. */
export interface ConcurrencyLimit {
	readonly size: number;
	/**
	 * Runs `task` once fewer than `size` tasks run and every task queued before it has
	 * started. If `signal` aborts while the task is still waiting, it is dropped and the
	 * promise rejects with the signal's reason; tasks queued after it keep their order.
	 */
	run<T>(task: () => Promise<T>, signal?: AbortSignal): Promise<T>;
}

/** A limit of `size` tasks at a time (1: one after another, in the order they came). */
export function createConcurrencyLimit(size: number): ConcurrencyLimit {
	if (!Number.isInteger(size) || size < 1) {
		throw new RangeError(`A concurrency limit must be a whole number of at least 1, got ${size}.`);
	}
	let running = 0;
	const waiting: Array<() => void> = [];

	const next = () => {
		if (running >= size) return;
		const start = waiting.shift();
		if (!start) return;
		running++;
		start();
	};

	return {
		size,
		async run(task, signal) {
			signal?.throwIfAborted();
			await new Promise<void>((resolve, reject) => {
				const start = () => {
					signal?.removeEventListener("abort", onAbort);
					resolve();
				};
				const onAbort = () => {
					const index = waiting.indexOf(start);
					if (index !== -1) waiting.splice(index, 1);
					reject(signal?.reason);
				};
				signal?.addEventListener("abort", onAbort, { once: true });
				waiting.push(start);
				next();
			});
			try {
				return await task();
			} finally {
				running--;
				next();
			}
		},
	};
}
