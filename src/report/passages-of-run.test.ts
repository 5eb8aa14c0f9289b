import assert from "node:assert/strict";
import { test } from "node:test";
import { passagesOfRun } from "./passages-of-run.ts";

const report = [
	"# Tides",
	"## 1. Moon",
	"The moon pulls the sea [1][2].",
	"## Sources",
	"1. Sun note — https://sun.example — accessed 2026-11-23",
	"2. Moon note — https://moon.example — accessed 2026-11-23",
	"3. Star note — https://star.example — accessed 2026-11-23",
].join("\n\n");

const snapshot = {
	question: "Why tides?",
	sources: [
		{ id: 7, title: "Moon note" },
		{ id: 8, title: "Sun note" },
		{ id: 9, title: "Unlisted note" },
	],
	passages: [
		{ sourceId: 7, text: "The moon pulls." },
		{ sourceId: 8, text: "The sun pulls less." },
		{ sourceId: 9, text: "Not in the report." },
		{ sourceId: 7, text: "Twice a day." },
	],
};

test("the research snapshot's passages are matched to the listed sources by title", () => {
	const passages = passagesOfRun(["an outline", snapshot, "the report"], report);
	assert.deepEqual(
		passages,
		new Map([
			[1, ["The sun pulls less."]],
			[2, ["The moon pulls.", "Twice a day."]],
		]),
	);
});

test("a listed source the snapshot has without passages gets none", () => {
	const passages = passagesOfRun(
		[{ sources: [{ id: 3, title: "Star note" }], passages: [] }],
		report,
	);
	assert.deepEqual(passages, new Map([[3, []]]));
});

test("without a snapshot of sources and passages there are no passages", () => {
	assert.equal(passagesOfRun([], report), undefined);
	assert.equal(
		passagesOfRun(
			[
				null,
				undefined,
				3,
				"text",
				{ sources: [] },
				{ passages: [] },
				{ sources: "x", passages: [] },
			],
			report,
		),
		undefined,
	);
});

test("the first snapshot among the task outputs is the one read", () => {
	const other = {
		sources: [{ id: 1, title: "Sun note" }],
		passages: [{ sourceId: 1, text: "Other." }],
	};
	assert.deepEqual(passagesOfRun([snapshot, other], report)?.get(1), ["The sun pulls less."]);
	assert.deepEqual(passagesOfRun([other, snapshot], report)?.get(1), ["Other."]);
});
