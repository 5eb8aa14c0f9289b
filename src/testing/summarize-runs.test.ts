import assert from "node:assert/strict";
import { test } from "node:test";
import { summarizeRuns } from "./summarize-runs.ts";

test("mean and sample standard deviation over the runs that have a value", () => {
	assert.deepEqual(summarizeRuns([2, 4, 4, 4, 5, 5, 7, 9]), {
		runs: [2, 4, 4, 4, 5, 5, 7, 9],
		mean: 5,
		spread: 2.13809,
	});
	assert.deepEqual(summarizeRuns([3, null]), { runs: [3, null], mean: 3, spread: 0 });
	assert.deepEqual(summarizeRuns([null]), { runs: [null], mean: null, spread: null });
	assert.equal(summarizeRuns([0.1, 0.2]).mean, 0.15, "rounded, not 0.15000000000000002");
});
