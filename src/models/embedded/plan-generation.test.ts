import assert from "node:assert/strict";
import { test } from "node:test";
import type { LanguageModelV4Prompt } from "@ai-sdk/provider";
import { planGeneration } from "./plan-generation.ts";

const prompt: LanguageModelV4Prompt = [{ role: "user", content: [{ type: "text", text: "Hi" }] }];

test("maps sampling settings and stop sequences to node-llama-cpp's names", () => {
	const plan = planGeneration({
		prompt,
		maxOutputTokens: 64,
		temperature: 0.7,
		topP: 0.9,
		topK: 40,
		seed: 7,
		stopSequences: ["END"],
		presencePenalty: 0.2,
		frequencyPenalty: 0.1,
	});
	assert.deepEqual(plan.sampling, {
		maxTokens: 64,
		temperature: 0.7,
		topP: 0.9,
		topK: 40,
		seed: 7,
		customStopTriggers: ["END"],
		repeatPenalty: { presencePenalty: 0.2, frequencyPenalty: 0.1 },
	});
	assert.deepEqual(plan.warnings, []);
	assert.equal(plan.json, undefined);
});

test("the model's seed applies when the call sets none", () => {
	assert.equal(planGeneration({ prompt }, 42).sampling.seed, 42);
	assert.equal(planGeneration({ prompt, seed: 1 }, 42).sampling.seed, 1);
});

test("warns about settings that cannot take effect", () => {
	const plan = planGeneration({ prompt, topP: 0.5, reasoning: "high" });
	assert.deepEqual(
		plan.warnings.map((warning) => warning.type),
		["other", "unsupported"],
	);
});

test("raw chunks carry prompt-evaluation progress, only when asked for", () => {
	const plan = planGeneration({ prompt, includeRawChunks: true });
	assert.equal(plan.promptProgress, true);
	assert.deepEqual(plan.warnings, []);
	assert.equal(planGeneration({ prompt }).promptProgress, false);
});

test("JSON output: with a schema, without one, and not while tools are offered", () => {
	const schema = { type: "object", properties: { answer: { type: "string" } } } as const;
	assert.deepEqual(planGeneration({ prompt, responseFormat: { type: "json", schema } }).json, {
		schema: { type: "object", properties: { answer: { type: "string" } } },
	});
	assert.deepEqual(planGeneration({ prompt, responseFormat: { type: "json" } }).json, {
		schema: undefined,
	});
	const withTools = planGeneration({
		prompt,
		responseFormat: { type: "json", schema },
		tools: [{ type: "function", name: "f", inputSchema: { type: "object", properties: {} } }],
	});
	assert.equal(withTools.json, undefined);
	assert.ok(withTools.functions);
	assert.equal(withTools.warnings[0]?.type, "unsupported");
});
