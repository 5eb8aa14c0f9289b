import assert from "node:assert/strict";
import { test } from "node:test";
import { defineJsonSchemaTool } from "./define-json-schema-tool.ts";
import { toolInputSchema } from "./define-tool.ts";

const execute = () => "done";

test("the schema goes to the model as it is; arguments are checked against it", () => {
	const tool = defineJsonSchemaTool({
		name: "lookup",
		description: "Looks a word up.",
		inputSchema: {
			$schema: "http://json-schema.org/draft-07/schema#",
			type: "object",
			properties: { word: { type: "string" }, limit: { type: "integer", minimum: 1 } },
			required: ["word"],
		},
		execute,
	});
	assert.deepEqual(toolInputSchema(tool), {
		type: "object",
		properties: { word: { type: "string" }, limit: { type: "integer", minimum: 1 } },
		required: ["word"],
	});
	assert.equal(tool.parameters.safeParse({ word: "crew" }).success, true);
	assert.equal(tool.parameters.safeParse({}).success, false);
	assert.equal(tool.parameters.safeParse({ word: "crew", limit: 0 }).success, false);
});

test("a schema zod cannot express still checks that the arguments are an object", () => {
	const tool = defineJsonSchemaTool({
		name: "odd",
		description: "Uses a reference.",
		inputSchema: { type: "object", properties: { a: { $ref: "#/definitions/missing" } } },
		execute,
	});
	assert.equal(tool.parameters.safeParse({ a: 1 }).success, true);
	assert.equal(tool.parameters.safeParse("text").success, false);
});

test("bad definitions throw when defined", () => {
	const inputSchema = { type: "object" } as const;
	assert.throws(
		() => defineJsonSchemaTool({ name: "has space", description: "x", inputSchema, execute }),
		/Tool name 'has space' is not valid/,
	);
	assert.throws(
		() => defineJsonSchemaTool({ name: "empty", description: " ", inputSchema, execute }),
		/Tool 'empty' has no description/,
	);
	assert.throws(
		() =>
			defineJsonSchemaTool({
				name: "text",
				description: "x",
				inputSchema: { type: "string" },
				execute,
			}),
		/Tool 'text': its input schema must describe an object, not "string"/,
	);
});
