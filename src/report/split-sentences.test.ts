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

test("a sentence ends at . ! ? or … and any closing quote or bracket, before a capital, a digit or a citation", () => {
	assert.deepEqual(
		splitSentences('He said "It grew." Then it fell? Yes! Really… Maybe (it did.) Done.'),
		['He said "It grew."', "Then it fell?", "Yes!", "Really…", "Maybe (it did.)", "Done."],
	);
	assert.deepEqual(
		splitSentences("It grew. then it fell. 2024 was good. [3] is cited. *Bold* start. _It_ too."),
		["It grew. then it fell.", "2024 was good.", "[3] is cited.", "*Bold* start.", "_It_ too."],
	);
	assert.deepEqual(splitSentences("Costs fell 3.5% in 2023. Sales rose."), [
		"Costs fell 3.5% in 2023.",
		"Sales rose.",
	]);
	assert.deepEqual(splitSentences("Ends with citation [4]"), ["Ends with citation [4]"]);
});

test("citation groups of ranges and lists stay with their sentence", () => {
	assert.deepEqual(
		splitSentences("It grew [1-3]. It fell [ 2 ; 4 ]. It held [1, 2][3]. Next [12] one."),
		["It grew [1-3].", "It fell [ 2 ; 4 ].", "It held [1, 2][3].", "Next [12] one."],
	);
	assert.deepEqual(splitSentences('It ended."[2] Next one.'), ['It ended."[2]', "Next one."]);
});

test("known abbreviations and single capitals do not end a sentence, other words do", () => {
	assert.deepEqual(
		splitSentences(
			"See (e.g. the chart) and Mr. Smith vs. Jones, approx. 3 units. Dr. No. U.S. rules. A. B. Clay wrote.",
		),
		[
			"See (e.g. the chart) and Mr. Smith vs. Jones, approx. 3 units.",
			"Dr. No.",
			"U.S. rules.",
			"A. B. Clay wrote.",
		],
	);
	assert.deepEqual(splitSentences('He cited ("Fig. 3) then. Go. Then AB. Then'), [
		'He cited ("Fig. 3) then.',
		"Go.",
		"Then AB.",
		"Then",
	]);
});

test("list markers, Windows line ends, table rows and separators, and headings of one to six marks", () => {
	assert.deepEqual(
		splitSentences("Line one\r\ncontinues\r\n\r\n1) first\r\n2. second\r\n+ third\r\n* fourth"),
		["Line one continues", "first", "second", "third", "fourth"],
	);
	assert.deepEqual(
		splitSentences(
			"# Title\n####### not a heading\n#\n|:--|--:|\n| x | y |\n---\n...\n   indented line.",
		),
		["####### not a heading", "x   y", "... indented line."],
	);
	// Four digits are not a list marker: "1234." ends a sentence.
	assert.deepEqual(splitSentences("1234. Item\n\n-5 degrees"), ["1234.", "Item", "-5 degrees"]);
});

test("splitParagraphs drops headings of up to three spaces' indent, keeps code and '#word'", () => {
	assert.deepEqual(
		splitParagraphs("A\r\n\r\nB\n \t\nC\n# H\n#NoSpace\n   ### Indented\n    #### code\n\n#"),
		["A", "B", "C\n#NoSpace\n    #### code"],
	);
});

test("a citation after the end mark, spaced or dashed, stays with its sentence, also at the end", () => {
	assert.deepEqual(splitSentences("It fell. [ 2 ] Next. [1—3] Then. [4]"), [
		"It fell. [ 2 ]",
		"Next. [1—3]",
		"Then. [4]",
	]);
});

test("emphasis marks after the end mark belong to the sentence", () => {
	assert.deepEqual(splitSentences("*It grew.* Then _it fell._ Done."), [
		"*It grew.*",
		"Then _it fell._",
		"Done.",
	]);
});

test("a line of only colons is text, not a table separator", () => {
	assert.deepEqual(splitSentences("Ratio\n:\nthree"), ["Ratio : three"]);
});
