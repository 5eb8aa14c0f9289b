import assert from "node:assert/strict";
import { test } from "node:test";
import { splitParagraphs, splitSentences } from "./split-sentences.ts";

test("citations stay with the sentence they close, before or after the period", () => {
	assert.deepEqual(splitSentences("Sales grew 40% [3]. Costs fell. [4] Prices rose [5][6]."), [
		"Sales grew 40% [3].",
		"Costs fell. [4]",
		"Prices rose [5][6].",
	]);
});

test("abbreviations, initials and decimals do not end a sentence", () => {
	assert.deepEqual(
		splitSentences("Lewis et al. showed it, e.g. in 2.5 cases. J. Smith agreed. Fig. 2 shows it!"),
		["Lewis et al. showed it, e.g. in 2.5 cases.", "J. Smith agreed.", "Fig. 2 shows it!"],
	);
});

test("paragraphs, list items and headings end sentences; headings are dropped", () => {
	assert.deepEqual(
		splitSentences(
			"### Detail\nFirst line\ncontinues here\n\n- item one\n- item two\n| a | b |\n|---|---|",
		),
		["First line continues here", "item one", "item two", "a   b"],
	);
});

test("splitParagraphs splits at blank lines and leaves headings out", () => {
	assert.deepEqual(splitParagraphs("One.\nStill one.\n\n### Sub\n\nTwo.\n\n\n"), [
		"One.\nStill one.",
		"Two.",
	]);
});
