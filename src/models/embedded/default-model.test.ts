import assert from "node:assert/strict";
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { after, before, test } from "node:test";
import { pathToFileURL } from "node:url";
import {
	fakeGguf,
	type ModelFileServer,
	startModelFileServer,
} from "../../../test/support/model-file-server.ts";
import { CancelledError, ModelUnavailableError } from "../../errors.ts";
import { defaultLocalModel, defaultModelCacheDir, resolveLocalModelFile } from "./default-model.ts";
import { findCatalogModel } from "./model-catalog.ts";

let directory = "";
before(async () => {
	directory = await mkdtemp(path.join(tmpdir(), "crewkit-models-"));
});
after(async () => {
	await rm(directory, { recursive: true, force: true });
});

/** Runs `action` with environment variables set, restoring them afterwards. */
async function withEnv<T>(values: Record<string, string>, action: () => Promise<T>): Promise<T> {
	const saved = Object.fromEntries(Object.keys(values).map((key) => [key, process.env[key]]));
	Object.assign(process.env, values);
	try {
		return await action();
	} finally {
		for (const [key, value] of Object.entries(saved)) {
			if (value === undefined) delete process.env[key];
			else process.env[key] = value;
		}
	}
}

test("the default model is a Qwen2.5 instruct GGUF on Hugging Face", () => {
	assert.match(defaultLocalModel, /^hf:Qwen\/Qwen2\.5-.*-Instruct-GGUF\/.*\.gguf$/);
});

test("the cache directory follows CREWKIT_CACHE_DIR, then XDG_CACHE_HOME, then ~/.cache", () => {
	assert.equal(defaultModelCacheDir({ CREWKIT_CACHE_DIR: "/c", XDG_CACHE_HOME: "/x" }), "/c");
	assert.equal(defaultModelCacheDir({ XDG_CACHE_HOME: "/x" }), "/x/crewkit/models");
	assert.match(defaultModelCacheDir({}), /\.cache[/\\]crewkit[/\\]models$/);
});

test("a local path or file: URL to an existing file resolves to its absolute path", async () => {
	const file = path.join(directory, "model.gguf");
	await writeFile(file, "GGUF");
	assert.equal(await resolveLocalModelFile(file), file);
	assert.equal(await resolveLocalModelFile(pathToFileURL(file).href), file);
});

test("a missing local file is a ModelUnavailableError naming the path and what to pass", async () => {
	const missing = path.join(directory, "nope.gguf");
	await assert.rejects(resolveLocalModelFile(missing), (error: unknown) => {
		assert.ok(error instanceof ModelUnavailableError);
		assert.match(error.message, new RegExp(`'${missing.replaceAll("\\", "\\\\")}' does not exist`));
		assert.match(error.message, /--model local:\/path\/to\/model\.gguf/);
		return true;
	});
	await assert.rejects(resolveLocalModelFile(directory), /is not a file/);
});

test("a model already in the cache is returned without any network access", async () => {
	const cacheDir = path.join(directory, "cache-hit");
	const cached = path.join(cacheDir, "hf_Qwen_qwen2.5-1.5b-instruct-q4_k_m.gguf");
	await rm(cacheDir, { recursive: true, force: true });
	await mkdir(cacheDir, { recursive: true });
	await writeFile(cached, "GGUF");
	const resolved = await withEnv({ MODEL_ENDPOINT: "http://127.0.0.1:9/" }, () =>
		resolveLocalModelFile(defaultLocalModel, { cacheDir }),
	);
	assert.equal(resolved, cached);
	await writeFile(path.join(cacheDir, "tiny.gguf"), "GGUF");
	assert.equal(
		await resolveLocalModelFile("https://127.0.0.1:9/files/tiny.gguf", { cacheDir }),
		path.join(cacheDir, "tiny.gguf"),
	);
});

function assertHelpfulDownloadError(error: unknown): true {
	assert.ok(error instanceof ModelUnavailableError, String(error));
	assert.match(error.message, /could not be downloaded/);
	assert.match(error.message, /--model local:\/path\/to\/model\.gguf/);
	assert.match(error.message, /--model ollama:qwen3/);
	assert.match(error.message, /--model openai-compatible:<model>@<baseURL>/);
	return true;
}

