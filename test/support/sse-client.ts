/** A small SSE client on fetch streaming, for tests that read event streams themselves. */

/** One SSE message: its `id:` and its `data:` (lines joined). */
export interface SseMessage {
	id: string | undefined;
	data: string;
}

/**
 * Reads an SSE response until it ends, the signal aborts, or `onMessage` returns false.
 * Comments (heartbeats) are skipped.
 */
export async function readSse(
	response: Response,
	onMessage: (message: SseMessage) => boolean | undefined,
	signal?: AbortSignal,
): Promise<void> {
	if (!response.body) throw new Error("The response has no body.");
	const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
	const abort = () => void reader.cancel().catch(() => {});
	signal?.addEventListener("abort", abort, { once: true });
	let buffer = "";
	try {
		for (;;) {
			const { value, done } = await reader.read();
			if (done) return;
			buffer += value;
			let end = buffer.indexOf("\n\n");
			while (end !== -1) {
				const block = buffer.slice(0, end);
				buffer = buffer.slice(end + 2);
				end = buffer.indexOf("\n\n");
				let id: string | undefined;
				const data: string[] = [];
				for (const line of block.split("\n")) {
					if (line.startsWith(":")) continue;
					const colon = line.indexOf(":");
					const field = colon === -1 ? line : line.slice(0, colon);
					const text = colon === -1 ? "" : line.slice(colon + 1).replace(/^ /, "");
					if (field === "id") id = text;
					else if (field === "data") data.push(text);
				}
				if (data.length === 0) continue;
				if (onMessage({ id, data: data.join("\n") }) === false) {
					await reader.cancel();
					return;
				}
			}
		}
	} catch (error) {
		if (signal?.aborted) return;
		throw error;
	} finally {
		signal?.removeEventListener("abort", abort);
	}
}

/** Reads every event of a stream as parsed JSON with its seq. */
export async function collectEvents(
	response: Response,
	options: { until?: (event: { seq: number; type: string }) => boolean; signal?: AbortSignal } = {},
): Promise<Array<{ seq: number; type: string } & Record<string, unknown>>> {
	const events: Array<{ seq: number; type: string } & Record<string, unknown>> = [];
	await readSse(
		response,
		(message) => {
			const event = JSON.parse(message.data) as { seq: number; type: string };
			if (String(event.seq) !== message.id)
				throw new Error(`id ${message.id} differs from seq ${event.seq}`);
			events.push(event);
			return options.until?.(event) ? false : undefined;
		},
		options.signal,
	);
	return events;
}
