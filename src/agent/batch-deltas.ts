/** Deltas are passed on when this much text has gathered … */
const maxCharacters = 200;
/** … or this long after the first delta of a batch. */
const maxDelayMs = 200;

/**
 * Gathers streamed text deltas and passes them on in batches (at most 200 characters or
 * 200 ms apart), so a store that writes each event as a row writes a few rows per second
 * instead of one per token. `flush` passes on what is pending at once (before the call's
 * end or a retry, to keep events in order).
 */
export function batchDeltas(
	send: (delta: string) => void,
	now: () => number = () => performance.now(),
): { push(delta: string): void; flush(): void } {
	let pending = "";
	let since = 0;
	const flush = () => {
		if (pending === "") return;
		const text = pending;
		pending = "";
		send(text);
	};
	return {
		push(delta) {
			if (delta === "") return;
			if (pending === "") since = now();
			pending += delta;
			if (pending.length >= maxCharacters || now() - since >= maxDelayMs) flush();
		},
		flush,
	};
}
