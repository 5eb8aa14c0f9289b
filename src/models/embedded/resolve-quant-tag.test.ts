import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { after, before, test } from "node:test";
import {
	fakeGguf,
	type ModelFileRoute,
	type ModelFileServer,
	startModelFileServer,
} from "../../../test/support/model-file-server.ts";
import { ConfigError, ModelUnavailableError } from "../../errors.ts";
import { resolveLocalModelFile } from "./default-model.ts";
import type { QuantTagUri } from "./model-source.ts";
import { cachedQuantFile, quantTagCacheFile, recordQuantFile } from "./quant-tag-cache.ts";

const file = fakeGguf(60_000);
const sha256 = createHash("sha256").update(file).digest("hex");
const repo = "bartowski/Qwen2.5-7B-Instruct-GGUF";
const spec = `hf:${repo}:Q4_K_M`;

/** A tree listing as the Hub API gives it. */
function tree(...paths: string[]) {
	return {
		json: paths.map((entry) =>
			entry.endsWith("/")
				? { type: "directory", oid: "0".repeat(40), size: 0, path: entry.slice(0, -1) }
				: { type: "file", oid: "0".repeat(40), size: file.length, path: entry },
		),
	};
}

/** A resolve answer that announces the file's hash, as Hugging Face does. */
const served: ModelFileRoute = {
	file,
	headers: { "x-linked-etag": `"${sha256}"`, "x-linked-size": String(file.length) },
};

function hubRoutes(): Record<string, ModelFileRoute> {
	return {
		[`/api/models/${repo}/tree/main`]: tree(
			"README.md",
			"Qwen2.5-7B-Instruct-Q4_K.gguf",
			"Qwen2.5-7B-Instruct-Q4_K_M.gguf",
			"Qwen2.5-7B-Instruct-Q4_K_M_L.gguf",
		),
		[`/${repo}/resolve/main/Qwen2.5-7B-Instruct-Q4_K_M.gguf`]: served,
		"/api/models/o/Tiny-GGUF/tree/v2": tree("q8/", "q8/tiny-Q8_0.gguf", "tiny-Q4_0.gguf"),
		"/o/Tiny-GGUF/resolve/v2/q8/tiny-Q8_0.gguf": served,
		"/api/models/o/Paged-GGUF/tree/main": {
			...tree("paged-Q8_0.gguf"),
			headers: {
				link: '</api/models/o/Paged-GGUF/tree/main?recursive=true&cursor=Mg>; rel="next"',
			},
		},
		"/api/models/o/Paged-GGUF/tree/main?recursive=true&cursor=Mg": tree("paged-Q4_K_M.gguf"),
		"/o/Paged-GGUF/resolve/main/paged-Q4_K_M.gguf": served,
		"/api/models/o/Away-GGUF/tree/main": {
			...tree("away-Q8_0.gguf"),
			headers: { link: '<http://203.0.113.9/api/models/o/Away-GGUF/tree/main>; rel="next"' },
		},
		"/api/models/o/Page-GGUF/tree/main": { file: Buffer.from("<html>sign in</html>") },
		"/api/models/o/Meta-GGUF/tree/main": { redirect: "http://169.254.169.254/latest/meta-data" },
		"/api/models/o/Busy-GGUF/tree/main": { status: 429, retryAfter: 0 },
		// No quantisation named: Q4_K_M, else Q8_0 (llama.cpp's -hf).
		"/api/models/o/Default-GGUF/tree/main": tree("default-Q8_0.gguf", "default-Q4_K_M.gguf"),
		"/o/Default-GGUF/resolve/main/default-Q4_K_M.gguf": served,
		"/api/models/o/NoQ4-GGUF/tree/main": tree(
			"Q4_K_M/",
			"Q4_K_M/noq4-Q4_K_M-00001-of-00002.gguf",
			"Q4_K_M/noq4-Q4_K_M-00002-of-00002.gguf",
			"noq4-Q5_K_M.gguf",
			"noq4-Q8_0.gguf",
		),
		"/o/NoQ4-GGUF/resolve/main/noq4-Q8_0.gguf": served,
		"/api/models/o/Split-GGUF/tree/main": tree(
			"split-Q4_K_M-00001-of-00002.gguf",
			"split-Q4_K_M-00002-of-00002.gguf",
		),
	};
}

