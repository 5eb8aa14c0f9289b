import assert from "node:assert/strict";
import { test } from "node:test";
import { z } from "zod";
import { ConfigError } from "../errors.ts";
import { defineTool, toolInputSchema } from "./define-tool.ts";
import { toJsonSchema } from "./json-schema.ts";

const valid = {
	name: "add",
	description: "Adds two numbers.",
	parameters: z.object({ a: z.number(), b: z.number().default(1) }),
	execute: ({ a, b }: { a: number; b: number }) => a + b,
};
const refused = (tool: Record<string, unknown>, message: string) =>
	assert.throws(
		() => defineTool({ ...valid, ...tool } as unknown as typeof valid),
		(error) => error instanceof ConfigError && error.message === message,
	);

test("a tool's name is a letter, then letters, digits, _ or -, at most 64 characters", () => {
	for (const name of ["a", "read_file", "web-search2", `a${"b".repeat(63)}`]) {
		assert.equal(defineTool({ ...valid, name }).name, name);
	}
	for (const name of [
		"",
		"1tool",
		"_tool",
		"read file",
		"read.file",
		`a${"b".repeat(64)}`,
		"tool\n",
	]) {
		refused(
			{ name },
			`Tool name '${name}' is not valid: use letters, digits, '_' or '-', starting with a letter, at most 64 characters.`,
		);
	}
});

test("a tool needs a description and a z.object of parameters, checked when it is defined", () => {
	refused({ description: "  " }, "Tool 'add' has no description: models choose tools by it.");
	refused({ parameters: z.string() }, "Tool 'add': parameters must be a z.object(...) schema.");
});

test("the model is sent the JSON Schema of the input, or the tool's own schema when it has one", () => {
	const tool = defineTool(valid);
	const schema = toolInputSchema(tool);
	assert.equal("$schema" in schema, false);
	assert.equal(schema.type, "object");
	assert.deepEqual(schema.required, ["a"], "an input with a default is optional");
	const own = { type: "object" as const, properties: { q: { type: "string" as const } } };
	assert.equal(toolInputSchema({ ...tool, inputSchema: own }), own);
});

test("a schema is described as its output unless the input is asked for", () => {
	const schema = z.object({ a: z.number().default(1), b: z.string() });
	assert.deepEqual(toJsonSchema(schema).required, ["a", "b"]);
	assert.deepEqual(toJsonSchema(schema, "input").required, ["b"]);
	assert.equal("$schema" in toJsonSchema(schema), false);
});
