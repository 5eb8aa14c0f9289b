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

test("a weight is (1 + ln count) × (1 + ln((1 + n) / (1 + df)))", () => {
	const [first, second] = tfIdfVectors([["solar", "solar", "wind"], ["wind"]]);
	assert.deepEqual(
		first,
		new Map([
			["solar", (1 + Math.log(2)) * (1 + Math.log(3 / 2))],
			["wind", 1],
		]),
	);
	assert.deepEqual(second, new Map([["wind", 1]]));
	assert.deepEqual(tfIdfVectors([]), []);
	assert.deepEqual(tfIdfVectors([[]]), [new Map()]);
});

test("the cosine is the dot product over both norms, never above 1", () => {
	const a = new Map([
		["solar", 3],
		["wind", 4],
	]);
	const b = new Map([
		["solar", 4],
		["hydro", 3],
	]);
	assert.equal(cosineSimilarity(a, b), 12 / 25);
	assert.equal(cosineSimilarity(b, a), 12 / 25);
	assert.equal(cosineSimilarity(a, new Map()), 0);
	// Parallel vectors whose quotient rounds to 1.0000000000000002.
	const scale = 1.7000000000000002;
	const parallel = new Map([
		["a", 6.9],
		["b", 6.6],
	]);
	const scaled = new Map([
		["a", 6.9 * scale],
		["b", 6.6 * scale],
	]);
	assert.equal(cosineSimilarity(parallel, scaled), 1);
});
