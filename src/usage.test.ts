import assert from "node:assert/strict";
import { test } from "node:test";
import {
	addUsage,
	emptyUsage,
	evaluatedInputTokens,
	fromModelUsage,
	sumUsage,
	toModelUsage,
} from "./usage.ts";

test("usage adds field by field, and a sum of none is zero", () => {
	assert.deepEqual(emptyUsage(), { inputTokens: 0, outputTokens: 0, totalTokens: 0 });
	const a = { inputTokens: 10, outputTokens: 2, totalTokens: 12 };
	const b = { inputTokens: 5, outputTokens: 7, totalTokens: 12 };
	assert.deepEqual(addUsage(a, b), { inputTokens: 15, outputTokens: 9, totalTokens: 24 });
	assert.deepEqual(sumUsage([a, b, a]), { inputTokens: 25, outputTokens: 11, totalTokens: 36 });
	assert.deepEqual(sumUsage([]), emptyUsage());
	assert.notEqual(emptyUsage(), emptyUsage(), "a fresh object each time");
});

test("the AI SDK's usage converts both ways; unknown counts are 0", () => {
	const sdk = toModelUsage(120, 30);
	assert.deepEqual(sdk, {
		inputTokens: { total: 120, noCache: 120, cacheRead: 0, cacheWrite: 0 },
		outputTokens: { total: 30, text: 30, reasoning: 0 },
	});
	assert.deepEqual(fromModelUsage(sdk), { inputTokens: 120, outputTokens: 30, totalTokens: 150 });
	const unknown = {
		inputTokens: {
			total: undefined,
			noCache: undefined,
			cacheRead: undefined,
			cacheWrite: undefined,
		},
		outputTokens: { total: undefined, text: undefined, reasoning: undefined },
	};
	assert.deepEqual(fromModelUsage(unknown), emptyUsage());
	assert.deepEqual(
		fromModelUsage({ ...unknown, outputTokens: { ...unknown.outputTokens, total: 4 } }),
		{
			inputTokens: 0,
			outputTokens: 4,
			totalTokens: 4,
		},
	);
});

test("tokens read from the model's cache are kept apart, summed, and not counted as evaluated", () => {
	const cached = fromModelUsage(toModelUsage(100, 10, 60));
	assert.deepEqual(cached, {
		inputTokens: 100,
		outputTokens: 10,
		totalTokens: 110,
		cachedInputTokens: 60,
	});
	assert.equal(evaluatedInputTokens(cached), 40);
	assert.deepEqual(toModelUsage(100, 10, 60).inputTokens, {
		total: 100,
		noCache: 40,
		cacheRead: 60,
		cacheWrite: 0,
	});

	const uncached = { inputTokens: 30, outputTokens: 5, totalTokens: 35 };
	assert.equal(evaluatedInputTokens(uncached), 30, "no cache count: every input token evaluated");
	assert.equal("cachedInputTokens" in addUsage(uncached, uncached), false);
	assert.equal(addUsage(cached, uncached).cachedInputTokens, 60);
	assert.equal(addUsage(uncached, cached).cachedInputTokens, 60);
	assert.equal(sumUsage([cached, uncached, cached]).cachedInputTokens, 120);
	assert.equal(evaluatedInputTokens(sumUsage([cached, uncached, cached])), 110);

	assert.equal(
		"cachedInputTokens" in fromModelUsage(toModelUsage(100, 10, 0)),
		false,
		"nothing read from the cache: no cache count",
	);
});
