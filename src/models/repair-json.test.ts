import assert from "node:assert/strict";
import { test } from "node:test";
import { repairJson } from "./repair-json.ts";

const repairs: Array<{ label: string; input: string; expected: unknown }> = [
	{
		label: "json code fence",
		input: '```json\n{"query": "tides"}\n```',
		expected: { query: "tides" },
	},
	{ label: "bare code fence", input: '```\n{"query": "tides"}\n```', expected: { query: "tides" } },
	{
		label: "prose before and after",
		input: 'Sure! Here are the arguments: {"query": "tides", "limit": 3} Hope this helps.',
		expected: { query: "tides", limit: 3 },
	},
	{
		label: "braces in the prose before the object",
		input: 'I will call {search} now: {"query": "tides"}',
		expected: { query: "tides" },
	},
	{ label: "trailing comma in object", input: '{"a": 1, "b": 2,}', expected: { a: 1, b: 2 } },
	{
		label: "trailing comma in array",
		input: '{"tags": ["x", "y",],}',
		expected: { tags: ["x", "y"] },
	},
	{
		label: "single-quoted keys and strings",
		input: "{'query': 'tides'}",
		expected: { query: "tides" },
	},
	{
		label: "single quotes around a double quote and an escaped single quote",
		input: "{'quote': 'say \"hi\"', 'name': 'O\\'Brien'}",
		expected: { quote: 'say "hi"', name: "O'Brien" },
	},
	{
		label: "unquoted keys",
		input: "{query: 'tides', max_results: 5}",
		expected: { query: "tides", max_results: 5 },
	},
	{
		label: "Python True/False/None",
		input: "{'exact': True, 'fuzzy': False, 'after': None}",
		expected: { exact: true, fuzzy: false, after: null },
	},
	{
		label: "missing final brace",
		input: '{"query": "tides", "limit": 3',
		expected: { query: "tides", limit: 3 },
	},
	{
		label: "missing final bracket and brace",
		input: '{"urls": ["https://a.example", "https://b.example"',
		expected: { urls: ["https://a.example", "https://b.example"] },
	},
	{
		label: "cut inside a string: the incomplete pair is dropped",
		input: '{"query": "tides", "note": "the moon pu',
		expected: { query: "tides" },
	},
	{ label: "cut after a key", input: '{"query": "tides", "limit":', expected: { query: "tides" } },
	{ label: "cut after a comma", input: '{"query": "tides",', expected: { query: "tides" } },
	{
		label: "truncated inside a code fence",
		input: '```json\n{"steps": [{"id": 1}, {"id": 2',
		expected: { steps: [{ id: 1 }, { id: 2 }] },
	},
	{
		label: "comments",
		input: '{\n  // the topic\n  "query": "tides" /* required */\n}',
		expected: { query: "tides" },
	},
	{
		label: "raw newline inside a string",
		input: '{"text": "line one\nline two"}',
		expected: { text: "line one\nline two" },
	},
	{
		label: "nested objects",
		input: "{outer: {inner: [1, 2, {deep: True,},],},}",
		expected: { outer: { inner: [1, 2, { deep: true }] } },
	},
	{ label: "top-level array", input: "Result: [1, 2, 3,]", expected: [1, 2, 3] },
];

for (const { label, input, expected } of repairs) {
	test(`repairs: ${label}`, () => {
		const repaired = repairJson(input);
		assert.ok(repaired !== undefined, `no repair for ${JSON.stringify(input)}`);
		assert.deepEqual(JSON.parse(repaired), expected);
	});
}

const hopeless: Array<{ label: string; input: string }> = [
	{ label: "no JSON at all", input: "I cannot help with that." },
	{ label: "empty text", input: "" },
	{ label: "mismatched brackets", input: '{"a": [1, 2}' },
	{ label: "unquoted string values", input: "{query: tides}" },
	{ label: "a word cut off", input: '{"exact": tru' },
];

for (const { label, input } of hopeless) {
	test(`gives up: ${label}`, () => {
		assert.equal(repairJson(input), undefined);
	});
}

test("valid JSON passes through unchanged", () => {
	for (const valid of [
		'{"a": [1, 2.5e3, "x\\ny"], "b": null}',
		"[]",
		"{}",
		'  {"spaced" : true }  ',
		"42",
	]) {
		assert.equal(repairJson(valid), valid);
	}
});
