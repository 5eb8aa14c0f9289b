import assert from "node:assert/strict";
import { test } from "node:test";
import { type GbnfJsonSchema, getLlama, LlamaLogLevel } from "node-llama-cpp";
import { toGbnfJsonSchema } from "./to-gbnf-json-schema.ts";

test("keeps the shapes the grammar supports and lists the constraints it drops", () => {
	const { schema, ignoredKeywords } = toGbnfJsonSchema({
		$schema: "http://json-schema.org/draft-07/schema#",
		type: "object",
		properties: {
			name: { type: "string", minLength: 1, maxLength: 20, description: "Who" },
			age: { type: "integer", minimum: 0 },
			email: { type: "string", format: "email", pattern: ".+@.+" },
			born: { type: "string", format: "date" },
			tags: { type: "array", items: { type: "string" }, maxItems: 3, uniqueItems: true },
		},
		required: ["name", "age"],
		additionalProperties: false,
	});
	assert.deepEqual(schema, {
		type: "object",
		properties: {
			name: { type: "string", minLength: 1, maxLength: 20, description: "Who" },
			age: { type: "integer" },
			email: { type: "string" },
			born: { type: "string", format: "date" },
			tags: { type: "array", items: { type: "string" }, maxItems: 3 },
		},
		required: ["name", "age"],
	});
	assert.deepEqual(ignoredKeywords, ["format", "minimum", "pattern", "uniqueItems"]);
});

test("maps anyOf, nullable type lists, const and enum", () => {
	const { schema } = toGbnfJsonSchema({
		type: "object",
		properties: {
			choice: { anyOf: [{ type: "string" }, { type: "null" }] },
			count: { type: ["integer", "null"] },
			list: { type: ["array", "null"], items: { type: "number" } },
			kind: { const: "report" },
			level: { enum: ["low", "high"] },
		},
	});
	assert.deepEqual(schema, {
		type: "object",
		properties: {
			choice: { oneOf: [{ type: "string" }, { type: "null" }] },
			count: { type: ["integer", "null"] },
			list: { oneOf: [{ type: "array", items: { type: "number" } }, { type: "null" }] },
			kind: { const: "report" },
			level: { enum: ["low", "high"] },
		},
	});
});

test("rewrites #/definitions references to #/$defs and keeps the definitions", () => {
	const { schema, ignoredKeywords } = toGbnfJsonSchema({
		type: "object",
		properties: { author: { $ref: "#/definitions/person" } },
		definitions: { person: { type: "object", properties: { name: { type: "string" } } } },
	});
	assert.deepEqual(schema, {
		type: "object",
		properties: { author: { $ref: "#/$defs/person" } },
		$defs: { person: { type: "object", properties: { name: { type: "string" } } } },
	});
	assert.deepEqual(ignoredKeywords, []);
});

test("an unconstrained schema allows any JSON value, not just null", () => {
	const { schema } = toGbnfJsonSchema({ type: "object", properties: { data: {} } });
	const data = (schema as unknown as { properties: { data: unknown } }).properties.data;
	assert.ok(data && typeof data === "object" && "oneOf" in data);
	const { schema: open } = toGbnfJsonSchema({ type: "object" });
	assert.deepEqual(open, { type: "object", additionalProperties: true });
});

test("node-llama-cpp builds a grammar from converted schemas", async () => {
	const llama = await getLlama({
		gpu: false,
		build: "never",
		maxThreads: 0,
		logLevel: LlamaLogLevel.error,
	});
	const { schema } = toGbnfJsonSchema({
		type: "object",
		properties: {
			any: {},
			maybe: { type: ["string", "null"] },
			ref: { $ref: "#/$defs/item" },
		},
		$defs: { item: { type: "array", items: { type: "boolean" } } },
	});
	const grammar = await llama.createGrammarForJsonSchema<GbnfJsonSchema>(schema);
	assert.match(grammar.grammar, /root ::=/);
	await llama.dispose();
});
