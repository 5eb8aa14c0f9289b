import assert from "node:assert/strict";
import { test } from "node:test";
import { measureRedundancy } from "./measure-redundancy.ts";
import type { ReportSection } from "./report-section.ts";

const section = (number: number, title: string, body: string): ReportSection => ({
	number,
	title,
	line: number * 10,
	body,
});

test("fewer than two sections: no pair and similarity 0", () => {
	assert.deepEqual(measureRedundancy([]), { maxSimilarity: 0 });
	assert.deepEqual(measureRedundancy([section(1, "Solar", "Panels got cheaper.")]), {
		maxSimilarity: 0,
	});
});

test("a section repeating another is the most similar pair, named by section numbers", () => {
	const redundancy = measureRedundancy([
		section(2, "Solar costs", "Solar panels got cheaper every year."),
		section(5, "Wind farms", "Offshore turbines grew taller."),
		section(7, "Solar costs falling", "Solar panels got cheaper every year."),
	]);
	assert.deepEqual(redundancy.pair, [2, 7]);
	assert.equal(redundancy.maxSimilarity.toFixed(4), "0.9054");
});

test("sections sharing no word score 0, and the first pair is reported", () => {
	assert.deepEqual(
		measureRedundancy([
			section(1, "Solar", "Panels got cheaper."),
			section(2, "Wind", "Turbines grew taller."),
			section(3, "Hydro", "Dams hold rivers."),
		]),
		{ maxSimilarity: 0, pair: [1, 2] },
	);
});

test("the highest pair wins over an earlier, lower one", () => {
	const redundancy = measureRedundancy([
		section(1, "Solar panels", "Panels got cheaper."),
		section(2, "Solar farms", "Farms grew larger."),
		section(3, "Wind turbines", "Turbines grew taller."),
		section(4, "Wind turbines", "Turbines grew taller offshore."),
	]);
	assert.deepEqual(redundancy.pair, [3, 4]);
	assert.ok(redundancy.maxSimilarity > 0.8, `${redundancy.maxSimilarity}`);
});
