import assert from "node:assert/strict";
import { test } from "node:test";
import { ConfigError } from "../errors.ts";
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

test("the tool keeps the name and description, and passes arguments and context to execute", async () => {
	const calls: unknown[] = [];
	const tool = defineJsonSchemaTool({
		name: "lookup-2",
		description: "Looks up.",
		inputSchema: { properties: { q: { type: "string" } } },
		execute: (input, context) => {
			calls.push([input, context.task]);
			return "found";
		},
	});
	assert.equal(tool.name, "lookup-2");
	assert.equal(tool.description, "Looks up.");
	assert.deepEqual(tool.inputSchema, { properties: { q: { type: "string" } }, type: "object" });
	const context = { signal: new AbortController().signal, task: "research", agent: "a" };
	assert.equal(await tool.execute({ q: "x" }, context), "found");
	assert.deepEqual(calls, [[{ q: "x" }, "research"]]);
	assert.equal(
		tool.parameters.safeParse({ q: 1 }).success,
		false,
		"a schema without a type is an object's",
	);
});

test("bad definitions say exactly what is wrong", () => {
	const inputSchema = { type: "object" } as const;
	const configError = (message: string) => (error: unknown) =>
		error instanceof ConfigError && error.message === message;
	assert.throws(
		() => defineJsonSchemaTool({ name: "9lives", description: "x", inputSchema, execute }),
		configError(
			"Tool name '9lives' is not valid: use letters, digits, '_' or '-', starting with a letter, at most 64 characters.",
		),
	);
	assert.throws(
		() => defineJsonSchemaTool({ name: "quiet", description: "\n\t", inputSchema, execute }),
		configError("Tool 'quiet' has no description: models choose tools by it."),
	);
	assert.throws(
		() =>
			defineJsonSchemaTool({
				name: "maybe",
				description: "x",
				inputSchema: { type: ["object", "null"] },
				execute,
			}),
		configError(`Tool 'maybe': its input schema must describe an object, not ["object","null"].`),
	);
});