test("when the download host cannot be reached, the download fails fast with what to do instead", {
	timeout: 15_000,
}, async () => {
	const cacheDir = path.join(directory, "unreachable");
	const started = Date.now();
	await withEnv({ MODEL_ENDPOINT: "http://127.0.0.1:9/" }, () =>
		assert.rejects(
			resolveLocalModelFile(defaultLocalModel, { cacheDir }),
			assertHelpfulDownloadError,
		),
	);
	assert.ok(Date.now() - started < 5000, `took ${Date.now() - started} ms`);
});

test("when the Hugging Face host's name does not resolve (as offline), downloading the default model fails fast with what to do instead", {
	timeout: 15_000,
}, async () => {
	// `.invalid` never resolves (RFC 6761): the same failure as a machine without DNS,
	// whether or not this machine has network access.
	const cacheDir = path.join(directory, "offline");
	await withEnv({ MODEL_ENDPOINT: "", HF_ENDPOINT: "https://huggingface.invalid/" }, () =>
		assert.rejects(
			resolveLocalModelFile(defaultLocalModel, { cacheDir }),
			(error: unknown) =>
				assertHelpfulDownloadError(error) && /huggingface\.invalid/.test(String(error)),
		),
	);
});

test("an aborted download rejects with CancelledError", async () => {
	const controller = new AbortController();
	controller.abort();
	await assert.rejects(
		resolveLocalModelFile(defaultLocalModel, {
			cacheDir: path.join(directory, "aborted"),
			signal: controller.signal,
		}),
		CancelledError,
	);
});

const small = findCatalogModel("qwen2.5-0.5b");
const medium = findCatalogModel("qwen2.5-1.5b");
const file = fakeGguf(50_000);

async function withMirror<T>(action: (mirror: ModelFileServer) => Promise<T>): Promise<T> {
	const mirror = await startModelFileServer({
		"/Qwen/Qwen2.5-0.5B-Instruct-GGUF/resolve/main/qwen2.5-0.5b-instruct-q4_k_m.gguf": { file },
		"/Qwen/Qwen2.5-1.5B-Instruct-GGUF/resolve/main/qwen2.5-1.5b-instruct-q4_k_m.gguf": { file },
		"/files/tiny.gguf": { file },
	});
	try {
		return await action(mirror);
	} finally {
		await mirror.close();
	}
}

test("an hf: model downloads from the operator's mirror (HF_ENDPOINT) into the cache, under its name", async () => {
	assert.ok(small);
	const cacheDir = path.join(directory, "mirror");
	await withMirror(async (mirror) => {
		const resolved = await resolveLocalModelFile(small.source, {
			cacheDir,
			env: { HF_ENDPOINT: `${mirror.origin}/` },
		});
		assert.equal(resolved, path.join(cacheDir, "hf_Qwen_qwen2.5-0.5b-instruct-q4_k_m.gguf"));
		assert.deepEqual(await readFile(resolved), file);
		// Cached: the second time asks nothing.
		const asked = mirror.requests.length;
		await resolveLocalModelFile(small.source, { cacheDir, env: { HF_ENDPOINT: mirror.origin } });
		assert.equal(mirror.requests.length, asked);
	});
});

test("a listed model's SHA-256 is checked: another file under its name is refused and not kept", async () => {
	assert.ok(medium?.sha256);
	const cacheDir = path.join(directory, "checksum");
	await withMirror((mirror) =>
		assert.rejects(
			resolveLocalModelFile(medium.source, { cacheDir, env: { HF_ENDPOINT: mirror.origin } }),
			(error: unknown) =>
				error instanceof ModelUnavailableError &&
				error.message.includes(`not the expected ${medium.sha256}`) &&
				/--model local:\/path\/to\/model\.gguf/.test(error.message),
		),
	);
	assert.deepEqual(await readdir(cacheDir), []);
});

test("a model URL on the local network needs CREWKIT_ALLOW_PRIVATE_MODEL_URLS=1", async () => {
	const cacheDir = path.join(directory, "private");
	await withMirror(async (mirror) => {
		const url = `${mirror.origin}/files/tiny.gguf`;
		await assert.rejects(
			resolveLocalModelFile(url, { cacheDir, env: {} }),
			/Refused to download a model from .*loopback/,
		);
		assert.equal(mirror.requests.length, 0);
		const resolved = await resolveLocalModelFile(url, {
			cacheDir,
			env: { CREWKIT_ALLOW_PRIVATE_MODEL_URLS: "1" },
		});
		assert.equal(resolved, path.join(cacheDir, "tiny.gguf"));
	});
});
