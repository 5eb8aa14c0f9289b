import assert from "node:assert/strict";
import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import type { LanguageModelV4Prompt } from "@ai-sdk/provider";
import { startFaultServer } from "../../test/support/fault-server.ts";
import { fakeGguf, startModelFileServer } from "../../test/support/model-file-server.ts";
import { ConfigError } from "../errors.ts";
import {
	type DefaultModelChoice,
	type LlamaLanguageModel,
	modelCatalog,
	modelSourceOf,
} from "./embedded/index.ts";
import { loadedModelCount } from "./embedded/loaded-model.ts";
import { skipWithoutStoriesModel, storiesModelPath } from "./embedded/stories-fixture.ts";
import {
	defaultModelSpec,
	modelProviders,
	parseModelString,
	resolveModel,
} from "./resolve-model.ts";

test("unknown model strings list the forms crewkit accepts", () => {
	for (const spec of ["gpt-4", "foo:bar", "openai:", ":x"]) {
		assert.throws(
			() => parseModelString(spec),
			(error: unknown) => {
				assert.ok(error instanceof ConfigError);
				assert.match(error.message, /Unknown model/);
				assert.match(error.message, /openai-compatible:<model>@<baseURL>/);
				return true;
			},
		);
	}
});

test("hosted providers need their key, and say how to run without one", async () => {
	await assert.rejects(resolveModel("openai:gpt-4.1-mini", { env: {} }), /OPENAI_API_KEY.*local:/);
	await assert.rejects(resolveModel("anthropic:claude-x", { env: {} }), /ANTHROPIC_API_KEY/);
	const model = (await resolveModel("openai:gpt-4.1-mini", { env: { OPENAI_API_KEY: "sk-test" } }))
		.model;
	assert.equal(model.modelId, "gpt-4.1-mini");
});

test("OpenAI-compatible servers resolve from the string or their default base URL", async () => {
	const custom = (await resolveModel("openai-compatible:qwen3@http://127.0.0.1:9/v1", { env: {} }))
		.model;
	assert.equal(custom.modelId, "qwen3");
	assert.equal(custom.provider.split(".")[0], "openai-compatible");
	const ollama = (await resolveModel("ollama:qwen3", { env: {} })).model;
	assert.equal(ollama.modelId, "qwen3");
	await assert.rejects(resolveModel("openai-compatible:qwen3", { env: {} }), /<model>@<baseURL>/);
});

test("scripted and replay models load from files relative to cwd", async () => {
	const directory = await mkdtemp(join(tmpdir(), "crewkit-"));
	await writeFile(join(directory, "script.json"), JSON.stringify(["hello"]));
	const { model } = await resolveModel("scripted:script.json", { cwd: directory });
	assert.equal(model.provider, "scripted");
	await assert.rejects(
		resolveModel("replay:missing.json", { cwd: directory }),
		/Cannot read the recording/,
	);
	await writeFile(join(directory, "bad.json"), JSON.stringify({ replies: [{ txt: 1 }] }));
	await assert.rejects(
		resolveModel("scripted:bad.json", { cwd: directory }),
		/bad\.json: Not a script: /,
	);
});

test("local:default runs the model chosen for this machine, with its context, and says why first", async () => {
	const cacheDir = await mkdtemp(join(tmpdir(), "crewkit-default-"));
	// Every listed model is "downloaded" already, so whichever this machine gets is found.
	for (const entry of modelCatalog) {
		await writeFile(join(cacheDir, modelSourceOf(entry.source, {}).fileName), fakeGguf(1000));
	}
	const choices: DefaultModelChoice[] = [];
	const resolved = await resolveModel("local:default", {
		cacheDir,
		env: {},
		threads: 1,
		onModelChoice: (choice) => choices.push(choice),
	});
	const [choice] = choices;
	assert.ok(choice);
	assert.match(choice.reason, new RegExp(`^${choice.model.name.replaceAll(".", "\\.")} \\(`));
	const settings = (resolved.model as LlamaLanguageModel).settings;
	assert.equal(settings.modelPath, join(cacheDir, modelSourceOf(choice.model.source, {}).fileName));
	assert.equal(settings.contextSize, choice.contextSize);
	assert.equal(settings.gpu, choice.gpu ? "auto" : false);
	assert.equal(settings.threads, 1);
	await resolved.dispose();

	const chosen = await resolveModel("local:default", { cacheDir, env: {}, contextSize: 1024 });
	const chosenSettings = (chosen.model as LlamaLanguageModel).settings;
	assert.equal(chosenSettings.contextSize, 1024, "--context wins over the chosen context");
	assert.ok(chosenSettings.threads >= 1 && chosenSettings.threads <= 8);
	await chosen.dispose();
});

