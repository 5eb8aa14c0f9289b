import assert from "node:assert/strict";
import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { ConfigError } from "../errors.ts";
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
