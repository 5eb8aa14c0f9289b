import assert from "node:assert/strict";
import { test } from "node:test";
import type { LanguageModelV4FunctionTool } from "@ai-sdk/provider";
import { convertTools } from "./convert-tools.ts";

const search: LanguageModelV4FunctionTool = {
	type: "function",
	name: "search",
	description: "Searches the web.",
	inputSchema: {
		type: "object",
		properties: { query: { type: "string" }, limit: { type: "integer", maximum: 10 } },
		required: ["query"],
		additionalProperties: false,
	},
};
const clock: LanguageModelV4FunctionTool = {
	type: "function",
	name: "clock",
	inputSchema: { type: "object", properties: {} },
};

test("function tools become node-llama-cpp functions with grammar-ready parameter schemas", () => {
	const { functions, warnings } = convertTools([search, clock], { type: "auto" });
	assert.deepEqual(functions, {
		search: {
			description: "Searches the web.",
			params: {
				type: "object",
				properties: { query: { type: "string" }, limit: { type: "integer" } },
				required: ["query"],
			},
		},
		clock: { params: { type: "object", additionalProperties: true } },
	});
	assert.deepEqual(
		warnings.map((warning) => warning.type),
		["compatibility"],
	);
});

test("toolChoice none offers no functions; no tools offers none either", () => {
	assert.equal(convertTools([search], { type: "none" }).functions, undefined);
	assert.equal(convertTools([], undefined).functions, undefined);
	assert.equal(convertTools(undefined, undefined).functions, undefined);
});

test("toolChoice tool offers only that tool, with a warning that the call is not forced", () => {
	const { functions, warnings } = convertTools([search, clock], {
		type: "tool",
		toolName: "clock",
	});
	assert.deepEqual(Object.keys(functions ?? {}), ["clock"]);
	assert.ok(
		warnings.some(
			(warning) => warning.type === "compatibility" && warning.feature.includes("'tool'"),
		),
	);
});

test("provider tools are reported as unsupported", () => {
	const { functions, warnings } = convertTools(
		[{ type: "provider", id: "openai.web_search", name: "web_search", args: {} }],
		{ type: "required" },
	);
	assert.equal(functions, undefined);
	assert.deepEqual(
		warnings.map((warning) => warning.type),
		["unsupported", "compatibility"],
	);
});
