import assert from "node:assert/strict";
import { test } from "node:test";
import { cosineSimilarity, tfIdfVectors } from "./term-vectors.ts";

test("identical documents score 1, disjoint 0, partial overlap in between", () => {
	const [a, b, c, d] = tfIdfVectors([
		["solar", "panel", "cost"],
		["solar", "panel", "cost"],
		["wind", "turbine"],
		["solar", "wind", "grid"],
	]);
	assert.ok(a && b && c && d);
	assert.ok(Math.abs(cosineSimilarity(a, b) - 1) < 1e-12);
	assert.equal(cosineSimilarity(a, c), 0);
	const partial = cosineSimilarity(a, d);
	assert.ok(partial > 0 && partial < 1);
	assert.equal(cosineSimilarity(new Map(), a), 0);
});

test("a term every document has weighs less than a rare one", () => {
	const [first] = tfIdfVectors([["common", "rare"], ["common"], ["common"]]);
	assert.ok((first?.get("rare") ?? 0) > (first?.get("common") ?? 0));
});
