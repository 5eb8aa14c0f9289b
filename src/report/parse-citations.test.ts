import assert from "node:assert/strict";
import { test } from "node:test";
import { citedNumbers, findCitations, removeCitations } from "./parse-citations.ts";

const numbersOf = (text: string) => findCitations(text).map((group) => group.numbers);

test("single, listed, adjacent and ranged citations", () => {
	assert.deepEqual(numbersOf("Sales rose [1]. Costs fell [2, 3]; prices too [4][5]."), [
		[1],
		[2, 3],
		[4],
		[5],
	]);
	assert.deepEqual(numbersOf("See [2–4] and [6-7] and [9 — 8] and [1; 3]."), [
		[2, 3, 4],
		[6, 7],
		[8, 9],
		[1, 3],
	]);
});

test("groups keep their offset and text", () => {
	const text = "A claim [12, 3].";
	assert.deepEqual(findCitations(text), [{ numbers: [12, 3], index: 8, text: "[12, 3]" }]);
});

test("links, reference links, definitions, years, escapes and code are not citations", () => {
	assert.deepEqual(numbersOf("A [link](https://example.com) and [1](https://example.com)."), []);
	assert.deepEqual(numbersOf("A [reference link][1] here."), []);
	assert.deepEqual(numbersOf("[1]: https://example.com"), []);
	assert.deepEqual(numbersOf("In [2024] and \\[3] and `arr[2]` and [a]."), []);
	assert.deepEqual(numbersOf("As shown [1]: a colon after a citation is fine."), [[1]]);
});

test("a very wide range keeps its two ends", () => {
	assert.deepEqual(numbersOf("[1–500]"), [[1, 500]]);
});

test("citedNumbers lists distinct numbers ascending", () => {
	assert.deepEqual(citedNumbers("x [3] y [1, 3] z [2–3]"), [1, 2, 3]);
});

test("removeCitations removes the groups and the space before them", () => {
	assert.equal(removeCitations("Sales rose [1]. Costs fell [2][3]."), "Sales rose. Costs fell.");
});

test("a definition is found after blanks at the start of a line, even after a long line of citations", () => {
	const line = "word [1] ".repeat(20_000);
	assert.equal(findCitations(line).length, 20_000);
	const text = `${line}\n \t[2]: https://example.com\nText [3]: more.`;
	assert.deepEqual(
		findCitations(text)
			.slice(20_000)
			.map((group) => group.numbers),
		[[3]],
		"[2]: at the start of its line is a definition; [3]: inside a line is a citation",
	);
});

test("a group right after a closing bracket is a reference link, even at the very start", () => {
	assert.deepEqual(numbersOf("][1] and [see][2]"), []);
	assert.deepEqual(numbersOf("[1][2][3]"), [[1], [2], [3]]);
});

test("a definition starts its line after blanks only, at the very start of the text too", () => {
	assert.deepEqual(numbersOf(" [2]: https://example.com"), []);
	assert.deepEqual(numbersOf("x[2]: y"), [[2]]);
	assert.deepEqual(numbersOf("x\n[2]: https://example.com"), []);
});

test("ranges: up to 100 apart are expanded, whatever their ends", () => {
	assert.equal(numbersOf("[1–101]")[0]?.length, 101);
	assert.deepEqual(numbersOf("[1–102]"), [[1, 102]]);
	assert.deepEqual(numbersOf("[60–63]"), [[60, 61, 62, 63]]);
	assert.deepEqual(numbersOf("[ 4 , 7 - 5 ]"), [[4, 5, 6, 7]]);
});

test("code spans of any number of backticks hide citations and keep offsets", () => {
	assert.deepEqual(numbersOf("``a [1] b`` and ```c [2]```"), []);
	assert.deepEqual(findCitations("`x` [1]"), [{ numbers: [1], index: 4, text: "[1]" }]);
});

test("removeCitations removes all the blanks before a group, not the text after", () => {
	assert.equal(removeCitations("Rose \t [1]. Fell  [2, 3]!"), "Rose. Fell!");
	assert.equal(removeCitations("No citations."), "No citations.");
});
