import assert from "node:assert/strict";
import { PassThrough } from "node:stream";
import { test } from "node:test";
import { toWebStream } from "./readable-to-web.ts";

async function readAll(stream: ReadableStream<Uint8Array>) {
	const chunks: string[] = [];
	try {
		for await (const chunk of stream) chunks.push(Buffer.from(chunk).toString());
		return { chunks, error: undefined };
	} catch (error) {
		return { chunks, error: error as Error };
	}
}

test("chunks that arrived before an error reach the reader, then the error", async () => {
	const source = new PassThrough();
	const stream = toWebStream(source);
	// A connection cut right after its last bytes: data and error in the same tick,
	// before the reader has read anything.
	source.write("first ");
	source.write("second");
	source.destroy(new Error("aborted"));
	const { chunks, error } = await readAll(stream);
	assert.equal(chunks.join(""), "first second");
	assert.match(error?.message ?? "", /aborted/);
});

test("a stream that ends is read whole; one destroyed without an error ends in an error", async () => {
	const ending = new PassThrough();
	const whole = readAll(toWebStream(ending));
	ending.end("all of it");
	assert.deepEqual(await whole, { chunks: ["all of it"], error: undefined });

	const destroyed = new PassThrough();
	const cut = readAll(toWebStream(destroyed));
	destroyed.write("part");
	destroyed.destroy();
	const { chunks, error } = await cut;
	assert.deepEqual(chunks, ["part"]);
	assert.match(error?.message ?? "", /closed before its end/);
});

test("a slow reader pauses the source past the high-water mark; cancelling destroys it", async () => {
	const source = new PassThrough();
	const stream = toWebStream(source, 8);
	source.write("12345");
	source.write("67890");
	await new Promise((resolve) => setImmediate(resolve));
	assert.equal(source.isPaused(), true);
	const reader = stream.getReader();
	assert.equal(Buffer.from((await reader.read()).value ?? []).toString(), "12345");
	assert.equal(source.isPaused(), false);
	await reader.cancel(new Error("enough"));
	assert.equal(source.destroyed, true);
});
