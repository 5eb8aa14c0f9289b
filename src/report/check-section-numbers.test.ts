import assert from "node:assert/strict";
import { test } from "node:test";
import { checkSectionNumbers } from "./check-section-numbers.ts";
import type { ReportProblem } from "./report-problem.ts";
import type { ReportSection } from "./report-section.ts";

/** The problems of sections numbered `numbers` (section i at line 10·(i+1), titled "Topic n"). */
function problemsOf(numbers: number[], expected: number, titles: string[] = []): ReportProblem[] {
	const sections: ReportSection[] = numbers.map((number, index) => ({
		number,
		title: titles[index] ?? `Topic ${number}`,
		line: 10 * (index + 1),
		body: "Text.",
	}));
	const problems: ReportProblem[] = [];
	checkSectionNumbers(sections, expected, (line, message) => problems.push({ line, message }));
	return problems;
}

test("sections 1 to N in order pass", () => {
	assert.deepEqual(problemsOf([1, 2, 3], 3), []);
});

test("several missing sections in a row are named together, once", () => {
	assert.deepEqual(problemsOf([1, 4, 5], 5), [
		{
			line: 20,
			message: "Sections 2 to 3 are missing: found '## 1. Topic 1' followed by '## 4. Topic 4'.",
		},
		{
			line: 30,
			message:
				"Expected 5 numbered sections, found 3: the report must have sections '## 1. Title' to '## 5. Title'.",
		},
	]);
});

test("missing first sections name the first section found", () => {
	assert.deepEqual(problemsOf([3, 4], 4).slice(0, 1), [
		{ line: 10, message: "Sections 1 to 2 are missing: the first section is '## 3. Topic 3'." },
	]);
	assert.deepEqual(problemsOf([2, 3], 3).slice(0, 1), [
		{ line: 10, message: "Section 1 is missing: the first section is '## 2. Topic 2'." },
	]);
});

test("a number used twice is reported once, not also as out of order", () => {
	assert.deepEqual(problemsOf([1, 2, 2, 3], 3), [
		{
			line: 30,
			message:
				"Section number 2 is used twice: '## 2. Topic 2' at line 20 and '## 2. Topic 2' at line 30. Number the sections 1 to 3 in order.",
		},
		{
			line: 40,
			message:
				"Expected 3 numbered sections, found 4: the report must have sections '## 1. Title' to '## 3. Title'.",
		},
	]);
});

test("no sections: the count problem is at line 1", () => {
	assert.deepEqual(problemsOf([], 2), [
		{
			line: 1,
			message:
				"Expected 2 numbered sections, found 0: the report must have sections '## 1. Title' to '## 2. Title'.",
		},
	]);
});

test("one section too many is named as the conclusion only when titled like one", () => {
	const hint = (title: string, numbers = [1, 2, 3], expected = 2) =>
		problemsOf(
			numbers,
			expected,
			numbers.map((number) => (number === 3 ? title : `T${number}`)),
		)
			.at(-1)
			?.message.endsWith(`'## 3. ${title}' looks like the conclusion: remove its number.`);
	for (const title of [
		"Conclusion",
		"conclusions",
		"Summary",
		"Final thoughts",
		"Closing remarks",
	]) {
		assert.equal(hint(title), true, title);
	}
	for (const title of ["Summary of findings", "Executive summary", "Costs"]) {
		assert.equal(hint(title), false, title);
	}
	assert.equal(hint("Conclusion", [1, 2, 3], 4), false, "too few sections: no conclusion hint");
});
