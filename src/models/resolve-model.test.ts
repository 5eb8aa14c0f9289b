import assert from "node:assert/strict";
import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { fakeGguf, startModelFileServer } from "../../test/support/model-file-server.ts";
import { ConfigError } from "../errors.ts";
import {
	type DefaultModelChoice,
	type LlamaLanguageModel,
	modelCatalog,
	modelSourceOf,
} from "./embedded/index.ts";
import { parseModelString, resolveModel } from "./resolve-model.ts";

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
	await assert.rejects(resolveModel("scripted:bad.json", { cwd: directory }), /is not a script/);
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
