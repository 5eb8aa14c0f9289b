import assert from "node:assert/strict";
import { test } from "node:test";
import { isPromptProgress, type PromptProgress, watchPromptEvaluation } from "./prompt-progress.ts";

test("reports each batch evaluated once, with the speed so far, until generation starts", (t) => {
	t.mock.timers.enable({ apis: ["setInterval"] });
	let time = 0;
	let evaluated = 0;
	let generating = false;
	const reports: PromptProgress[] = [];
	const stop = watchPromptEvaluation({
		promptTokens: 1200,
		evaluated: () => evaluated,
		generating: () => generating,
		onProgress: (progress) => reports.push(progress),
		intervalMs: 1000,
		now: () => time,
	});
	const tick = () => {
		time += 1000;
		t.mock.timers.tick(1000);
	};
	tick();
	assert.equal(reports.length, 0, "nothing evaluated yet: nothing to report");
	evaluated = 512;
	tick();
	tick();
	assert.deepEqual(reports, [
		{ type: "prompt-progress", evaluatedTokens: 512, promptTokens: 1200, tokensPerSecond: 256 },
	]);
	evaluated = 1024;
	tick();
	assert.deepEqual(reports.at(-1), {
		type: "prompt-progress",
		evaluatedTokens: 1024,
		promptTokens: 1200,
		tokensPerSecond: 256,
	});
	evaluated = 5000;
	tick();
	assert.equal(reports.at(-1)?.evaluatedTokens, 1200, "never more than the prompt");
	generating = true;
	evaluated = 6000;
	tick();
	tick();
	assert.equal(reports.length, 3, "no report once generation started");
	stop();
});

test("isPromptProgress tells progress from other raw values", () => {
	assert.equal(
		isPromptProgress({ type: "prompt-progress", evaluatedTokens: 1, promptTokens: 2 }),
		true,
	);
	assert.equal(isPromptProgress({ type: "other" }), false);
	assert.equal(isPromptProgress(null), false);
	assert.equal(isPromptProgress("prompt-progress"), false);
});
