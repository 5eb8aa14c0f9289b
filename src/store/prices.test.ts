import assert from "node:assert/strict";
import { test } from "node:test";
import { costOf, describeCost, formatCost } from "./prices.ts";

const usage = { inputTokens: 1_000_000, outputTokens: 500_000, totalTokens: 1_500_000 };

test("cost is known only when every model's price is: local, scripted and replayed models are unknown, not $0", () => {
	assert.ok(
		Math.abs((costOf([{ model: "openai.responses:gpt-4.1-mini", usage }]) ?? 0) - 1.2) < 1e-9,
	);
	assert.equal(describeCost([{ model: "openai:gpt-4.1-mini", usage }]), "$1.2000");
	for (const model of ["scripted:replies.json", "replay:calls.json", "crewkit.local:qwen.gguf"]) {
		assert.equal(costOf([{ model, usage }]), undefined, model);
		assert.equal(describeCost([{ model, usage }]), `unknown (no price for ${model})`);
	}
	assert.equal(
		describeCost([
			{ model: "openai:gpt-4.1-mini", usage },
			{ model: "ollama:qwen3", usage },
		]),
		"unknown (no price for ollama:qwen3)",
	);
	assert.equal(describeCost([]), "$0.0000");
});

test("each listed OpenAI model has its own price per million input and output tokens", () => {
	const million = { inputTokens: 1_000_000, outputTokens: 1_000_000, totalTokens: 2_000_000 };
	const prices: Record<string, number> = {
		"openai:gpt-4.1": 2 + 8,
		"openai:gpt-4.1-mini": 0.4 + 1.6,
		"openai:gpt-4.1-nano": 0.1 + 0.4,
		"openai:gpt-4o": 2.5 + 10,
		"openai:gpt-4o-mini": 0.15 + 0.6,
	};
	for (const [model, dollars] of Object.entries(prices)) {
		assert.ok(Math.abs((costOf([{ model, usage: million }]) ?? -1) - dollars) < 1e-9, model);
	}
	assert.equal(formatCost(undefined), "unknown");
	assert.equal(formatCost(0.01234), "$0.0123");
	assert.equal(
		describeCost([
			{ model: "scripted:a.json", usage },
			{ model: "ollama:qwen3", usage },
			{ model: "scripted:a.json", usage },
		]),
		"unknown (no price for scripted:a.json, ollama:qwen3)",
	);
});