let hub: ModelFileServer;
let directory = "";

before(async () => {
	directory = await mkdtemp(path.join(tmpdir(), "crewkit-quant-tag-"));
	hub = await startModelFileServer(hubRoutes());
});
after(async () => {
	await hub.close();
	await rm(directory, { recursive: true, force: true });
});

async function freshCache(name: string): Promise<string> {
	const cacheDir = path.join(directory, name);
	await mkdir(cacheDir, { recursive: true });
	return cacheDir;
}

test("a quant tag resolves through the repository's listing, downloads that file, and runs again offline", async () => {
	// A server of its own, stopped before the second run.
	const own = await startModelFileServer(hubRoutes());
	const cacheDir = await freshCache("offline");
	const env = { HF_ENDPOINT: own.origin };
	let resolved: string;
	try {
		resolved = await resolveLocalModelFile(spec, { cacheDir, env });
		assert.equal(resolved, path.join(cacheDir, "hf_bartowski_Qwen2.5-7B-Instruct-Q4_K_M.gguf"));
		assert.deepEqual(await readFile(resolved), file);
		assert.deepEqual(
			own.requests.map((request) => request.target),
			[
				`/api/models/${repo}/tree/main?recursive=true`,
				`/${repo}/resolve/main/Qwen2.5-7B-Instruct-Q4_K_M.gguf`,
			],
		);
	} finally {
		await own.close();
	}
	const record = JSON.parse(await readFile(path.join(cacheDir, quantTagCacheFile), "utf8"));
	assert.deepEqual(Object.keys(record.entries), [`${repo}:Q4_K_M#main`]);
	assert.equal(record.entries[`${repo}:Q4_K_M#main`].path, "Qwen2.5-7B-Instruct-Q4_K_M.gguf");
	// The endpoint is gone: the recorded resolution and the downloaded file are enough,
	// whatever the tag's case.
	assert.equal(await resolveLocalModelFile(spec, { cacheDir, env }), resolved);
	assert.equal(await resolveLocalModelFile(`hf:${repo}:q4_k_m`, { cacheDir, env }), resolved);
});

test("the file URI of the same file shares the download", async () => {
	const cacheDir = await freshCache("shared");
	const env = { HF_ENDPOINT: hub.origin };
	const byTag = await resolveLocalModelFile(spec, { cacheDir, env });
	const asked = hub.requests.length;
	const byName = await resolveLocalModelFile(`hf:${repo}/Qwen2.5-7B-Instruct-Q4_K_M.gguf`, {
		cacheDir,
		env,
	});
	assert.equal(byName, byTag);
	assert.equal(hub.requests.length, asked);
});

test("#revision lists and downloads that revision; a file in a folder is found", async () => {
	const cacheDir = await freshCache("revision");
	const resolved = await resolveLocalModelFile("hf:o/Tiny-GGUF:Q8_0#v2", {
		cacheDir,
		env: { HF_ENDPOINT: hub.origin },
	});
	assert.equal(path.basename(resolved), "hf_o_Tiny-GGUF_v2_q8_tiny-Q8_0.gguf");
	assert.deepEqual(await readFile(resolved), file);
	assert.ok(hub.requests.some((request) => request.path === "/api/models/o/Tiny-GGUF/tree/v2"));
});

test("a listing in pages is followed to its end", async () => {
	const cacheDir = await freshCache("paged");
	const resolved = await resolveLocalModelFile("hf:o/Paged-GGUF:Q4_K_M", {
		cacheDir,
		env: { HF_ENDPOINT: hub.origin },
	});
	assert.equal(path.basename(resolved), "hf_o_paged-Q4_K_M.gguf");
});

