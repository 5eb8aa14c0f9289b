/** Calls `onStall` when `progress()` has not changed for `stallMs`; stop with the returned function. */
export function watchProgress(options: {
	/** Any number that grows while the call makes progress (tokens evaluated or generated). */
	progress: () => number;
	stallMs: number;
	onStall: (stalledMs: number) => void;
	/** How often to look; default a second, or the stall time when shorter. */
	intervalMs?: number;
	now?: () => number;
}): () => void {
	const now = options.now ?? Date.now;
	let last = options.progress();
	let lastChange = now();
	const timer = setInterval(() => {
		const current = options.progress();
		if (current !== last) {
			last = current;
			lastChange = now();
			return;
		}
		const stalled = now() - lastChange;
		if (stalled >= options.stallMs) {
			clearInterval(timer);
			options.onStall(stalled);
		}
	}, options.intervalMs ?? Math.min(1000, options.stallMs));
	timer.unref();
	return () => clearInterval(timer);
}
