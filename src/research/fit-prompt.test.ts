import assert from "node:assert/strict";
import { test } from "node:test";
import { scriptedHelpers } from "../../test/support/task-run-helpers.ts";
import { StructuredOutputError } from "../agent/run-agent.ts";
import { BudgetError } from "../agent/token-budget.ts";
import type { AskPrompt } from "../crew/task.ts";
import { ProviderError } from "../errors.ts";
import { EmptyResponseError, RetriesExhaustedError } from "../models/retry-policy.ts";
import {
	askOnce,
	charactersPerToken,
	cutAtWord,
	fitPrompt,
	reserveFor,
	shortenText,
} from "./fit-prompt.ts";

/** A token per whitespace-separated word: sizes in these tests are word counts. */
const words = (text: string) => text.split(/\s+/).filter(Boolean).length;
const text = (count: number, word = "w") => Array.from({ length: count }, () => word).join(" ");

/** A window of 200 tokens; with 50 reserved for the answer, prompts get 150. */
function fitting(baseWords: number, shownTwice = false) {
	const { helpers } = scriptedHelpers({ contextSize: 200, countTokens: words });
	const build = (items: readonly string[]): AskPrompt => ({
		description: [text(baseWords, "base"), ...items, ...(shownTwice ? items : [])].join(" "),
		expectedOutput: "",
	});
	return { helpers, build };
}

const cutToWords = (item: string, maxTokens: number) =>
	maxTokens > 0 ? item.split(" ").slice(0, maxTokens).join(" ") : undefined;

