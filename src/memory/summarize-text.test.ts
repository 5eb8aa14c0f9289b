import assert from "node:assert/strict";
import { test } from "node:test";
import { excerptFor, summarizeText } from "./summarize-text.ts";

const text =
	"# Report\n\nZubrowka is a small republic. Its capital is **Lutz**, founded in 1932. The harbour of Lutz has nine piers. Bread is baked daily.";

test("a summary is the leading sentences without markdown, cut at a word when too long", () => {
	assert.equal(summarizeText(text, 60), "Zubrowka is a small republic.");
	assert.equal(
		summarizeText(text, 80),
		"Zubrowka is a small republic. Its capital is Lutz, founded in 1932.",
	);
	assert.equal(summarizeText("A very long sentence without any end in sight", 20), "A very long…");
	assert.equal(summarizeText(""), "");
});

test("an excerpt starts at the sentence sharing most words with the query", () => {
	assert.equal(
		excerptFor(text, "How many piers does the harbour have?", 60),
		"The harbour of Lutz has nine piers. Bread is baked daily.",
	);
	assert.equal(excerptFor(text, "unrelated words", 30), "Zubrowka is a small republic.");
});
