import assert from "node:assert/strict";
import { test } from "node:test";
import { costOf, describeCost } from "./prices.ts";

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
