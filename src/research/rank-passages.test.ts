import assert from "node:assert/strict";
import { test } from "node:test";
import { diversify, rankPassages } from "./rank-passages.ts";

const passages = [
	{ id: 1, text: "Bakers knead dough and bake bread every morning." },
	{ id: 2, text: "Open-weight language models closed the gap with closed models." },
	{ id: 3, text: "Language models language models: small language models run on laptops." },
	{ id: 4, text: "Weather was mild." },
];

test("passages sharing the query's words rank first, rarer words weighing more", () => {
	const ranked = rankPassages(passages, "small language models on laptops");
	assert.deepEqual(
		ranked.map((item) => item.passage.id),
		[3, 2, 1, 4],
	);
	assert.ok((ranked[0]?.score ?? 0) > (ranked[1]?.score ?? 0));
	assert.equal(ranked[2]?.score, 0);
	assert.equal(ranked[3]?.score, 0);
});

test("ties keep the passages' order; an empty query ranks nothing up", () => {
	const ranked = rankPassages(passages, "");
	assert.deepEqual(
		ranked.map((item) => item.passage.id),
		[1, 2, 3, 4],
	);
	assert.ok(ranked.every((item) => item.score === 0));
	assert.deepEqual(rankPassages([], "models"), []);
});

test("a word found in every passage counts less than a word found in one", () => {
	const ranked = rankPassages(
		[{ text: "models agents" }, { text: "models tools" }, { text: "models memory" }],
		"models tools",
	);
	assert.equal(ranked[0]?.passage.text, "models tools");
});

test("diversify keeps the order and at most n items per group", () => {
	const items = [
		{ source: 1, n: "a" },
		{ source: 1, n: "b" },
		{ source: 1, n: "c" },
		{ source: 2, n: "d" },
		{ source: 1, n: "e" },
		{ source: 3, n: "f" },
	];
	assert.deepEqual(
		diversify(items, (item) => item.source, 2).map((item) => item.n),
		["a", "b", "d", "f"],
	);
	assert.deepEqual(
		diversify(items, (item) => item.source, 1).map((item) => item.n),
		["a", "d", "f"],
	);
});

test("the score is BM25's (k1 1.2, b 0.75) over the query's distinct words", () => {
	const ranked = rankPassages(
		[{ text: "models agents models" }, { text: "tools memory" }, { text: "weather" }],
		"models tools models",
	);
	// Each query word is in one of the three passages; the passages' average length is 2.
	const idf = Math.log(1 + (3 - 1 + 0.5) / (1 + 0.5));
	const term = (frequency: number, length: number) =>
		(idf * frequency * 2.2) / (frequency + 1.2 * (1 - 0.75 + (0.75 * length) / 2));
	assert.deepEqual(
		ranked.map((item) => item.passage.text),
		["models agents models", "tools memory", "weather"],
	);
	const scores = ranked.map((item) => item.score);
	for (const [index, expected] of [term(2, 3), term(1, 2), 0].entries()) {
		assert.ok(
			Math.abs((scores[index] ?? Number.NaN) - expected) < 1e-12,
			`${scores[index]} ≠ ${expected}`,
		);
	}
});

test("passages without a content word score 0, not NaN", () => {
	const ranked = rankPassages([{ text: "the and of" }, { text: "it is" }], "models");
	assert.deepEqual(
		ranked.map((item) => item.score),
		[0, 0],
	);
});