test("local:hf:owner/repo says which file it took before the model loads", async () => {
	const hub = await startModelFileServer({
		"/api/models/o/Plain-GGUF/tree/main": {
			json: [{ type: "file", path: "plain-Q4_K_M.gguf", size: 1000 }],
		},
		"/o/Plain-GGUF/resolve/main/plain-Q4_K_M.gguf": { file: fakeGguf(1000) },
	});
	try {
		const cacheDir = await mkdtemp(join(tmpdir(), "crewkit-hf-default-"));
		const told: string[] = [];
		const resolved = await resolveModel("local:hf:o/Plain-GGUF", {
			cacheDir,
			env: { HF_ENDPOINT: hub.origin },
			onModelResolve: (message) => told.push(message),
		});
		assert.deepEqual(told, [
			"hf:o/Plain-GGUF names no quantisation: using its Q4_K_M file, plain-Q4_K_M.gguf. Name another as hf:o/Plain-GGUF:<QUANT>.",
		]);
		assert.equal(
			(resolved.model as LlamaLanguageModel).settings.modelPath,
			join(cacheDir, "hf_o_plain-Q4_K_M.gguf"),
		);
		await resolved.dispose();
	} finally {
		await hub.close();
	}
});

test("a model string's provider is what comes before the first colon; the rest is trimmed and must not be blank", async () => {
	assert.deepEqual(parseModelString(defaultModelSpec), { provider: "local", rest: "default" });
	assert.deepEqual(parseModelString("openai:  gpt-4.1-mini \t"), {
		provider: "openai",
		rest: "gpt-4.1-mini",
	});
	const model = (await resolveModel("openai: gpt-trim ", { env: { OPENAI_API_KEY: "sk-test" } }))
		.model;
	assert.equal(model.modelId, "gpt-trim");
	assert.throws(() => parseModelString("openai:   "), /Unknown model 'openai: {3}'/);
	// The error lists every accepted form, one per line, so it reads as a menu.
	assert.throws(
		() => parseModelString("gpt-4"),
		(error: unknown) => {
			assert.ok(error instanceof ConfigError);
			const lines = error.message.split("\n");
			assert.equal(lines[0], "Unknown model 'gpt-4'. Use one of:");
			assert.deepEqual(
				lines.slice(1),
				Object.values(modelProviders).map((form) => `  ${form}`),
			);
			return true;
		},
	);
});

test("openai-compatible needs a model name before the @ and an http(s) URL after it", async () => {
	for (const spec of [
		"openai-compatible:@http://127.0.0.1:9/v1",
		"openai-compatible:qwen3@127.0.0.1:9/v1",
		"openai-compatible:qwen3@ftp://mirror/http://127.0.0.1:9/v1",
	]) {
		await assert.rejects(
			resolveModel(spec, { env: {} }),
			(error: unknown) =>
				error instanceof ConfigError &&
				error.message ===
					`Model '${spec}' needs the form openai-compatible:<model>@<baseURL>, e.g. openai-compatible:qwen3@http://127.0.0.1:8080/v1`,
			spec,
		);
	}
	const https = await resolveModel("openai-compatible:m@https://example.test/v1", { env: {} });
	assert.equal(https.model.modelId, "m");
});

test("google models need GOOGLE_GENERATIVE_AI_API_KEY, and say how to run without it", async () => {
	await assert.rejects(
		resolveModel("google:gemini-test", { env: {} }),
		/needs GOOGLE_GENERATIVE_AI_API_KEY, which is not set\. Export it, or run without a key/,
	);
	const { model } = await resolveModel("google:gemini-test", {
		env: { GOOGLE_GENERATIVE_AI_API_KEY: "g-test" },
	});
	assert.equal(model.modelId, "gemini-test");
	assert.match(model.provider, /^google/);
});

test("a remote model is built once per model string and settings; changing a key or base URL builds a new one", async () => {
	const cases: Array<{ spec: string; env: Record<string, string>; settings: string[] }> = [
		{ spec: "openai:share", env: { OPENAI_API_KEY: "a" }, settings: ["OPENAI_API_KEY"] },
		{ spec: "anthropic:share", env: { ANTHROPIC_API_KEY: "a" }, settings: ["ANTHROPIC_API_KEY"] },
		{
			spec: "google:share",
			env: { GOOGLE_GENERATIVE_AI_API_KEY: "a" },
			settings: ["GOOGLE_GENERATIVE_AI_API_KEY"],
		},
		{
			spec: "openai-compatible:share@http://127.0.0.1:9/v1",
			env: {},
			settings: ["OPENAI_COMPATIBLE_API_KEY"],
		},
		{ spec: "ollama:share", env: {}, settings: ["OLLAMA_BASE_URL"] },
		{ spec: "lmstudio:share", env: {}, settings: ["LMSTUDIO_BASE_URL"] },
		{ spec: "vllm:share", env: {}, settings: ["VLLM_BASE_URL", "VLLM_API_KEY"] },
		{ spec: "llamacpp:share", env: {}, settings: ["LLAMACPP_BASE_URL"] },
		{
			spec: "openrouter:share",
			env: { OPENROUTER_API_KEY: "a" },
			settings: ["OPENROUTER_API_KEY", "OPENROUTER_BASE_URL"],
		},
	];
	for (const { spec, env, settings } of cases) {
		const first = await resolveModel(spec, { env });
		const again = await resolveModel(spec, { env: { ...env } });
		assert.equal(again.model, first.model, `${spec} is shared`);
		for (const name of settings) {
			const changed = await resolveModel(spec, {
				env: { ...env, [name]: "http://127.0.0.1:7/v1" },
			});
			assert.notEqual(changed.model, first.model, `${spec} with another ${name}`);
		}
	}
	// A file-backed model is read afresh each time.
	const directory = await mkdtemp(join(tmpdir(), "crewkit-"));
	await writeFile(join(directory, "script.json"), JSON.stringify(["hello"]));
	const one = await resolveModel("scripted:script.json", { cwd: directory });
	const two = await resolveModel("scripted:script.json", { cwd: directory });
	assert.notEqual(one.model, two.model);
});

