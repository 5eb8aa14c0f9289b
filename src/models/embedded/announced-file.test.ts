import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { existsSync } from "node:fs";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { after, before, test } from "node:test";
import {
	fakeGguf,
	type ModelFileRoute,
	type ModelFileServer,
	startModelFileServer,
} from "../../../test/support/model-file-server.ts";
import { ModelUnavailableError } from "../../errors.ts";
import { announcedFileOf, announcedHashFile } from "./announced-file.ts";
import { downloadModelFile } from "./download-model-file.ts";

const file = fakeGguf(300_000);
const sha256 = createHash("sha256").update(file).digest("hex");
/** Another file of the same size and magic: only its hash tells it apart. */
const other = Buffer.from(file).fill(1, 1000, 1001);
const otherSha256 = createHash("sha256").update(other).digest("hex");
const commit = "a".repeat(40);
const quickRetry = { attempts: 3, baseDelayMs: 1, maxDelayMs: 5 };

/** What Hugging Face's `resolve` answers for an LFS file: a redirect with the file's hash. */
function announcing(hash: string, size = file.length): Record<string, string> {
	return { "x-linked-etag": `"${hash}"`, "x-linked-size": String(size), "x-repo-commit": commit };
}

let endpoint: ModelFileServer;
let cdn: ModelFileServer;
const endpointRoutes: Record<string, ModelFileRoute> = {};
let directory = "";
let counter = 0;

before(async () => {
	directory = await mkdtemp(path.join(tmpdir(), "crewkit-announced-"));
	cdn = await startModelFileServer({
		"/blob/file": { file },
		"/blob/other": { file: other },
		"/blob/cut": { file, cutAfter: 100_000 },
		// A redirect target's own claims are not the endpoint's: this one is ignored.
		"/blob/claims": { file, headers: announcing("f".repeat(64)) },
	});
	const resolve = (name: string, blob: string, headers: Record<string, string> = {}) => {
		endpointRoutes[`/o/r/resolve/main/${name}.gguf`] = {
			redirect: `${cdn.origin}/blob/${blob}`,
			headers,
		};
	};
	resolve("good", "file", announcing(sha256));
	resolve("corrupt", "other", announcing(sha256));
	resolve("plain", "other");
	resolve("cdn-claims", "claims", announcing(sha256));
	resolve("wrong-size", "file", announcing(sha256, file.length + 1));
	resolve("cut", "cut", announcing(sha256));
	resolve("changing", "cut", announcing(sha256));
	endpoint = await startModelFileServer(endpointRoutes);
});
after(async () => {
	await endpoint.close();
	await cdn.close();
	await rm(directory, { recursive: true, force: true });
});

function destination(): string {
	counter += 1;
	return path.join(directory, `model-${counter}.gguf`);
}

function url(name: string): URL {
	return new URL(`/o/r/resolve/main/${name}.gguf`, endpoint.origin);
}

function cdnRequests(blob: string): number {
	return cdn.requests.filter((request) => request.path === `/blob/${blob}`).length;
}

test("the announcement is Hugging Face's X-Linked-Etag (quoted or weak), X-Linked-Size and X-Repo-Commit", () => {
	assert.deepEqual(announcedFileOf(new Headers(announcing(sha256.toUpperCase(), 42))), {
		sha256,
		size: 42,
		commit,
	});
	assert.equal(announcedFileOf(new Headers({ "x-linked-etag": `W/"${sha256}"` })).sha256, sha256);
	// A plain Git file's etag is a SHA-1: not a SHA-256, so not taken for one.
	const gitFile = announcedFileOf(new Headers({ "x-linked-etag": `"${"b".repeat(40)}"` }));
	assert.equal(gitFile.sha256, undefined);
	assert.deepEqual(announcedFileOf(new Headers({ etag: `"${sha256}"`, "x-linked-size": "-1" })), {
		sha256: undefined,
		size: undefined,
		commit: undefined,
	});
});

test("a file matching the hash its endpoint announced is kept; the recorded hash is removed", async () => {
	const target = destination();
	await downloadModelFile(url("good"), target, { allowPrivateNetwork: true });
	assert.deepEqual(await readFile(target), file);
	assert.equal(existsSync(announcedHashFile(`${target}.part`)), false);
});

test("a file that does not match the announced hash is deleted, with an error saying so", async () => {
	const target = destination();
	await assert.rejects(
		downloadModelFile(url("corrupt"), target, { allowPrivateNetwork: true }),
		(error: unknown) => {
			assert.ok(error instanceof ModelUnavailableError);
			assert.match(
				error.message,
				new RegExp(
					`has SHA-256 ${otherSha256}, not the ${sha256} that 127\\.0\\.0\\.1:\\d+ announced`,
				),
			);
			assert.match(error.message, /it was deleted\. Download it again/);
			return true;
		},
	);
	for (const leftover of [target, `${target}.part`, announcedHashFile(`${target}.part`)])
		assert.equal(existsSync(leftover), false, leftover);
});

