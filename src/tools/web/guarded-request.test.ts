import assert from "node:assert/strict";
import { createServer as createHttpServer, type IncomingHttpHeaders } from "node:http";
import { type AddressInfo, createServer as createTcpServer, type Server } from "node:net";
import { after, before, describe, test } from "node:test";
import { brotliCompressSync, deflateSync, gzipSync } from "node:zlib";
import { guardedRequest } from "./guarded-request.ts";
import { PrivateAddressError } from "./web-errors.ts";

// Loopback servers only: one speaks HTTP through node:http, one writes raw answers
// (status lines node:http would not send).
const text = "Heat pumps sold 12 percent more units in 2025.";
let http: Server;
let raw: Server;
let seen: IncomingHttpHeaders[] = [];
let rawAnswer = "";

before(async () => {
	http = createHttpServer((request, response) => {
		seen.push(request.headers);
		const path = request.url ?? "/";
		const encoded: Record<string, [string, Buffer]> = {
			"/gzip": ["gzip", gzipSync(text)],
			"/x-gzip": ["x-gzip", gzipSync(text)],
			"/deflate": ["deflate", deflateSync(text)],
			"/br": ["br", brotliCompressSync(text)],
			"/upper": [" GZIP ", gzipSync(text)],
			"/identity": ["identity", Buffer.from(text)],
			"/corrupt": ["gzip", Buffer.from("this is not gzip at all")],
		};
		const entry = encoded[path];
		if (entry) {
			response.writeHead(200, {
				"content-type": "text/plain",
				"content-encoding": entry[0],
				"content-length": entry[1].byteLength,
				"set-cookie": ["a=1", "b=2"],
			});
			response.end(entry[1]);
			return;
		}
		if (path === "/no-content") {
			response.writeHead(204, { "x-kind": "empty" });
			response.end();
			return;
		}
		if (path === "/not-modified") {
			response.writeHead(304);
			response.end();
			return;
		}
		response.writeHead(200, { "content-type": "text/plain" });
		response.end(text);
	});
	raw = createTcpServer((socket) => {
		socket.once("data", () => socket.end(rawAnswer, "latin1"));
	});
	await Promise.all(
		[http, raw].map(
			(server) => new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve)),
		),
	);
});
after(async () => {
	for (const server of [http, raw])
		await new Promise<void>((resolve) => server.close(() => resolve()));
});

const signal = new AbortController().signal;
const url = (server: Server, path: string) =>
	new URL(`http://127.0.0.1:${(server.address() as AddressInfo).port}${path}`);
const get = (target: URL, headers: Record<string, string> = {}) =>
	guardedRequest(target, { allowPrivate: true, headers, signal });

