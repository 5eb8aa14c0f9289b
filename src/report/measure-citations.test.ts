import assert from "node:assert/strict";
import { test } from "node:test";
import { checkReport } from "./check-report.ts";
import { measureCitations } from "./measure-citations.ts";
import type { ListedSource } from "./parse-source-list.ts";

const listed = (...numbers: number[]): ListedSource[] =>
	numbers.map((number) => ({ number, title: `Source ${number}` }));

const report = [
	"# Title",
	"",
	"Intro cites [33].",
	"",
	"## 1. One",
	"",
	"First paragraph [10][2].",
	"",
	"Second paragraph, uncited.",
	"",
	"## 2. Two",
	"",
	"Only unlisted [1, 40].",
	"",
	"## 3. Three",
	"",
	"Nothing cited.",
	"",
	"## Conclusion",
	"",
	"Ends [2].",
].join("\n");

test("cited, unresolved and uncited numbers, ascending; coverage of sections and paragraphs", () => {
	const check = checkReport(report, { sections: 3 });
	assert.deepEqual(check.problems, []);
	const metrics = measureCitations(check, listed(50, 2, 33, 10, 7));
	assert.deepEqual(metrics, {
		total: 6,
		cited: [1, 2, 10, 33, 40],
		listed: 5,
		sectionsWithCitation: 1,
		sectionCoverage: 1 / 3,
		paragraphs: 4,
		paragraphsWithCitation: 1,
		paragraphCoverage: 1 / 4,
		unresolved: [1, 40],
		uncited: [7, 50],
		validity: 3 / 7,
	});
});

test("a group with one listed number is a valid citation", () => {
	const check = checkReport("# T\n\n## 1. One\n\nMixed [9, 1].", { sections: 1 });
	const metrics = measureCitations(check, listed(1));
	assert.equal(metrics.sectionsWithCitation, 1);
	assert.equal(metrics.paragraphsWithCitation, 1);
	assert.deepEqual(metrics.unresolved, [9]);
});

test("validity: 1 when citations and sources agree, 0 when nothing is cited", () => {
	const check = checkReport("# T\n\n## 1. One\n\nA [2]. B [1].", { sections: 1 });
	assert.equal(measureCitations(check, listed(1, 2)).validity, 1);
	const uncited = checkReport("# T\n\n## 1. One\n\nNo citation.", { sections: 1 });
	assert.equal(measureCitations(uncited, listed(1, 2)).validity, 0);
	assert.equal(measureCitations(uncited, []).validity, 0);
	assert.equal(measureCitations(uncited, []).sectionCoverage, 0);
});