test("a tag no file carries is refused with the tags there are, and nothing is recorded", async () => {
	const cacheDir = await freshCache("no-match");
	await assert.rejects(
		resolveLocalModelFile(`hf:${repo}:Q5_K_M`, { cacheDir, env: { HF_ENDPOINT: hub.origin } }),
		(error: unknown) =>
			error instanceof ConfigError &&
			error.message ===
				`hf:${repo} has no GGUF file tagged Q5_K_M. Its quantisations: Q4_K, Q4_K_M, Q4_K_M_L.`,
	);
	assert.deepEqual(await readdir(cacheDir), []);
});

test("an unknown repository, a page that is not a listing and a next page elsewhere are clear errors", async () => {
	const cacheDir = await freshCache("errors");
	const env = { HF_ENDPOINT: hub.origin };
	await assert.rejects(
		resolveLocalModelFile("hf:nobody/Nothing-GGUF:Q4_K_M", { cacheDir, env }),
		(error: unknown) =>
			error instanceof ConfigError &&
			/answered HTTP 404 for the file list of hf:nobody\/Nothing-GGUF: the repository or the revision does not exist, or it is private \(set HF_TOKEN to read a private repository\)\. Check the name\.$/.test(
				error.message,
			),
	);
	await assert.rejects(
		resolveLocalModelFile("hf:o/Page-GGUF:Q4_K_M", { cacheDir, env }),
		(error: unknown) =>
			error instanceof ModelUnavailableError &&
			/answered with something other than a file list for the file list of hf:o\/Page-GGUF \(is HF_ENDPOINT a Hugging Face mirror\?\)/.test(
				error.message,
			),
	);
	await assert.rejects(
		resolveLocalModelFile("hf:o/Away-GGUF:Q4_K_M", { cacheDir, env }),
		(error: unknown) =>
			error instanceof ModelUnavailableError &&
			/sent the next page of a file list to http:\/\/203\.0\.113\.9, not to itself/.test(
				error.message,
			),
	);
	assert.equal(
		hub.requests.filter((request) => request.target.includes("Away")).length,
		1,
		"the foreign page was not asked for",
	);
});

test("a rate-limited listing is tried again a bounded number of times, then says what to do", async () => {
	const cacheDir = await freshCache("busy");
	await assert.rejects(
		resolveLocalModelFile("hf:o/Busy-GGUF:Q4_K_M", {
			cacheDir,
			env: { HF_ENDPOINT: hub.origin },
			retry: { attempts: 3, baseDelayMs: 1, maxDelayMs: 5 },
		}),
		(error: unknown) =>
			error instanceof ModelUnavailableError &&
			/Could not get the file list of hf:o\/Busy-GGUF: 127\.0\.0\.1:\d+ answered HTTP 429 \(3 attempts\)\. Try again later, or name the file: hf:o\/Busy-GGUF\/<file>\.gguf\./.test(
				error.message,
			),
	);
	assert.equal(hub.requests.filter((request) => request.path.includes("Busy")).length, 3);
});

test("the listing goes through the address guard: a redirect to a metadata address is refused", async () => {
	const cacheDir = await freshCache("guard");
	await assert.rejects(
		resolveLocalModelFile("hf:o/Meta-GGUF:Q4_K_M", { cacheDir, env: { HF_ENDPOINT: hub.origin } }),
		(error: unknown) =>
			error instanceof ModelUnavailableError &&
			/Refused to list the files of a model at http:\/\/127\.0\.0\.1:\d+\/api\/models\/o\/Meta-GGUF\/tree\/main\?recursive=true: it redirects to 169\.254\.169\.254, which is link-local/.test(
				error.message,
			),
	);
	assert.deepEqual(await readdir(cacheDir), []);
});

