import assert from "node:assert/strict";
import { test } from "node:test";
import { normalizeModelString } from "./normalize-model-string.ts";

test("CrewAI's provider/model strings become crewkit's provider:model", () => {
	const cases = [
		["openai/gpt-4o", "openai:gpt-4o"],
		["anthropic/claude-sonnet-4-5", "anthropic:claude-sonnet-4-5"],
		["gemini/gemini-2.0-flash", "google:gemini-2.0-flash"],
		["google/gemma-3", "google:gemma-3"],
		["ollama/llama3.1:8b", "ollama:llama3.1:8b"],
		["ollama_chat/qwen3", "ollama:qwen3"],
		["openrouter/meta/llama-3", "openrouter:meta/llama-3"],
		["lm_studio/qwen2.5-7b", "lmstudio:qwen2.5-7b"],
		["lmstudio/qwen2.5-7b", "lmstudio:qwen2.5-7b"],
		["hosted_vllm/mistral-7b", "vllm:mistral-7b"],
		["vllm/mistral-7b", "vllm:mistral-7b"],
		// LiteLLM's prefixes are case-blind; the string is trimmed.
		["  OpenAI/gpt-4o-mini \n", "openai:gpt-4o-mini"],
	];
	for (const [crewai, crewkit] of cases) {
		assert.deepEqual(normalizeModelString(crewai ?? ""), { model: crewkit }, crewai);
	}
});

test("bare model names go to the provider LiteLLM routes them to", () => {
	const cases = [
		["gpt-4o-mini", "openai:gpt-4o-mini"],
		["o1-preview", "openai:o1-preview"],
		["o3-mini", "openai:o3-mini"],
		["chatgpt-4o-latest", "openai:chatgpt-4o-latest"],
		["claude-sonnet-4-5", "anthropic:claude-sonnet-4-5"],
		["gemini-1.5-pro", "google:gemini-1.5-pro"],
		["gpt-4o:latest", "openai:gpt-4o:latest"],
	];
	for (const [bare, crewkit] of cases) {
		assert.deepEqual(normalizeModelString(bare ?? ""), { model: crewkit }, bare);
	}
});

test("crewkit's own strings pass unchanged, slashes and colons in the model included", () => {
	for (const spec of [
		"scripted:replies.json",
		"local:hf:owner/repo/file.gguf",
		"openai:ft/gpt-4o",
		"openai-compatible:qwen@http://127.0.0.1:8000/v1",
		" ollama:qwen3 ",
	]) {
		assert.deepEqual(normalizeModelString(spec), { model: spec.trim() }, spec);
	}
});

test("a provider crewkit has no client for, or no provider at all, says what the run does", () => {
	assert.deepEqual(normalizeModelString("groq/llama3-70b"), {
		problem:
			"crewkit has no 'groq' provider: the agent uses the run's model (--model); an OpenAI-compatible server works as openai-compatible:<model>@<url>",
	});
	for (const spec of [
		"mystery",
		"my-gpt-4o",
		"xclaude-3",
		"ogemini-1",
		"omni",
		"/gpt-4o",
		"foo:bar",
	]) {
		assert.deepEqual(
			normalizeModelString(spec),
			{
				problem: `crewkit cannot tell which provider serves '${spec}': the agent uses the run's model (--model); write provider/model, e.g. openai/${spec}`,
			},
			spec,
		);
	}
});
