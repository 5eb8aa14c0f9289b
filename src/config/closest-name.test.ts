import assert from "node:assert/strict";
import { test } from "node:test";
import { closestName } from "./closest-name.ts";

const keys = ["description", "expected_output", "agent", "context", "output_file", "role", "goal"];

test("suggests the key a typo was meant to be", () => {
	assert.equal(closestName("expected_ouput", keys), "expected_output");
	assert.equal(closestName("descripton", keys), "description");
	assert.equal(closestName("contxet", keys), "context");
	assert.equal(closestName("rol", keys), "role");
});

test("treats case, dashes and camelCase as the same key", () => {
	assert.equal(closestName("expectedOutput", keys), "expected_output");
	assert.equal(closestName("Output-File", keys), "output_file");
});

test("suggests nothing for words that are not close", () => {
	assert.equal(closestName("priority", keys), undefined);
	assert.equal(closestName("x", keys), undefined);
	assert.equal(closestName("a".repeat(10_000), keys), undefined);
});
