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

test("the source pauses when exactly the high-water mark waits, and resumes only below it", async () => {
	const source = new PassThrough();
	const stream = toWebStream(source, 5);
	source.write("1234");
	await new Promise((resolve) => setImmediate(resolve));
	assert.equal(source.isPaused(), false, "4 bytes waiting are below the mark");
	source.write("5");
	await new Promise((resolve) => setImmediate(resolve));
	assert.equal(source.isPaused(), true, "5 bytes waiting reach the mark");
	const reader = stream.getReader();
	assert.equal(Buffer.from((await reader.read()).value ?? []).toString(), "1234");
	assert.equal(source.isPaused(), false, "1 byte waits");

	const second = new PassThrough();
	const secondReader = toWebStream(second, 5).getReader();
	second.write("123");
	second.write("45678");
	await new Promise((resolve) => setImmediate(resolve));
	assert.equal(second.isPaused(), true);
	assert.equal(Buffer.from((await secondReader.read()).value ?? []).toString(), "123");
	assert.equal(second.isPaused(), true, "5 bytes still wait: not below the mark");
	assert.equal(Buffer.from((await secondReader.read()).value ?? []).toString(), "45678");
	assert.equal(second.isPaused(), false);
	await secondReader.cancel();
	await reader.cancel();
});

test("by default 16 MB may wait before the source pauses", async () => {
	const source = new PassThrough({ highWaterMark: 32 * 1024 * 1024 });
	const stream = toWebStream(source);
	source.write(Buffer.alloc(16 * 1024 * 1024 - 1));
	await new Promise((resolve) => setImmediate(resolve));
	assert.equal(source.isPaused(), false);
	source.write(Buffer.alloc(1));
	await new Promise((resolve) => setImmediate(resolve));
	assert.equal(source.isPaused(), true);
	await stream.cancel();
});

test("cancelling with a reason that is not an Error destroys the source without an error", async () => {
	const source = new PassThrough();
	const stream = toWebStream(source);
	await stream.cancel("enough");
	assert.equal(source.destroyed, true);
	assert.equal(source.errored, null);
	const other = new PassThrough();
	const reason = new Error("stop");
	await toWebStream(other).cancel(reason);
	assert.equal(other.errored, reason);
});
