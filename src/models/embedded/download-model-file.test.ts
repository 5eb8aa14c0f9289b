import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { existsSync } from "node:fs";
import { mkdtemp, readFile, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { after, before, test } from "node:test";
import {
	fakeGguf,
	type ModelFileServer,
	startModelFileServer,
} from "../../../test/support/model-file-server.ts";
import { CancelledError, ModelUnavailableError } from "../../errors.ts";
import { downloadModelFile } from "./download-model-file.ts";

const file = fakeGguf(300_000);
const sha256 = createHash("sha256").update(file).digest("hex");
const quickRetry = { attempts: 3, baseDelayMs: 1, maxDelayMs: 5 };
let server: ModelFileServer;
let directory = "";
let counter = 0;

before(async () => {
	directory = await mkdtemp(path.join(tmpdir(), "crewkit-download-"));
	server = await startModelFileServer({
		"/model.gguf": { file },
		"/no-ranges.gguf": { file, ranges: false },
		"/cut.gguf": { file, cutAfter: 100_000 },
		"/hold.gguf": { file, holdAfter: 64_000 },
		"/error.gguf": { status: 500 },
		"/busy.gguf": { status: 429, retryAfter: 0 },
		"/missing.gguf": { status: 404 },
		"/page.gguf": { file: Buffer.from("<html>not a model</html>") },
		"/to-metadata.gguf": { redirect: "http://169.254.169.254/latest/meta-data/model.gguf" },
		"/to-model.gguf": { redirect: "/model.gguf" },
	});
});
after(async () => {
	await server.close();
	await rm(directory, { recursive: true, force: true });
});

/** A fresh destination in the test folder. */
function destination(): string {
	counter += 1;
	return path.join(directory, `model-${counter}.gguf`);
}

function url(pathname: string): URL {
	return new URL(pathname, server.origin);
}

function requestsFor(pathname: string) {
	return server.requests.filter((request) => request.path === pathname);
}

test("a model file is downloaded whole, with progress, and only then takes its name", async () => {
	const target = destination();
	const progress: Array<[number, number]> = [];
	await downloadModelFile(url("/model.gguf"), target, {
		allowPrivateNetwork: true,
		sha256,
		onProgress: (downloaded, total) => progress.push([downloaded, total]),
	});
	assert.deepEqual(await readFile(target), file);
	assert.equal(existsSync(`${target}.part`), false);
	assert.deepEqual(progress.at(-1), [file.length, file.length]);
	assert.deepEqual(progress[0], [0, file.length]);
	assert.ok(progress.every(([, total]) => total === file.length));
});

test("redirects are followed, each hop through the guard", async () => {
	const target = destination();
	await downloadModelFile(url("/to-model.gguf"), target, { allowPrivateNetwork: true });
	assert.deepEqual(await readFile(target), file);
});

test("a loopback address is refused before any request unless the operator allowed it", async () => {
	const before = server.requests.length;
	const target = destination();
	await assert.rejects(downloadModelFile(url("/model.gguf"), target), (error: unknown) => {
		assert.ok(error instanceof ModelUnavailableError);
		assert.match(error.message, /Refused to download a model from .*127\.0\.0\.1 is loopback/);
		assert.match(error.message, /CREWKIT_ALLOW_PRIVATE_MODEL_URLS=1/);
		return true;
	});
	assert.equal(server.requests.length, before);
	assert.equal(existsSync(target), false);
});

test("a trusted origin (the operator's mirror) is allowed; its redirect to a metadata address is refused", async () => {
	const target = destination();
	await downloadModelFile(url("/model.gguf"), target, { trustedOrigins: [server.origin] });
	assert.deepEqual(await readFile(target), file);

	const refused = destination();
	await assert.rejects(
		downloadModelFile(url("/to-metadata.gguf"), refused, { trustedOrigins: [server.origin] }),
		(error: unknown) => {
			assert.ok(error instanceof ModelUnavailableError);
			assert.match(error.message, /it redirects to 169\.254\.169\.254, which is link-local/);
			return true;
		},
	);
	assert.equal(requestsFor("/to-metadata.gguf").length, 1, "no retry after a refusal");
	assert.equal(existsSync(refused), false);
});

test("a server error is retried a bounded number of times, then fails with every attempt named", async () => {
	await assert.rejects(
		downloadModelFile(url("/error.gguf"), destination(), {
			allowPrivateNetwork: true,
			retry: quickRetry,
		}),
		(error: unknown) => {
			assert.ok(error instanceof ModelUnavailableError);
			assert.match(error.message, /answered HTTP 500 after 3 attempts/);
			return true;
		},
	);
	assert.equal(requestsFor("/error.gguf").length, 3);
});

test("a rate limit is retried too; a missing file is not", async () => {
	await assert.rejects(
		downloadModelFile(url("/busy.gguf"), destination(), {
			allowPrivateNetwork: true,
			retry: { attempts: 2, baseDelayMs: 1, maxDelayMs: 5 },
		}),
		/HTTP 429 after 2 attempts/,
	);
	assert.equal(requestsFor("/busy.gguf").length, 2);
	await assert.rejects(
		downloadModelFile(url("/missing.gguf"), destination(), {
			allowPrivateNetwork: true,
			retry: quickRetry,
		}),
		(error: unknown) =>
			error instanceof ModelUnavailableError &&
			/answered HTTP 404 \(no such file: check the name\)\.?/.test(error.message) &&
			!/attempts/.test(error.message),
	);
	assert.equal(requestsFor("/missing.gguf").length, 1);
});

test("a connection cut mid-file is resumed from where it stopped", async () => {
	const target = destination();
	await downloadModelFile(url("/cut.gguf"), target, {
		allowPrivateNetwork: true,
		sha256,
		retry: quickRetry,
	});
	assert.deepEqual(await readFile(target), file);
	const ranges = requestsFor("/cut.gguf").map((request) => request.range);
	assert.equal(ranges[0], undefined);
	assert.match(ranges[1] ?? "", /^bytes=\d+-$/);
	assert.ok(Number(/\d+/.exec(ranges[1] ?? "")?.[0]) > 0);
});

test("cancelling stops a download at once and keeps what arrived; the next download resumes it", async () => {
	const target = destination();
	const controller = new AbortController();
	await assert.rejects(
		downloadModelFile(url("/hold.gguf"), target, {
			allowPrivateNetwork: true,
			signal: controller.signal,
			onProgress: (downloaded) => {
				if (downloaded > 0) controller.abort(new Error("SIGTERM"));
			},
		}),
		(error: unknown) => {
			assert.ok(error instanceof CancelledError, String(error));
			assert.match(error.message, /was cancelled; what arrived is kept in .*\.part/);
			return true;
		},
	);
	const kept = (await stat(`${target}.part`)).size;
	assert.ok(kept > 0 && kept < file.length, `kept ${kept} bytes`);
	assert.equal(existsSync(target), false);

	await downloadModelFile(url("/model.gguf"), target, { allowPrivateNetwork: true, sha256 });
	assert.deepEqual(await readFile(target), file);
	assert.equal(requestsFor("/model.gguf").at(-1)?.range, `bytes=${kept}-`);
});

test("a server that ignores the range sends the whole file again, which replaces the partial one", async () => {
	const target = destination();
	await writeFile(`${target}.part`, file.subarray(0, 1000));
	await downloadModelFile(url("/no-ranges.gguf"), target, { allowPrivateNetwork: true, sha256 });
	assert.deepEqual(await readFile(target), file);
});

test("a file whose SHA-256 differs is deleted and refused", async () => {
	const target = destination();
	await assert.rejects(
		downloadModelFile(url("/model.gguf"), target, {
			allowPrivateNetwork: true,
			sha256: "0".repeat(64),
		}),
		(error: unknown) =>
			error instanceof ModelUnavailableError &&
			error.message.includes(`has SHA-256 ${sha256}, not the expected ${"0".repeat(64)}`),
	);
	assert.equal(existsSync(target), false);
	assert.equal(existsSync(`${target}.part`), false);
});

test("a page that is not a GGUF file is deleted and refused", async () => {
	const target = destination();
	await assert.rejects(
		downloadModelFile(url("/page.gguf"), target, { allowPrivateNetwork: true }),
		/is not a GGUF model/,
	);
	assert.equal(existsSync(`${target}.part`), false);
});

test("two downloads of one file in a process share one transfer", async () => {
	const target = destination();
	const before = requestsFor("/model.gguf").length;
	await Promise.all([
		downloadModelFile(url("/model.gguf"), target, { allowPrivateNetwork: true }),
		downloadModelFile(url("/model.gguf"), target, { allowPrivateNetwork: true }),
	]);
	assert.equal(requestsFor("/model.gguf").length, before + 1);
	assert.deepEqual(await readFile(target), file);
});

test("when one of two callers sharing a download cancels, the other's download carries on", async () => {
	const target = destination();
	const first = new AbortController();
	const cancelled = downloadModelFile(url("/hold.gguf"), target, {
		allowPrivateNetwork: true,
		signal: first.signal,
		onProgress: (downloaded) => {
			if (downloaded > 0) first.abort(new Error("run cancelled"));
		},
	});
	const second = downloadModelFile(url("/model.gguf"), target, {
		allowPrivateNetwork: true,
		sha256,
	});
	await assert.rejects(cancelled, CancelledError);
	await second;
	assert.deepEqual(await readFile(target), file);
});

test("a caller waiting on another's download stops waiting when its own signal aborts", async () => {
	const target = destination();
	const holder = new AbortController();
	const holding = downloadModelFile(url("/hold.gguf"), target, {
		allowPrivateNetwork: true,
		signal: holder.signal,
	});
	const waiter = new AbortController();
	const waiting = downloadModelFile(url("/model.gguf"), target, {
		allowPrivateNetwork: true,
		signal: waiter.signal,
	});
	waiter.abort(new Error("shutting down"));
	await assert.rejects(waiting, CancelledError);
	holder.abort();
	await assert.rejects(holding, CancelledError);
});

test("a transfer that stalls is given up and resumed by the next attempt", async () => {
	const target = destination();
	const before = requestsFor("/hold.gguf").length;
	await downloadModelFile(url("/hold.gguf"), target, {
		allowPrivateNetwork: true,
		sha256,
		stallMs: 300,
		retry: { attempts: 4, baseDelayMs: 1, maxDelayMs: 5 },
	});
	assert.deepEqual(await readFile(target), file);
	const asked = requestsFor("/hold.gguf").slice(before);
	assert.equal(asked[0]?.range, undefined);
	assert.match(asked.at(-1)?.range ?? "", /^bytes=[1-9]\d*-$/);
});

test("a stalled transfer with no attempts left says so, and keeps what arrived", async () => {
	const target = destination();
	await assert.rejects(
		downloadModelFile(url("/hold.gguf"), target, {
			allowPrivateNetwork: true,
			stallMs: 200,
			retry: { attempts: 1, baseDelayMs: 1, maxDelayMs: 5 },
		}),
		(error: unknown) =>
			error instanceof ModelUnavailableError &&
			/no data arrived for 0\.2 s\. The \d+\.\d kB downloaded so far are kept in .*\.part/.test(
				error.message,
			),
	);
});
