import assert from "node:assert/strict";
import { test } from "node:test";
import { checkReport } from "./check-report.ts";
import { measureSupport } from "./measure-support.ts";
import { parseSourceList } from "./parse-source-list.ts";

const report = [
	"# Tides",
	"The sea rises twice a day [1].",
	"## 1. Moon",
	"Jupiter raises the sea twice a day [1]. The moon pulls the sea twice a day [1]. It has no citation.",
	"## 2. Sun",
	"The sun pulls too [2]. The sun is far [9]. Both bodies pull [2, 9]. The sun is hot [3].",
	"## Conclusion",
	"The moon raises the sea three times a day [1].",
	"## Sources",
	"1. Moon note — notes/moon.md — accessed 2026-11-23",
	"2. Sun note — notes/sun.md — accessed 2026-11-23",
	"3. Sun page — https://sun.example — accessed 2026-11-23",
].join("\n\n");

const check = checkReport(report, { sections: 2 });
const sources = parseSourceList(check.sources);
const passages = new Map([
	[1, ["The moon's pull raises the sea twice a day."]],
	[2, []],
]);

test("cited sentences of introduction, sections and conclusion are scored against their cited passages", () => {
	assert.deepEqual(measureSupport(check, sources, passages), {
		citedSentences: 6,
		supported: 2,
		rate: 2 / 6,
		unchecked: 2,
		unsupported: [
			{ sentence: "Jupiter raises the sea twice a day [1].", sources: [1], score: 0.5 },
			{ sentence: "The sun is far [9].", sources: [9], score: 0 },
			{ sentence: "Both bodies pull [2, 9].", sources: [2, 9], score: 0 },
			{
				sentence: "The moon raises the sea three times a day [1].",
				sources: [1],
				score: 0.22857142857142856,
			},
		],
	});
});

test("a sentence is supported at exactly the threshold, not just under it", () => {
	const introduction = checkReport(
		"# Tides\n\nThe sea rises twice a day [1].\n\n## Sources\n\n1. Moon note — notes/moon.md",
	);
	const listed = parseSourceList(introduction.sources);
	assert.equal(measureSupport(introduction, listed, passages, 0.75).supported, 1);
	const under = measureSupport(introduction, listed, passages, 0.75 + 1e-9);
	assert.equal(under.supported, 0);
	assert.equal(under.rate, 0);
	assert.deepEqual(under.unsupported, [
		{ sentence: "The sea rises twice a day [1].", sources: [1], score: 0.75 },
	]);
});

test("passages may be a function of the source number, asked only for listed sources", () => {
	const asked: number[] = [];
	const metrics = measureSupport(check, sources, (number) => {
		asked.push(number);
		return passages.get(number) ?? [];
	});
	assert.deepEqual([...new Set(asked)].sort(), [1, 2, 3]);
	assert.equal(metrics.supported, 2);
	assert.equal(metrics.unchecked, 2);
});

test("a report without citations has no cited sentences and a rate of 0", () => {
	const plain = checkReport("# Tides\n\nThe sea rises.\n\n## 1. Moon\n\nThe moon pulls.");
	assert.deepEqual(measureSupport(plain, [], passages), {
		citedSentences: 0,
		supported: 0,
		rate: 0,
		unchecked: 0,
		unsupported: [],
	});
});
