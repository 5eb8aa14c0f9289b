import assert from "node:assert/strict";
import { test } from "node:test";
import { classifyNetworkError, statusError, totalSize } from "./download-fault.ts";

const url = new URL("https://models.example/x.gguf");

test("server faults, timeouts and rate limits may pass on another attempt; client errors will not", () => {
	const retryable = (status: number) => statusError(new Response(null, { status }), url).retryable;
	for (const status of [408, 429, 500, 502, 503, 504])
		assert.equal(retryable(status), true, `${status}`);
	for (const status of [400, 401, 403, 404, 410, 416, 501])
		assert.equal(retryable(status), false, `${status}`);
});

test("a status error names the host and status, with advice for gated and missing files", () => {
	assert.equal(
		statusError(new Response(null, { status: 404 }), url).message,
		"models.example answered HTTP 404 (no such file: check the name)",
	);
	assert.match(statusError(new Response(null, { status: 401 }), url).message, /private or gated/);
	assert.match(statusError(new Response(null, { status: 403 }), url).message, /private or gated/);
	assert.equal(
		statusError(new Response(null, { status: 503 }), url).message,
		"models.example answered HTTP 503",
	);
});

test("Retry-After in seconds becomes the wait; absent or unreadable, none", () => {
	const wait = (value: string | undefined) =>
		statusError(
			new Response(null, {
				status: 429,
				headers: value === undefined ? {} : { "retry-after": value },
			}),
			url,
		).retryAfterMs;
	assert.equal(wait("3"), 3000);
	assert.equal(wait(undefined), undefined);
	assert.equal(wait("soon"), undefined);
	assert.equal(wait("0"), undefined);
});

test("the whole size comes from Content-Range when resuming, else Content-Length plus the offset", () => {
	const headers = (values: Record<string, string>) => new Response("x", { headers: values });
	assert.equal(
		totalSize(headers({ "content-range": "bytes 100-199/200", "content-length": "100" }), 100),
		200,
	);
	assert.equal(totalSize(headers({ "content-length": "300" }), 0), 300);
	assert.equal(totalSize(headers({ "content-length": "300" }), 50), 350);
	assert.equal(totalSize(headers({}), 0), 0);
	assert.equal(totalSize(headers({ "content-range": "bytes 0-9/*" }), 0), 0);
});

test("a reset or timeout may pass; a refused connection or an unknown name will not", () => {
	const withCode = (code: string) =>
		Object.assign(new Error(`connect ${code}`), { code }) as NodeJS.ErrnoException;
	const wrapped = (code: string) => new Error("fetch failed", { cause: withCode(code) });
	for (const code of ["ECONNRESET", "ETIMEDOUT", "EPIPE", "EAI_AGAIN", "ECONNABORTED"]) {
		assert.equal(classifyNetworkError(wrapped(code), url.href).retryable, true, code);
	}
	for (const code of ["ECONNREFUSED", "ENOTFOUND"]) {
		assert.equal(classifyNetworkError(wrapped(code), url.href).retryable, false, code);
	}
	assert.equal(classifyNetworkError(new Error("odd"), url.href).retryable, false);
	assert.equal(
		classifyNetworkError(wrapped("ECONNREFUSED"), url.href).message,
		"models.example: connect ECONNREFUSED",
	);
});
