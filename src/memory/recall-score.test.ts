import assert from "node:assert/strict";
import { test } from "node:test";
import { recallScore, recencyFactor } from "./recall-score.ts";

const day = 86_400_000;

test("recency halves every half-life; the score keeps (1 − w) of relevance however old", () => {
	assert.equal(recencyFactor(0), 1);
	assert.equal(recencyFactor(30 * day), 0.5);
	assert.equal(recencyFactor(60 * day), 0.25);
	assert.equal(recencyFactor(7 * day, 7), 0.5);
	assert.equal(recencyFactor(-5 * day), 1, "a clock running behind never raises the score");
	assert.equal(recallScore(1, 0), 1);
	assert.equal(recallScore(1, 30 * day), 0.75);
	assert.ok(Math.abs(recallScore(1, 3650 * day) - 0.5) < 1e-9);
	assert.equal(recallScore(0.8, 30 * day, { recencyWeight: 0 }), 0.8);
	assert.equal(recallScore(0.8, 30 * day, { recencyWeight: 1 }), 0.4);
	assert.equal(recallScore(-0.3, 0), 0, "negative similarity counts as none");
});

test("an old memory that matches well outranks a new one that barely matches", () => {
	assert.ok(recallScore(1, 90 * day) > recallScore(0.4, 0));
	assert.ok(recallScore(0.9, 0) > recallScore(0.9, 10 * day));
});