describe("guardedRequest", () => {
	test("GETs the page, asking for compressed bodies, with the caller's headers", async () => {
		seen = [];
		const response = await get(url(http, "/plain"), {
			"user-agent": "crewkit-test",
			accept: "text/plain",
		});
		assert.equal(response.status, 200);
		assert.equal(await response.text(), text);
		assert.equal(seen[0]?.["accept-encoding"], "gzip, deflate, br");
		assert.equal(seen[0]?.["user-agent"], "crewkit-test");
		assert.equal(seen[0]?.accept, "text/plain");
		await get(url(http, "/plain"), { "accept-encoding": "identity" });
		assert.equal(seen[1]?.["accept-encoding"], "identity", "the caller's headers win");
	});

	test("decompresses gzip, x-gzip, deflate and brotli bodies, and drops the headers that described them", async () => {
		for (const path of ["/gzip", "/x-gzip", "/deflate", "/br", "/upper"]) {
			const response = await get(url(http, path));
			assert.equal(await response.text(), text, path);
			assert.equal(response.headers.get("content-encoding"), null, path);
			assert.equal(response.headers.get("content-length"), null, path);
			assert.equal(response.headers.get("set-cookie"), "a=1, b=2", "repeated headers kept");
		}
		const identity = await get(url(http, "/identity"));
		assert.equal(await identity.text(), text);
		assert.equal(identity.headers.get("content-encoding"), "identity");
		assert.equal(identity.headers.get("content-length"), String(text.length));
	});

	test("a connection cut in the middle of a compressed body fails the read instead of hanging", {
		timeout: 30_000,
	}, async () => {
		const body = gzipSync(text.repeat(2000));
		rawAnswer = `HTTP/1.1 200 OK\r\ncontent-type: text/plain\r\ncontent-encoding: gzip\r\ncontent-length: ${body.byteLength}\r\n\r\n${body.subarray(0, 40).toString("latin1")}`;
		const response = await get(url(raw, "/"));
		await assert.rejects(response.text());
	});

	test("each request has a connection of its own: an allowed one is never reused for a guarded one", async () => {
		const lookup = async () => [{ address: "127.0.0.1", family: 4 }];
		const named = new URL(`http://pooled.test:${(http.address() as AddressInfo).port}/plain`);
		const allowed = await guardedRequest(named, {
			headers: {},
			signal,
			lookup,
			allowPrivate: true,
		});
		assert.equal(await allowed.text(), text);
		await assert.rejects(
			guardedRequest(named, { headers: {}, signal, lookup }),
			(error: unknown) => error instanceof PrivateAddressError && error.hostname === "pooled.test",
		);
	});

	test("a body that does not decompress fails while it is read", async () => {
		const response = await get(url(http, "/corrupt"));
		await assert.rejects(response.text());
	});

	test("answers without a body keep their status and headers", async () => {
		const empty = await get(url(http, "/no-content"));
		assert.equal(empty.status, 204);
		assert.equal(empty.body, null);
		assert.equal(empty.headers.get("x-kind"), "empty");
		const notModified = await get(url(http, "/not-modified"));
		assert.equal(notModified.status, 304);
		assert.equal(notModified.body, null);
	});

	test("a status past 599 becomes 502, a bad gateway", async () => {
		rawAnswer = "HTTP/1.1 700 Odd\r\ncontent-length: 5\r\nconnection: close\r\n\r\nhello";
		const response = await get(url(raw, "/"));
		assert.equal(response.status, 502);
		assert.equal(response.body, null);
	});

	test("statuses up to 599 keep their status and body", async () => {
		rawAnswer = "HTTP/1.1 599 Custom\r\ncontent-length: 5\r\nconnection: close\r\n\r\nhello";
		const response = await get(url(raw, "/"));
		assert.equal(response.status, 599);
		assert.equal(await response.text(), "hello");
	});

	test("an https URL is spoken to in TLS", async () => {
		const firstBytes: Buffer[] = [];
		const tls = createTcpServer((socket) => {
			socket.once("data", (chunk: Buffer) => {
				firstBytes.push(chunk.subarray(0, 3));
				socket.destroy();
			});
		});
		await new Promise<void>((resolve) => tls.listen(0, "127.0.0.1", resolve));
		try {
			await assert.rejects(
				get(new URL(`https://127.0.0.1:${(tls.address() as AddressInfo).port}/`)),
			);
			assert.deepEqual(
				[...(firstBytes[0] ?? [])].slice(0, 2),
				[0x16, 0x03],
				"a TLS handshake record",
			);
		} finally {
			await new Promise<void>((resolve) => tls.close(() => resolve()));
		}
	});

	test("a status text with control characters is cleaned, not a reason to fail", async () => {
		rawAnswer =
			"HTTP/1.1 404 Not\u001b[31m Found\u0007\r\ncontent-type: text/plain\r\ncontent-length: 4\r\nconnection: close\r\n\r\ngone";
		const response = await get(url(raw, "/"));
		assert.equal(response.status, 404);
		assert.equal(response.statusText, "Not [31m Found");
		assert.equal(await response.text(), "gone");
	});

	test("refuses a private literal address before connecting, unless allowed", async () => {
		const before = seen.length;
		await assert.rejects(
			guardedRequest(url(http, "/plain"), { headers: {}, signal }),
			(error: unknown) => error instanceof PrivateAddressError && error.address === "127.0.0.1",
		);
		await assert.rejects(
			guardedRequest(new URL(`http://[::1]:${(http.address() as AddressInfo).port}/`), {
				headers: {},
				signal,
			}),
			(error: unknown) =>
				error instanceof PrivateAddressError &&
				error.hostname === "[::1]" &&
				error.address === "::1",
		);
		assert.equal(seen.length, before, "nothing reached the server");
	});

	test("a name is resolved through the guard: refused when private, connected when allowed", async () => {
		const lookup = async () => [{ address: "127.0.0.1", family: 4 }];
		const named = new URL(`http://fixture.test:${(http.address() as AddressInfo).port}/plain`);
		await assert.rejects(
			guardedRequest(named, { headers: {}, signal, lookup }),
			(error: unknown) => error instanceof PrivateAddressError && error.hostname === "fixture.test",
		);
		const response = await guardedRequest(named, {
			headers: {},
			signal,
			lookup,
			allowPrivate: true,
		});
		assert.equal(await response.text(), text);
		assert.equal(seen.at(-1)?.host, `fixture.test:${(http.address() as AddressInfo).port}`);
	});
});