test("without an announcement the size and the GGUF header are checked, as before", async () => {
	const target = destination();
	await downloadModelFile(url("plain"), target, { allowPrivateNetwork: true });
	assert.deepEqual(await readFile(target), other);
});

test("only the endpoint's own answer counts: a hash its redirect target claims is ignored", async () => {
	const target = destination();
	await downloadModelFile(url("cdn-claims"), target, { allowPrivateNetwork: true });
	assert.deepEqual(await readFile(target), file);
});

test("a file whose size is not the announced one is deleted", async () => {
	const target = destination();
	await assert.rejects(
		downloadModelFile(url("wrong-size"), target, { allowPrivateNetwork: true }),
		new RegExp(
			`has ${file.length} bytes .*not the ${file.length + 1} 127\\.0\\.0\\.1:\\d+ announced`,
		),
	);
	assert.equal(existsSync(`${target}.part`), false);
});

test("a catalog hash the endpoint contradicts is refused before a byte is fetched, saying what to do", async () => {
	const target = destination();
	const fetched = cdnRequests("file");
	const asked = endpoint.requests.length;
	await assert.rejects(
		downloadModelFile(url("good"), target, {
			allowPrivateNetwork: true,
			sha256: otherSha256,
			retry: quickRetry,
		}),
		(error: unknown) => {
			assert.ok(error instanceof ModelUnavailableError);
			assert.match(error.message, new RegExp(`now announces SHA-256 ${sha256}`));
			assert.match(error.message, new RegExp(`crewkit's model list pins ${otherSha256}`));
			assert.match(error.message, /changed upstream.*Nothing was downloaded\. Update crewkit/);
			assert.match(
				error.message,
				new RegExp(`--model local:http://.*/resolve/${commit}/good\\.gguf`),
			);
			return true;
		},
	);
	assert.equal(cdnRequests("file"), fetched, "the bytes were never asked for");
	assert.equal(endpoint.requests.length, asked + 1, "asked once: a changed file is not retried");
	assert.equal(existsSync(`${target}.part`), false);
});

test("a catalog hash the endpoint confirms downloads as before", async () => {
	const target = destination();
	await downloadModelFile(url("good"), target, { allowPrivateNetwork: true, sha256 });
	assert.deepEqual(await readFile(target), file);
});

test("a resumed download keeps the hash it began with, across attempts and across processes", async () => {
	const target = destination();
	// The first process is cut off after 100 kB and gives up; the hash stays with the partial file.
	await assert.rejects(
		downloadModelFile(url("cut"), target, {
			allowPrivateNetwork: true,
			retry: { attempts: 1, baseDelayMs: 1, maxDelayMs: 5 },
		}),
		/kept in/,
	);
	assert.equal((await readFile(announcedHashFile(`${target}.part`), "latin1")).trim(), sha256);
	await downloadModelFile(url("cut"), target, { allowPrivateNetwork: true, retry: quickRetry });
	assert.deepEqual(await readFile(target), file);
	assert.equal(cdn.requests.filter((r) => r.path === "/blob/cut").at(-1)?.range, "bytes=100000-");
	assert.equal(existsSync(announcedHashFile(`${target}.part`)), false);
});

test("a file that changes on the server mid-download: the partial file is deleted and the user told", async () => {
	const target = destination();
	const route = url("changing").pathname;
	let changed = false;
	try {
		await assert.rejects(
			downloadModelFile(url("changing"), target, {
				allowPrivateNetwork: true,
				retry: quickRetry,
				onProgress: (downloaded) => {
					// Once bytes of the first file are on disk, the repository gets a new file.
					if (downloaded > 0 && !changed) {
						changed = true;
						endpointRoutes[route] = {
							redirect: `${cdn.origin}/blob/cut`,
							headers: announcing(otherSha256),
						};
					}
				},
			}),
			(error: unknown) => {
				assert.ok(error instanceof ModelUnavailableError, String(error));
				assert.match(
					error.message,
					new RegExp(
						`changed on the server during the download: its SHA-256 was ${sha256} when the download began and is now ${otherSha256}`,
					),
				);
				assert.match(
					error.message,
					/The 100\.0 kB downloaded before .* were deleted; run the same command again/,
				);
				return true;
			},
		);
	} finally {
		endpointRoutes[route] = { redirect: `${cdn.origin}/blob/cut`, headers: announcing(sha256) };
	}
	assert.ok(changed);
	for (const leftover of [target, `${target}.part`, announcedHashFile(`${target}.part`)])
		assert.equal(existsSync(leftover), false, leftover);
});
