import assert from "node:assert/strict";
import { test } from "node:test";
import { shorten } from "./report-problem.ts";

test("shorten keeps text of up to 60 characters and cuts longer text to 57 and an ellipsis", () => {
	const sixty = "x".repeat(60);
	assert.equal(shorten(sixty), sixty);
	assert.equal(shorten(`${"a".repeat(57)}bcde`), `${"a".repeat(57)}…`);
	assert.equal(shorten(""), "");
});
