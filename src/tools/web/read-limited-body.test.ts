import assert from "node:assert/strict";
import { test } from "node:test";
import { readLimitedBody } from "./read-limited-body.ts";

const encode = (text: string) => new TextEncoder().encode(text);
const decode = (bytes: Uint8Array) => new TextDecoder().decode(bytes);

/**
 * A response streaming `chunks` (then, when `endless`, more forever), recording whether
 * the reader cancelled it.
 */
function streamed(chunks: string[], options: { failCancel?: boolean; endless?: boolean } = {}) {
	const state = { cancelled: false };
	const left = [...chunks];
	const body = new ReadableStream<Uint8Array>({
		pull(controller) {
			const next = left.shift();
			if (next !== undefined) controller.enqueue(encode(next));
			else if (options.endless) controller.enqueue(encode("more"));
			else controller.close();
		},
		cancel() {
			state.cancelled = true;
			if (options.failCancel) throw new Error("cancel failed");
		},
	});
	return { state, response: new Response(body) };
}

test("reads the whole body, chunk after chunk, when it fits", async () => {
	const { state, response } = streamed(["abc", "def", "gh"]);
	const { bytes, truncated } = await readLimitedBody(response, 8);
	assert.equal(decode(bytes), "abcdefgh");
	assert.equal(truncated, false);
	assert.equal(state.cancelled, false);
	assert.equal(response.body?.locked, false, "the reader is released");
});

test("stops at the limit, keeps exactly maxBytes, and cancels the rest", async () => {
	const { state, response } = streamed(["abc", "def", "gh"], { endless: true });
	const { bytes, truncated } = await readLimitedBody(response, 7);
	assert.equal(decode(bytes), "abcdefg");
	assert.equal(truncated, true);
	assert.equal(state.cancelled, true);
	assert.equal(response.body?.locked, false);
	const cutInFirst = await readLimitedBody(streamed(["abcdef"]).response, 2);
	assert.deepEqual(
		{ text: decode(cutInFirst.bytes), truncated: cutInFirst.truncated },
		{ text: "ab", truncated: true },
	);
});

test("a cancel that fails does not fail the read", async () => {
	const { state, response } = streamed(["abcdef"], { failCancel: true, endless: true });
	assert.equal(decode((await readLimitedBody(response, 3)).bytes), "abc");
	assert.equal(state.cancelled, true);
});

test("no body is no bytes", async () => {
	const { bytes, truncated } = await readLimitedBody(new Response(null), 10);
	assert.equal(bytes.byteLength, 0);
	assert.equal(truncated, false);
	const empty = await readLimitedBody(new Response(""), 0);
	assert.deepEqual(
		{ length: empty.bytes.byteLength, truncated: empty.truncated },
		{ length: 0, truncated: false },
	);
});
