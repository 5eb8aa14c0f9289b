import assert from "node:assert/strict";
import { test } from "node:test";
import { defaultCoverageThreshold, measureCoverage } from "./measure-coverage.ts";
import type { ReportSection } from "./report-section.ts";

const section = (number: number, title: string, body: string): ReportSection => ({
	number,
	title,
	line: number * 10,
	body,
});

const reference = [
	section(1, "Solar costs", "Solar panels got cheaper every year."),
	section(2, "Wind farms", "Offshore turbines grew taller."),
	section(3, "Hydro dams", "Dams hold rivers back."),
];

test("a report covers itself entirely", () => {
	const coverage = measureCoverage(reference, reference);
	assert.equal(coverage.share, 1);
	assert.deepEqual(coverage.covered, ["Solar costs", "Wind farms", "Hydro dams"]);
	assert.deepEqual(coverage.missed, []);
	assert.deepEqual(
		coverage.matches.map((match) => [match.topic, match.section, match.similarity.toFixed(6)]),
		[
			["Solar costs", 1, "1.000000"],
			["Wind farms", 2, "1.000000"],
			["Hydro dams", 3, "1.000000"],
		],
	);
});

test("each reference topic is matched to the closest section; topics below the threshold are missed", () => {
	const coverage = measureCoverage(
		[
			section(4, "Wind power", "Offshore turbines grew taller and larger."),
			section(8, "Solar prices", "Solar panels got cheaper."),
		],
		reference,
	);
	assert.deepEqual(
		coverage.matches.map((match) => [match.topic, match.section, match.similarity.toFixed(4)]),
		[
			["Solar costs", 8, "0.7212"],
			["Wind farms", 4, "0.6883"],
			["Hydro dams", 4, "0.0000"],
		],
	);
	assert.deepEqual(coverage.covered, ["Solar costs", "Wind farms"]);
	assert.deepEqual(coverage.missed, ["Hydro dams"]);
	assert.equal(coverage.share, 2 / 3);
});

test("a topic is covered at exactly the threshold, missed just under it; the default is 0.25", () => {
	assert.equal(defaultCoverageThreshold, 0.25);
	const sections = [section(1, "Solar prices", "Solar panels got cheaper.")];
	const [solar] = measureCoverage(sections, reference).matches;
	const similarity = solar?.similarity ?? Number.NaN;
	assert.ok(similarity > 0.25 && similarity < 1, `${similarity}`);
	const atThreshold = measureCoverage(sections, reference, similarity);
	assert.deepEqual(atThreshold.covered, ["Solar costs"]);
	assert.deepEqual(atThreshold.missed, ["Wind farms", "Hydro dams"]);
	assert.deepEqual(measureCoverage(sections, reference, similarity + 1e-9).covered, []);
	const weak = [section(1, "Solar", "Solar heating warms water tanks in winter homes and pools.")];
	const weakSimilarity = measureCoverage(weak, reference).matches[0]?.similarity ?? Number.NaN;
	assert.ok(weakSimilarity > 0 && weakSimilarity < 0.25, `${weakSimilarity}`);
	assert.deepEqual(measureCoverage(weak, reference).covered, []);
});

test("of two equally close sections the first is the match", () => {
	const twin = section(5, "Hydro dams", "Dams hold rivers back.");
	const coverage = measureCoverage([twin, { ...twin, number: 6 }], reference);
	assert.equal(coverage.matches[2]?.section, 5);
	assert.equal(coverage.matches[0]?.section, 5);
	assert.equal(coverage.matches[0]?.similarity, 0);
});

test("a report without sections covers nothing; a reference without sections gives no topics", () => {
	assert.deepEqual(measureCoverage([], reference), {
		share: 0,
		covered: [],
		missed: ["Solar costs", "Wind farms", "Hydro dams"],
		matches: [
			{ topic: "Solar costs", similarity: 0 },
			{ topic: "Wind farms", similarity: 0 },
			{ topic: "Hydro dams", similarity: 0 },
		],
	});
	assert.deepEqual(measureCoverage(reference, []), {
		share: 0,
		covered: [],
		missed: [],
		matches: [],
	});
});
