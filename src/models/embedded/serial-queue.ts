/** Runs tasks one at a time, in the order they were queued. */
export interface SerialQueue {
	/**
	 * Runs `task` after every task queued before it has settled. If `signal` aborts while
	 * the task is still waiting, it is dropped and the promise rejects with the signal's
	 * reason; tasks queued after it still wait for the ones before.
	 */
	run<T>(task: () => Promise<T>, signal?: AbortSignal): Promise<T>;
}

export function createSerialQueue(): SerialQueue {
	let tail: Promise<void> = Promise.resolve();

	return {
		async run(task, signal) {
			const previous = tail;
			const { promise: done, resolve: markDone } = Promise.withResolvers<void>();
			tail = previous.then(() => done);
			try {
				await waitUnlessAborted(previous, signal);
				return await task();
			} finally {
				markDone();
			}
		},
	};
}

async function waitUnlessAborted(turn: Promise<void>, signal: AbortSignal | undefined) {
	if (!signal) return turn;
	signal.throwIfAborted();
	const { promise: aborted, reject } = Promise.withResolvers<never>();
	const onAbort = () => reject(signal.reason);
	signal.addEventListener("abort", onAbort, { once: true });
	try {
		await Promise.race([turn, aborted]);
	} finally {
		signal.removeEventListener("abort", onAbort);
	}
}