test("a call whose mandatory part does not fit fails before the model is asked, naming the task, the sizes and what to do", async () => {
	const { helpers, build } = fitting(151);
	const options = {
		task: "research_task",
		what: "outline, batch 1 of 2",
		build,
		ranked: [],
		itemText: (item: string) => item,
		reservedOutput: 50,
	};
	await assert.rejects(
		fitPrompt(helpers, { ...options, advice: "Use a bigger model." }),
		(error: unknown) => {
			assert.ok(error instanceof BudgetError);
			assert.equal(
				error.message,
				"Task 'research_task' (outline, batch 1 of 2): the prompt needs at least 151 tokens and the answer 50 more, but the model's context holds 200. Use a bigger model.",
			);
			return true;
		},
	);
	await assert.rejects(fitPrompt(helpers, options), /or shorten the task's description/);
	const exact = fitting(150);
	const { items } = await fitPrompt(exact.helpers, { ...options, build: exact.build });
	assert.deepEqual(items, [], "a mandatory part that fills the budget exactly is accepted");
});

test("optional items go in rank order while they fit; one that does not is skipped for smaller ones after it", async () => {
	const { helpers, build } = fitting(100);
	const shortened: string[] = [];
	const first = text(20, "a"); // 24 with its separator: 124
	const tooLong = text(30, "b"); // 34: over, and 22 left is too little to shorten into
	const last = text(22, "c"); // 26: exactly 150
	const { prompt, items } = await fitPrompt(helpers, {
		task: "t",
		what: "w",
		build,
		ranked: [first, tooLong, last, "d"],
		itemText: (item) => item,
		shorten: (item, maxTokens) => {
			shortened.push(item);
			return cutToWords(item, maxTokens);
		},
		reservedOutput: 50,
	});
	assert.deepEqual(items, [first, last]);
	assert.deepEqual(shortened, [], "no item is shortened into less than 40 tokens");
	assert.deepEqual(prompt, {
		tools: [],
		schemaInPrompt: false,
		description: [text(100, "base"), first, last].join(" "),
		expectedOutput: "",
		maxOutputTokens: 50,
	});
});

test("the first item that does not fit whole is shortened into the room left when at least 40 tokens remain", async () => {
	const item = text(60, "a");
	for (const [base, room] of [
		[100, 46],
		[106, 40],
		[107, 39],
	] as const) {
		const { helpers, build } = fitting(base);
		const calls: number[] = [];
		const { items } = await fitPrompt(helpers, {
			task: "t",
			what: "w",
			build,
			ranked: [item, "x"],
			itemText: (shown) => shown,
			shorten: (shown, maxTokens) => {
				calls.push(maxTokens);
				return cutToWords(shown, maxTokens);
			},
			reservedOutput: 50,
		});
		if (room < 40) {
			assert.deepEqual(calls, [], `${room} tokens left: nothing is shortened`);
			assert.deepEqual(items, ["x"], "a smaller item after it still fits");
		} else {
			assert.deepEqual(calls, [room], `${base} base tokens leave ${room}`);
			assert.deepEqual(items, [text(room, "a")], "the shortened item counts: nothing fits after");
		}
	}
});

test("when the whole prompt measures over the budget, the last items are shortened by the overflow or dropped", async () => {
	// Each item is shown twice but counted once: the piecewise count falls short.
	const { helpers, build } = fitting(100, true);
	const calls: Array<[string, number]> = [];
	const { items, prompt } = await fitPrompt(helpers, {
		task: "t",
		what: "w",
		build,
		ranked: [text(30, "a"), text(10, "b")],
		itemText: (item) => item,
		shorten: (item, maxTokens) => {
			calls.push([item.slice(0, 1), maxTokens]);
			return cutToWords(item, maxTokens);
		},
		reservedOutput: 50,
	});
	// 100 + 2 × 40 = 180: b would need 10 - 30 - 8 tokens, so it goes; then 160: a is cut by 10 + 8.
	assert.deepEqual(calls, [
		["b", -28],
		["a", 12],
	]);
	assert.deepEqual(items, [text(12, "a")]);
	assert.equal(words(prompt.description), 124);
});

test("a last item that shortening does not make shorter is dropped, and without shorten items are dropped", async () => {
	for (const shorten of [(item: string) => item, undefined]) {
		const { helpers, build } = fitting(100, true);
		const { items } = await fitPrompt(helpers, {
			task: "t",
			what: "w",
			build,
			ranked: [text(20, "a"), text(20, "b")],
			itemText: (item) => item,
			...(shorten ? { shorten } : {}),
			reservedOutput: 50,
		});
		assert.deepEqual(items, [text(20, "a")], "100 + 2 × 20 = 140 fits once b is gone");
	}
});

test("a bounded prompt keeps what its builder sets, over the defaults", async () => {
	const { helpers } = fitting(0);
	const { prompt } = await fitPrompt(helpers, {
		task: "t",
		what: "w",
		build: () => ({ description: "d", expectedOutput: "e", schemaInPrompt: true }),
		ranked: [],
		itemText: () => "",
		reservedOutput: 16,
	});
	assert.equal(prompt.schemaInPrompt, true);
	assert.equal(prompt.maxOutputTokens, 16);
});

test("askOnce asks once without tools; an unparsable or empty answer gives undefined, other failures propagate", async () => {
	const failures: unknown[] = [];
	const { helpers, asked } = scriptedHelpers({
		answer: () => {
			const failure = failures.shift();
			if (failure) throw failure;
			return { text: "ok", value: { ok: true } };
		},
	});
	const prompt = { description: "d", expectedOutput: "e", maxOutputTokens: 30 };
	assert.deepEqual(await askOnce(helpers, prompt), { text: "ok", value: { ok: true } });
	assert.deepEqual(asked[0], {
		tools: [],
		structuredRetries: 0,
		schemaInPrompt: false,
		description: "d",
		expectedOutput: "e",
		maxOutputTokens: 30,
	});
	await askOnce(helpers, { ...prompt, structuredRetries: 1 });
	assert.equal(asked[1]?.structuredRetries, 1, "the caller's settings win");

	const fault = { retryable: true, reason: "HTTP 503" };
	const empty = new EmptyResponseError("empty");
	failures.push(
		new StructuredOutputError("not JSON"),
		empty,
		new RetriesExhaustedError("gave up", 3, fault, { cause: empty }),
	);
	for (let index = 0; index < 3; index++) assert.equal(await askOnce(helpers, prompt), undefined);

	const down = new RetriesExhaustedError("gave up", 3, fault, { cause: new Error("503") });
	const wrapped = new ProviderError("stream broke", {}, { cause: empty });
	failures.push(down, new ProviderError("bad key"), wrapped);
	await assert.rejects(askOnce(helpers, prompt), (error) => error === down);
	await assert.rejects(askOnce(helpers, prompt), /bad key/);
	await assert.rejects(
		askOnce(helpers, prompt),
		(error) => error === wrapped,
		"only retries given up on an empty answer count as one",
	);
});

test("the output reserved is what is wanted, at most a quarter of the window and at least 16", async () => {
	const { helpers } = scriptedHelpers({ contextSize: 200 });
	assert.equal(await reserveFor(helpers, 30), 30);
	assert.equal(await reserveFor(helpers, 100), 50);
	assert.equal(await reserveFor(helpers, 5), 16);
});

test("characters per token are measured on English prose with a 20 % margin, and are at least 1", async () => {
	// The sample has 138 characters in 23 words.
	const perWord = scriptedHelpers({ countTokens: words });
	assert.equal(await charactersPerToken(perWord.helpers), (138 / 23) * 0.8);
	const perCharacter = scriptedHelpers({ countTokens: (sample) => sample.length * 2 });
	assert.equal(await charactersPerToken(perCharacter.helpers), 1);
	const nothing = scriptedHelpers({ countTokens: () => 0 });
	assert.equal(await charactersPerToken(nothing.helpers), 138 * 0.8);
});

test("an item's text is shortened at a word with an ellipsis, and nothing is left of it at zero tokens", () => {
	const window = { countTokens: words };
	const item = { id: 3, text: "one two three four five" };
	assert.deepEqual(shortenText(item, 3, window), { id: 3, text: "one two…" });
	assert.deepEqual(shortenText(item, 5, window), item);
	assert.equal(shortenText(item, 0, window), undefined);
});

test("text cut to a length ends at a whole word", () => {
	assert.equal(cutAtWord("Open models closed the gap", 14), "Open models");
	assert.equal(cutAtWord("Open models closed the gap", 11), "Open models");
	assert.equal(cutAtWord("Open models closed the gap", 12), "Open models");
	assert.equal(cutAtWord("Open models", 11), "Open models");
	assert.equal(cutAtWord("Supercalifragilistic", 5), "Super", "one long word is cut");
	assert.equal(cutAtWord("Open   models", 6), "Open");
	assert.equal(cutAtWord("Open   models", 9), "Open", "no blanks are left before a cut word");
});

test("each item counts its tokens and 4 more for what joins it; a whole prompt measuring exactly the budget is kept", async () => {
	const { helpers, build } = fitting(100);
	const ask = (ranked: string[]) =>
		fitPrompt(helpers, {
			task: "t",
			what: "w",
			build,
			ranked,
			itemText: (item) => item,
			reservedOutput: 50,
		});
	// 100 + (42 + 4) = 146; one more word costs 5: 151.
	assert.deepEqual((await ask([text(42, "a"), "d"])).items, [text(42, "a")]);
	assert.deepEqual((await ask([text(41, "a"), "d"])).items, [text(41, "a"), "d"]);
	// Shown twice but counted once: 100 + 29 pieced, 100 + 2 × 25 = 150 measured.
	const twice = fitting(100, true);
	const { items } = await fitPrompt(twice.helpers, {
		task: "t",
		what: "w",
		build: twice.build,
		ranked: [text(25, "a")],
		itemText: (item) => item,
		shorten: cutToWords,
		reservedOutput: 50,
	});
	assert.deepEqual(items, [text(25, "a")]);
});
