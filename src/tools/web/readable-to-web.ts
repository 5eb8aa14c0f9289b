import type { Readable } from "node:stream";

/** Bytes held for a slow reader before the source is paused. */
const defaultHighWaterBytes = 16 * 1024 * 1024;

/**
 * A web `ReadableStream` of a Node stream that hands over every chunk that arrived before
 * an error, then the error. (`Readable.toWeb` errors the web stream at once, which throws
 * away the chunks still queued: a connection cut right after its last bytes lost them, so
 * a download could not resume from them.) The source is paused while `highWaterBytes` wait
 * for the reader, and destroyed when the reader cancels.
 */
export function toWebStream(
	source: Readable,
	highWaterBytes = defaultHighWaterBytes,
): ReadableStream<Uint8Array> {
	const queue: Uint8Array[] = [];
	let queuedBytes = 0;
	let ended = false;
	let failure: { error: unknown } | undefined;
	let wake: (() => void) | undefined;
	const notify = () => {
		wake?.();
		wake = undefined;
	};
	source.on("data", (chunk: Buffer) => {
		queue.push(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength));
		queuedBytes += chunk.byteLength;
		if (queuedBytes >= highWaterBytes) source.pause();
		notify();
	});
	source.once("end", () => {
		ended = true;
		notify();
	});
	source.once("error", (error) => {
		failure = { error };
		notify();
	});
	source.once("close", () => {
		// Closed without 'end' or 'error' (destroyed): nothing more will come.
		if (!ended && !failure) failure = { error: new Error("The stream closed before its end.") };
		notify();
	});

	return new ReadableStream<Uint8Array>(
		{
			async pull(controller) {
				while (queue.length === 0 && !ended && !failure) {
					await new Promise<void>((resolve) => {
						wake = resolve;
					});
				}
				const chunk = queue.shift();
				if (chunk) {
					queuedBytes -= chunk.byteLength;
					if (queuedBytes < highWaterBytes && source.isPaused()) source.resume();
					controller.enqueue(chunk);
				} else if (failure) controller.error(failure.error);
				else controller.close();
			},
			cancel(reason) {
				source.destroy(reason instanceof Error ? reason : undefined);
			},
		},
		{ highWaterMark: 0 },
	);
}
