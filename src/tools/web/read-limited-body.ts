/** A response body read up to a size limit. */
export interface LimitedBody {
	bytes: Uint8Array;
	/** True when the body was longer than the limit and reading stopped there. */
	truncated: boolean;
}

/**
 * Reads a response body while it streams, keeping at most `maxBytes` bytes: past the limit
 * the stream is cancelled (the connection closes) and the result is marked truncated. The
 * limit applies to the decoded body, so a compressed bomb cannot get round it.
 */
export async function readLimitedBody(response: Response, maxBytes: number): Promise<LimitedBody> {
	if (!response.body) return { bytes: new Uint8Array(0), truncated: false };
	const reader = response.body.getReader();
	const chunks: Uint8Array[] = [];
	let length = 0;
	let truncated = false;
	try {
		for (;;) {
			const { done, value } = await reader.read();
			if (done) break;
			const room = maxBytes - length;
			if (value.byteLength > room) {
				chunks.push(value.subarray(0, room));
				length += room;
				truncated = true;
				break;
			}
			chunks.push(value);
			length += value.byteLength;
		}
	} finally {
		if (truncated) await reader.cancel().catch(() => {});
		reader.releaseLock();
	}
	const bytes = new Uint8Array(length);
	let offset = 0;
	for (const chunk of chunks) {
		bytes.set(chunk, offset);
		offset += chunk.byteLength;
	}
	return { bytes, truncated };
}
