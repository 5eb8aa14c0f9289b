import assert from "node:assert/strict";
import { test } from "node:test";
import { normalizeModelString } from "./normalize-model-string.ts";

test("CrewAI's provider/model strings become crewkit's provider:model", () => {
	assert.deepEqual(normalizeModelString("openai/gpt-4o"), { model: "openai:gpt-4o" });
	assert.deepEqual(normalizeModelString("gemini/gemini-2.0-flash"), {
		model: "google:gemini-2.0-flash",
	});
	assert.deepEqual(normalizeModelString("ollama/llama3.1:8b"), { model: "ollama:llama3.1:8b" });
	assert.deepEqual(normalizeModelString("openrouter/meta/llama-3"), {
		model: "openrouter:meta/llama-3",
	});
	assert.deepEqual(normalizeModelString("gpt-4o-mini"), { model: "openai:gpt-4o-mini" });
	assert.deepEqual(normalizeModelString("claude-sonnet-4-5"), {
		model: "anthropic:claude-sonnet-4-5",
	});
});

test("crewkit's own strings pass unchanged; unknown providers say what happens", () => {
	assert.deepEqual(normalizeModelString("scripted:replies.json"), {
		model: "scripted:replies.json",
	});
	assert.deepEqual(normalizeModelString("local:hf:owner/repo/file.gguf"), {
		model: "local:hf:owner/repo/file.gguf",
	});
	assert.match(normalizeModelString("groq/llama3-70b").problem ?? "", /no 'groq' provider/);
	assert.match(normalizeModelString("mystery").problem ?? "", /cannot tell which provider/);
});
