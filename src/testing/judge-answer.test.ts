import assert from "node:assert/strict";
import { test } from "node:test";
import { createScriptedModel } from "../models/scripted-model.ts";
import { judgeAnswer, judgePrompt } from "./judge-answer.ts";

const input = { description: "List three rivers.", expectedOutput: "Three names.", answer: "Nile" };

test("the judge is asked for a JSON verdict constrained by its schema", async () => {
	const judge = createScriptedModel({ replies: ['{"score": 4, "reason": "only one river"}'] });
	const { verdict, usage } = await judgeAnswer(judge, input);
	assert.deepEqual(verdict, { score: 4, reason: "only one river" });
	assert.equal(usage.length, 1);
	const call = judge.calls[0];
	assert.equal(call?.responseFormat?.type, "json");
	assert.match(JSON.stringify(call?.prompt), /List three rivers\..*<answer>\\nNile\\n<\/answer>/);
	assert.equal(judgePrompt(input).includes("Three names."), true);
});

test("a verdict that does not parse is asked for once more, then given up", async () => {
	const once = createScriptedModel({ replies: ['{"score": 11}', '{"score": 8, "reason": "ok"}'] });
	assert.deepEqual((await judgeAnswer(once, input)).verdict, { score: 8, reason: "ok" });
	const never = createScriptedModel({ replies: ["great", "really great"] });
	const result = await judgeAnswer(never, input);
	assert.equal(result.verdict, undefined);
	assert.equal(result.usage.length, 2);
});