test("local servers are reached at their *_BASE_URL, with their key when one is set, and stream token usage", async () => {
	const server = await startFaultServer(() => ({
		reply: "Hello.",
		usage: { prompt: 3, completion: 1 },
	}));
	try {
		const prompt: LanguageModelV4Prompt = [
			{ role: "user", content: [{ type: "text", text: "Hi" }] },
		];
		const ollama = (await resolveModel("ollama:reach", { env: { OLLAMA_BASE_URL: server.url } }))
			.model;
		const answer = await ollama.doGenerate({ prompt });
		assert.deepEqual(answer.content, [{ type: "text", text: "Hello." }]);
		assert.equal(server.requests[0]?.authorization, undefined);

		const vllm = (
			await resolveModel("vllm:reach", {
				env: { VLLM_BASE_URL: server.url, VLLM_API_KEY: "vllm-key" },
			})
		).model;
		const { stream } = await vllm.doStream({ prompt });
		for await (const _part of stream) {
			// drain
		}
		const streamed = server.requests[1];
		assert.ok(streamed);
		assert.equal(streamed.authorization, "Bearer vllm-key");
		assert.equal(streamed.stream, true);
		assert.deepEqual((streamed.body as { stream_options?: unknown }).stream_options, {
			include_usage: true,
		});

		// vLLM's key is optional; OpenRouter's is required.
		await resolveModel("vllm:reach-keyless", { env: { VLLM_BASE_URL: server.url } });
		await assert.rejects(
			resolveModel("openrouter:reach", { env: { OPENROUTER_BASE_URL: server.url } }),
			/Model 'openrouter:reach' needs OPENROUTER_API_KEY/,
		);
		const openrouter = (
			await resolveModel("openrouter:reach", {
				env: { OPENROUTER_BASE_URL: server.url, OPENROUTER_API_KEY: "or-key" },
			})
		).model;
		await openrouter.doGenerate({ prompt });
		assert.equal(server.requests[2]?.authorization, "Bearer or-key");
	} finally {
		await server.close();
	}
});

test("local:<http URL> downloads the file into the cache, reporting progress; a cancelled run downloads nothing", async () => {
	const server = await startModelFileServer({ "/m/tiny.gguf": { file: fakeGguf(4000) } });
	try {
		const url = `${server.origin}/m/tiny.gguf`;
		// A loopback mirror is a private address: the CLI downloads from it only when told to.
		const env = { CREWKIT_ALLOW_PRIVATE_MODEL_URLS: "1" };
		const cancelled = new AbortController();
		cancelled.abort();
		await assert.rejects(
			resolveModel(`local:${url}`, {
				cacheDir: await mkdtemp(join(tmpdir(), "crewkit-url-")),
				env,
				signal: cancelled.signal,
			}),
		);
		assert.equal(server.requests.length, 0, "no request once the run is cancelled");

		const cacheDir = await mkdtemp(join(tmpdir(), "crewkit-url-"));
		const progress: Array<[number, number]> = [];
		const resolved = await resolveModel(`local:${url}`, {
			cacheDir,
			env,
			threads: 1,
			onDownloadProgress: (downloaded, total) => progress.push([downloaded, total]),
		});
		const settings = (resolved.model as LlamaLanguageModel).settings;
		assert.equal(settings.modelPath.startsWith(cacheDir), true, settings.modelPath);
		assert.deepEqual(progress.at(-1), [4000, 4000]);
		await resolved.dispose();
	} finally {
		await server.close();
	}
});

test("disposing a resolved embedded model frees the loaded weights", {
	skip: skipWithoutStoriesModel,
	timeout: 30_000,
}, async () => {
	const before = loadedModelCount();
	const resolved = await resolveModel(`local:${storiesModelPath}`, { env: {}, threads: 1 });
	await (resolved.model as LlamaLanguageModel).load();
	assert.equal(loadedModelCount(), before + 1);
	await resolved.dispose();
	assert.equal(loadedModelCount(), before);
});
