import assert from "node:assert/strict";
import { test } from "node:test";
import { formatTrials } from "./format-trials.ts";
import { summarizeRuns } from "./summarize-runs.ts";

test("a table per task: a column per run, then mean and spread; failed runs named", () => {
	const text = formatTrials({
		crew: "briefing",
		runs: 3,
		failures: [{ run: 2, error: "the model is gone" }],
		tasks: [
			{
				task: "write",
				agent: "writer",
				kind: "text",
				metrics: {
					"non-empty": summarizeRuns([1, null, 1]),
					words: summarizeRuns([120, null, 131]),
				},
			},
		],
	});
	assert.equal(
		text,
		[
			"briefing: 3 runs, 2 completed",
			"",
			"write (writer) — scored as text",
			"  metric     run 1   run 2  run 3    mean  spread",
			"  non-empty      1  failed      1       1       0",
			"  words        120  failed    131  125.50    7.78",
			"",
			"Run 2 failed: the model is gone",
			"",
		].join("\n"),
	);
});

test("an answer left unscored (over the evaluation limits) says why under its task", () => {
	const text = formatTrials({
		crew: "briefing",
		runs: 1,
		failures: [],
		tasks: [
			{
				task: "write",
				agent: "writer",
				kind: "report",
				metrics: { sections: summarizeRuns([null]) },
				unscored: [{ run: 1, reason: "The answer of run 1 to write is too long to evaluate" }],
			},
		],
	});
	assert.equal(
		text,
		[
			"briefing: 1 run, 1 completed",
			"",
			"write (writer) — scored as report",
			"  metric    run 1  mean  spread",
			"  sections      –     –       –",
			"  Not scored: The answer of run 1 to write is too long to evaluate.",
			"",
		].join("\n"),
	);
});
