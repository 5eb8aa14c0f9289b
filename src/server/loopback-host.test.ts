import assert from "node:assert/strict";
import { test } from "node:test";
import { isLoopbackHost } from "./loopback-host.ts";

test("loopback names and addresses are recognised, others are not", () => {
	for (const host of ["localhost", "app.localhost", "127.0.0.1", "127.1.2.3", "::1", "[::1]"]) {
		assert.equal(isLoopbackHost(host), true, host);
	}
	for (const host of ["0.0.0.0", "::", "192.168.1.4", "example.com", "localhost.evil.com", ""]) {
		assert.equal(isLoopbackHost(host), false, host);
	}
});

test("a name is trusted by the address it bound, not by its spelling", async () => {
	const { checkBoundAddress } = await import("./start-server.ts");
	assert.doesNotThrow(() => checkBoundAddress("x.localhost", "127.0.0.1", undefined));
	assert.doesNotThrow(() => checkBoundAddress("localhost", "::1", undefined));
	assert.throws(
		() => checkBoundAddress("x.localhost", "192.168.1.20", undefined),
		/resolved to 192\.168\.1\.20, which is not a loopback address/,
	);
	assert.doesNotThrow(() =>
		checkBoundAddress("x.localhost", "192.168.1.20", "a-long-enough-token"),
	);
});
