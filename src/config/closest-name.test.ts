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

test("treats case, dashes, spaces and camelCase as the same key", () => {
	assert.equal(closestName("expectedOutput", keys), "expected_output");
	assert.equal(closestName("Output-File", keys), "output_file");
	assert.equal(closestName("maxIter2Count", ["max_iter2_count"]), "max_iter2_count");
	// The same key written another way wins over a nearer-looking candidate listed first.
	assert.equal(closestName("OUTPUT - FILE", ["output__fil", "output_file"]), "output_file");
	assert.equal(closestName("maxIter", ["maxiter_", "max_iter"]), "max_iter");
	assert.equal(closestName("Goal", ["goals", "goal"]), "goal");
});

test("suggests nothing for words that are not close", () => {
	assert.equal(closestName("priority", keys), undefined);
	assert.equal(closestName("x", keys), undefined);
	assert.equal(closestName("a".repeat(10_000), keys), undefined);
	assert.equal(closestName("role", []), undefined);
});

test("allows 1 edit up to 4 characters, 2 up to 8, 3 beyond", () => {
	assert.equal(closestName("rle", ["role"]), "role");
	assert.equal(closestName("rxxe", ["role"]), undefined);
	assert.equal(closestName("rolxx", ["role"]), "role");
	assert.equal(closestName("goalxxx", ["goal"]), undefined);
	assert.equal(closestName("mxx_itxr", ["max_iter"]), "max_iter");
	assert.equal(closestName("mxx_itxx", ["max_iter"]), undefined);
	assert.equal(closestName("backstxxx", ["backstory"]), "backstory");
	assert.equal(closestName("bxckstxxx", ["backstory"]), undefined);
	assert.equal(closestName("abcdefghij", ["abcdefghijklm"]), "abcdefghijklm");
	assert.equal(closestName("abcdefghij", ["abcdefghijklmn"]), undefined);
});

test("a swap of neighbouring letters is one edit", () => {
	assert.equal(closestName("ab", ["ba"]), "ba");
	assert.equal(closestName("rloe", ["role"]), "role");
	assert.equal(closestName("abcd", ["abdc"]), "abdc");
	assert.equal(closestName("abcdef", ["badcfe"]), undefined);
});

test("the candidate with the fewest edits wins, the first one listed on a tie", () => {
	assert.equal(closestName("bat", ["cat", "hat"]), "cat");
	assert.equal(closestName("ab", ["ac", "ba"]), "ac");
	assert.equal(closestName("sittin", ["kitten", "sitting"]), "sitting");
	assert.equal(closestName("goall", ["gxxll", "goal"]), "goal");
	assert.equal(closestName("contexts", ["content", "context"]), "context");
	assert.equal(closestName("agnt", ["role", "agent"]), "agent");
});
