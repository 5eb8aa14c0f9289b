import assert from "node:assert/strict";
import { mkdtemp, rm } from "node:fs/promises";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { ModelUnavailableError } from "../errors.ts";
import { resolveModel } from "./resolve-model.ts";

let server: Server;
let base: string;
let cacheDir: string;
const requests: string[] = [];
let onHold: (() => void) | undefined;

before(async () => {
	cacheDir = await mkdtemp(join(tmpdir(), "crewkit-model-url-"));
	server = createServer((request, response) => {
		requests.push(request.url ?? "");
		if (request.url === "/hold.gguf") {
			onHold?.();
			return; // never answers
		}
		response.writeHead(500).end("broken");
	});
	await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
	base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
after(async () => {
	server.closeAllConnections();
	await new Promise((resolve) => server.close(resolve));
	await rm(cacheDir, { recursive: true, force: true });
});

test("a model URL on a private address is refused before any request", async () => {
	requests.length = 0;
	await assert.rejects(
		resolveModel(`local:${base}/x.gguf`, { cacheDir, env: {} }),
		(error: unknown) =>
			error instanceof ModelUnavailableError &&
			/Refused to download a model.*loopback.*CREWKIT_ALLOW_PRIVATE_MODEL_URLS/.test(error.message),
	);
	assert.deepEqual(requests, []);
});

test("a server error fails the download at once instead of being retried", async () => {
	requests.length = 0;
	await assert.rejects(
		resolveModel(`local:${base}/x.gguf`, {
			cacheDir,
			env: { CREWKIT_ALLOW_PRIVATE_MODEL_URLS: "1" },
		}),
		(error: unknown) =>
			error instanceof ModelUnavailableError && /answered HTTP 500/.test(error.message),
	);
	assert.deepEqual(requests, ["/x.gguf"]);
});

test("a download is cancelled through the run's signal", async () => {
	const controller = new AbortController();
	onHold = () => controller.abort(new Error("shutting down"));
	await assert.rejects(
		resolveModel(`local:${base}/hold.gguf`, {
			cacheDir,
			env: { CREWKIT_ALLOW_PRIVATE_MODEL_URLS: "1" },
			signal: controller.signal,
		}),
		/shutting down/,
	);
});
