import assert from "node:assert/strict";
import { test } from "node:test";
import type { LanguageModelV4CallOptions } from "@ai-sdk/provider";
import { ConfigError } from "../errors.ts";
import { createScriptedModel, defaultKeptCalls } from "./scripted-model.ts";

const call = (text: string): LanguageModelV4CallOptions => ({
	prompt: [{ role: "user", content: [{ type: "text", text }] }],
});

test("keeps the most recent calls, oldest first, and numbers every call it received", async () => {
	const indexes: number[] = [];
	const model = createScriptedModel({
		keepCalls: 2,
		replies: ({ index }) => {
			indexes.push(index);
			return `reply ${index}`;
		},
	});
	for (const text of ["one", "two", "three"]) await model.doGenerate(call(text));
	assert.deepEqual(indexes, [0, 1, 2], "the reply function sees every call's index");
	assert.deepEqual(
		model.calls.map((kept) => kept.prompt[0]?.content),
		[[{ type: "text", text: "two" }], [{ type: "text", text: "three" }]],
	);
	const result = await model.doGenerate(call("four"));
	assert.deepEqual(result.content, [{ type: "text", text: "reply 3" }]);
	assert.equal(model.calls.length, 2);
});

test("keeps 100 calls by default, and none with keepCalls 0", async () => {
	assert.equal(defaultKeptCalls, 100);
	const model = createScriptedModel({ replies: () => "ok" });
	for (let index = 0; index < defaultKeptCalls + 5; index++)
		await model.doGenerate(call(`c${index}`));
	assert.equal(model.calls.length, defaultKeptCalls);
	assert.deepEqual(model.calls[0]?.prompt[0]?.content, [{ type: "text", text: "c5" }]);
	const none = createScriptedModel({ keepCalls: 0, replies: ["a"] });
	await none.doGenerate(call("x"));
	assert.deepEqual(none.calls, []);
});

test("a keepCalls that is not a whole number of calls is refused when the model is made", () => {
	for (const keepCalls of [-1, 1.5, Number.NaN]) {
		assert.throws(() => createScriptedModel({ keepCalls, replies: [] }), ConfigError);
	}
});
