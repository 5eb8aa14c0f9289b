import assert from "node:assert/strict";
import { test } from "node:test";
import { keywordQuery } from "./keyword-query.ts";

test("keeps the content words of a text, once each, lowercased", () => {
	assert.equal(
		keywordQuery("Write a short report on the history of Lutz's harbour; the HARBOUR matters."),
		"write short report history lutz harbour matters",
	);
	assert.equal(
		keywordQuery("List 10 developments in AI, given the year 2026"),
		"list 10 developments ai given year 2026",
	);
	assert.equal(keywordQuery("one two three four", 2), "two three");
	assert.equal(keywordQuery("the of and"), "");
});
