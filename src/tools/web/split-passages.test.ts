import assert from "node:assert/strict";
import { test } from "node:test";
import { findHeadingTitle, splitPassages } from "./split-passages.ts";

test("a heading starts a passage located by its heading path", () => {
	const markdown =
		"Intro text.\n\n# Guide\n\nFirst.\n\n## Setup\n\nSecond.\n\n### Linux\nThird.\n\n## Use\n\nFourth.";
	assert.deepEqual(splitPassages(markdown), [
		{ text: "Intro text." },
		{ text: "# Guide\n\nFirst.", location: "Guide" },
		{ text: "## Setup\n\nSecond.", location: "Guide > Setup" },
		{ text: "### Linux\n\nThird.", location: "Guide > Setup > Linux" },
		{ text: "## Use\n\nFourth.", location: "Guide > Use" },
	]);
});

test("paragraphs are packed up to the size", () => {
	const paragraph = "Word ".repeat(30).trim();
	const passages = splitPassages(Array(10).fill(paragraph).join("\n\n"), 400);
	assert.ok(passages.length >= 3 && passages.length <= 5, String(passages.length));
	assert.ok(passages.every((passage) => passage.text.length <= 400));
	assert.equal(
		passages.map((passage) => passage.text).join("\n\n"),
		Array(10).fill(paragraph).join("\n\n"),
	);
});

test("a long paragraph is cut between sentences", () => {
	const sentence = "This sentence has exactly enough words to matter here. ";
	const passages = splitPassages(sentence.repeat(40).trim(), 300);
	assert.ok(passages.length > 5);
	for (const passage of passages) {
		assert.ok(passage.text.length <= 300);
		assert.match(passage.text, /^This sentence.*here\.$/s);
	}
});

test("code fences are not split at blank lines and hide heading-like lines", () => {
	const markdown = "## Code\n\n```sh\n# not a heading\n\necho hi\n```\n\nAfter.";
	assert.deepEqual(splitPassages(markdown), [
		{ text: "## Code\n\n```sh\n# not a heading\n\necho hi\n```\n\nAfter.", location: "Code" },
	]);
});

test("findHeadingTitle finds the first level-one heading", () => {
	assert.equal(findHeadingTitle("Text\n\n## Two\n\n# One #\n"), "One");
	assert.equal(findHeadingTitle("No heading"), undefined);
});
