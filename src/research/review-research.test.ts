import assert from "node:assert/strict";
import { test } from "node:test";
import type { TaskOutput } from "../crew/task.ts";
import type { OutlineEdit } from "../human/outline-edit.ts";
import type { ResearchSnapshot } from "./research-snapshot.ts";
import { applyOutlineEdit, reviewResearch } from "./review-research.ts";

function snapshot(): ResearchSnapshot {
	const source = (id: number, title: string) => ({
		id,
		title,
		origin: { type: "web" as const, url: `https://example.org/${id}` },
		accessed: "2026-12-01",
	});
	return {
		developments: [
			{ title: "Open weights", summary: "Parity on Meridian.", sources: [1, 2] },
			{ title: "Phones", summary: "Small models on phones.", sources: [2] },
			{ title: "Chips", summary: "Faster chips.", sources: [3] },
		],
		sources: [source(1, "Meridian"), source(2, "Phones news"), source(3, "Chip maker")],
		passages: [
			{ sourceId: 1, text: "Parity in March." },
			{ sourceId: 2, text: "Phones run models." },
			{ sourceId: 3, text: "Chips got faster." },
		],
	};
}

const edit: OutlineEdit = {
	items: [
		{ title: "Small models on phones", from: 2 },
		{ title: "Open weights", from: 1 },
		{ title: "Open questions" },
	],
	excludeSources: [2],
};

test("an edited outline keeps the developments in the edit's order under its titles, without the left-out sources", () => {
	const reviewed = applyOutlineEdit(snapshot(), edit);
	assert.deepEqual(reviewed.developments, [
		{ title: "Small models on phones", summary: "Small models on phones.", sources: [] },
		{ title: "Open weights", summary: "Parity on Meridian.", sources: [1] },
		{
			title: "Open questions",
			summary:
				"Open questions: a development the reviewer added; write it from the sources gathered.",
			sources: [1, 3],
		},
	]);
	assert.deepEqual(
		reviewed.sources.map((source) => source.id),
		[1, 3],
	);
	assert.deepEqual(
		reviewed.passages.map((passage) => passage.sourceId),
		[1, 3],
	);
	assert.equal(reviewed.review, edit);
	const outOfRange = applyOutlineEdit(snapshot(), {
		items: [{ title: "Gone", from: 9 }],
		excludeSources: [],
	});
	assert.deepEqual(outOfRange.developments[0]?.sources, [1, 2, 3], "an unknown item counts as new");
});

test("the review asks a person about the outline once, and writing continues from the edit", async () => {
	const questions: unknown[] = [];
	const output = { task: "research_task", value: snapshot() } as unknown as TaskOutput;
	const result = await reviewResearch(output, async (question) => {
		questions.push(question);
		return edit;
	});
	assert.deepEqual(questions, [
		{
			key: "review:research_task",
			type: "outline",
			prompt: "Review the outline before the report is written",
			outline: {
				items: [
					{ title: "Open weights", sources: [1, 2] },
					{ title: "Phones", sources: [2] },
					{ title: "Chips", sources: [3] },
				],
				sources: [
					{ id: 1, title: "Meridian" },
					{ id: 2, title: "Phones news" },
					{ id: 3, title: "Chip maker" },
				],
			},
			task: "research_task",
			hasDefault: false,
		},
	]);
	assert.ok(result);
	assert.equal(
		result.text,
		"Outline after review:\n  1. Small models on phones — no sources\n  2. Open weights — [1] Meridian\n  3. Open questions (new) — no sources\n  left out: [2] Phones news",
	);
	assert.deepEqual(result.value, applyOutlineEdit(snapshot(), edit));

	const again = await reviewResearch({ ...output, value: result.value }, async () => {
		throw new Error("a reviewed outline is not asked about again");
	});
	assert.equal(again, undefined);
	const other = await reviewResearch({ ...output, value: "not an outline" }, async () => {
		throw new Error("only the research outline is reviewed");
	});
	assert.equal(other, undefined);
});
