import assert from "node:assert/strict";
import { test } from "node:test";
import { countTokens } from "../models/count-tokens.ts";
import {
	BudgetError,
	pickByRank,
	promptBudget,
	reserveOutput,
	trimToTokens,
} from "./token-budget.ts";

const words = { countTokens };

test("the output reservation is what is wanted, at most a quarter of the window, at least 16", () => {
	assert.equal(reserveOutput({ contextSize: 8192 }, 400), 400);
	assert.equal(reserveOutput({ contextSize: 8192 }, 4096), 2048);
	assert.equal(reserveOutput({ contextSize: 1024 }, 256), 256);
	assert.equal(reserveOutput({ contextSize: 1024 }, 257), 256);
	assert.equal(reserveOutput({ contextSize: 40 }, 400), 16);
	assert.equal(promptBudget({ contextSize: 2048 }, 512), 1536);
});

test("material is picked in rank order while it fits; a smaller item further down still fits", () => {
	const picked = pickByRank(
		[5, 7, 2, 1],
		(items) => 10 + items.reduce((sum, size) => sum + size, 0),
		20,
	);
	assert.deepEqual(picked, [5, 2, 1]);
	assert.deepEqual(
		pickByRank([3], () => 21, 20),
		[],
	);
	assert.deepEqual(
		pickByRank([3], () => 20, 20),
		[3],
		"exactly the limit fits",
	);
});

test("text is cut at a word to fit a token count, with an ellipsis; short text is kept", () => {
	const text = "one two three four five six seven eight nine ten";
	assert.equal(trimToTokens(text, 10, words), text);
	const cut = trimToTokens(text, 5, words);
	assert.ok(countTokens(cut) <= 5, cut);
	assert.ok(cut.endsWith("…") && text.startsWith(cut.slice(0, -1)), cut);
	assert.ok(cut.length > 10, "keeps as much as fits");
	assert.equal(trimToTokens(text, 0, words), "");
});

test("the budget error names the task, the call, the sizes and what to do", () => {
	const error = new BudgetError({
		task: "reporting_task",
		what: "section 3 of 10",
		promptTokens: 900,
		reservedOutputTokens: 256,
		contextSize: 1024,
	});
	assert.equal(
		error.message,
		"Task 'reporting_task' (section 3 of 10): the prompt needs at least 900 tokens and the answer 256 more, but the model's context holds 1024. Give the model a larger context (--context, or a model with a bigger window), or shorten the task's description, persona or inputs.",
	);
	assert.equal(error.name, "BudgetError");
	assert.deepEqual(
		[error.promptTokens, error.reservedOutputTokens, error.contextSize],
		[900, 256, 1024],
	);
});
