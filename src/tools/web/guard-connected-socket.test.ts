import assert from "node:assert/strict";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { after, before, test } from "node:test";
import { guardConnectedSocket } from "./guard-connected-socket.ts";
import { PrivateAddressError } from "./web-errors.ts";

// The lookup check is the first layer; this is the second on its own: a request that
// bypasses the lookup (it connects to a literal 127.0.0.1) must still be stopped.
let server: http.Server;
let url: string;
before(async () => {
	server = http.createServer((_request, response) => response.end("private data"));
	await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
	url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
});
after(() => new Promise<void>((resolve) => server.close(() => resolve())));

function get(allowPrivate: boolean) {
	return new Promise<string>((resolve, reject) => {
		const request = http.request(url, { agent: false }, (response) => {
			let body = "";
			response.setEncoding("utf8");
			response.on("data", (chunk: string) => {
				body += chunk;
			});
			response.on("end", () => resolve(body));
		});
		request.on("error", reject);
		guardConnectedSocket(request, "innocent.example", { allowPrivate });
		request.end();
	});
}

test("a request whose socket connected to a private address is destroyed, naming the host and the address", async () => {
	await assert.rejects(get(false), (error: unknown) => {
		assert.ok(error instanceof PrivateAddressError, String(error));
		assert.match(error.message, /innocent\.example/);
		assert.match(error.message, /127\.0\.0\.1/);
		return true;
	});
});

test("with private addresses allowed, the same request goes through", async () => {
	assert.equal(await get(true), "private data");
});
