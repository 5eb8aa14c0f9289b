import assert from "node:assert/strict";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { test } from "node:test";
import { checkDownloadHost, downloadHostFor } from "./check-download-host.ts";

test("hf: URIs go to Hugging Face unless an endpoint is configured; URLs to their own host", () => {
	const spec = "hf:user/repo/model.gguf";
	assert.equal(downloadHostFor(spec, {}).href, "https://huggingface.co/");
	assert.equal(
		downloadHostFor(spec, { HF_ENDPOINT: "https://mirror.test/" }).href,
		"https://mirror.test/",
	);
	assert.equal(
		downloadHostFor(spec, {
			MODEL_ENDPOINT: "https://first.test/",
			HF_ENDPOINT: "https://second.test/",
		}).href,
		"https://first.test/",
	);
	assert.equal(downloadHostFor("https://models.test/a/b.gguf", {}).host, "models.test");
});

test("any HTTP answer means the host is reachable", async () => {
	const server = createServer((_request, response) => response.writeHead(404).end());
	await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
	const { port } = server.address() as AddressInfo;
	try {
		await checkDownloadHost(new URL(`http://127.0.0.1:${port}/`));
	} finally {
		server.close();
	}
});

test("a refused connection fails at once", async () => {
	const started = Date.now();
	await assert.rejects(
		checkDownloadHost(new URL("http://127.0.0.1:9/")),
		/127\.0\.0\.1:9 cannot be reached/,
	);
	assert.ok(Date.now() - started < 2000);
});

test("a host that never answers fails after the timeout", async () => {
	const server = createServer(() => {}); // accepts, never responds
	await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
	const { port } = server.address() as AddressInfo;
	try {
		await assert.rejects(
			checkDownloadHost(new URL(`http://127.0.0.1:${port}/`), { timeoutMs: 100 }),
			/did not answer within 0.1 s/,
		);
	} finally {
		server.closeAllConnections();
		server.close();
	}
});
