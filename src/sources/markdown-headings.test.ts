import assert from "node:assert/strict";
import { test } from "node:test";
import { findTitle } from "./markdown-headings.ts";

test("findTitle finds the first level-one heading", () => {
	assert.equal(findTitle("Text\n\n## Two\n\n# One #\n"), "One");
	assert.equal(findTitle("No heading"), undefined);
});