test("a damaged record in the cache is ignored and replaced", async () => {
	const cacheDir = await freshCache("damaged");
	await writeFile(path.join(cacheDir, quantTagCacheFile), "{ not json");
	const resolved = await resolveLocalModelFile(spec, {
		cacheDir,
		env: { HF_ENDPOINT: hub.origin },
	});
	assert.deepEqual(await readFile(resolved), file);
	const record = JSON.parse(await readFile(path.join(cacheDir, quantTagCacheFile), "utf8"));
	assert.equal(record.version, 1);
	assert.ok(record.entries[`${repo}:Q4_K_M#main`]);
});

test("a repository with no quant tag takes its Q4_K_M, says so, and runs again offline without asking", async () => {
	const cacheDir = await freshCache("default");
	const notices: string[] = [];
	const options = {
		cacheDir,
		env: { HF_ENDPOINT: hub.origin },
		onResolve: (message: string) => notices.push(message),
	};
	const resolved = await resolveLocalModelFile("hf:o/Default-GGUF", options);
	assert.equal(path.basename(resolved), "hf_o_default-Q4_K_M.gguf");
	assert.deepEqual(await readFile(resolved), file);
	assert.deepEqual(notices, [
		"hf:o/Default-GGUF names no quantisation: using its Q4_K_M file, default-Q4_K_M.gguf. Name another as hf:o/Default-GGUF:<QUANT>.",
	]);
	const record = JSON.parse(await readFile(path.join(cacheDir, quantTagCacheFile), "utf8"));
	assert.deepEqual(Object.keys(record.entries), ["o/Default-GGUF#main"]);
	const asked = hub.requests.length;
	assert.equal(await resolveLocalModelFile("hf:o/Default-GGUF", options), resolved);
	assert.equal(hub.requests.length, asked, "the recorded resolution is used");
	assert.equal(notices.length, 1, "nothing to tell when nothing was resolved");
	// The explicit tag names the same file, and is a resolution of its own.
	assert.equal(await resolveLocalModelFile("hf:o/Default-GGUF:Q4_K_M", options), resolved);
});

test("without Q4_K_M as a single file, no quant tag takes Q8_0 and says why", async () => {
	const notices: string[] = [];
	const resolved = await resolveLocalModelFile("hf:o/NoQ4-GGUF", {
		cacheDir: await freshCache("default-q8"),
		env: { HF_ENDPOINT: hub.origin },
		onResolve: (message) => notices.push(message),
	});
	assert.equal(path.basename(resolved), "hf_o_noq4-Q8_0.gguf");
	assert.deepEqual(notices, [
		"hf:o/NoQ4-GGUF names no quantisation and has no single-file Q4_K_M: using its Q8_0 file, noq4-Q8_0.gguf, as llama.cpp's -hf would. Name another as hf:o/NoQ4-GGUF:<QUANT>.",
	]);
});

test("no quant tag in a repository of split files only is refused with the quantisations there are", async () => {
	const cacheDir = await freshCache("default-split");
	await assert.rejects(
		resolveLocalModelFile("hf:o/Split-GGUF", { cacheDir, env: { HF_ENDPOINT: hub.origin } }),
		(error: unknown) =>
			error instanceof ConfigError &&
			error.message ===
				"hf:o/Split-GGUF names no quantisation, and the repository has no single-file GGUF for crewkit to load: its quantisations are Q4_K_M (split). Merge the parts of one with llama.cpp's llama-gguf-split --merge and use local:<merged.gguf>.",
	);
	assert.deepEqual(await readdir(cacheDir), []);
});

test("two runs recording the same resolution at once both succeed, and the cache holds it", async () => {
	const cacheDir = await freshCache("concurrent");
	const uri: QuantTagUri = { owner: "o", repo: "Tiny-GGUF", tag: "Q8_0", revision: "main" };
	await Promise.all([
		recordQuantFile(cacheDir, uri, "q8/tiny-Q8_0.gguf"),
		recordQuantFile(cacheDir, uri, "q8/tiny-Q8_0.gguf"),
	]);
	assert.equal(await cachedQuantFile(cacheDir, uri), "q8/tiny-Q8_0.gguf");
	assert.deepEqual(await readdir(cacheDir), [quantTagCacheFile], "no temporary file left");
});
