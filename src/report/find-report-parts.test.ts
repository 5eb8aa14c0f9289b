import assert from "node:assert/strict";
import { test } from "node:test";
import { findReportParts } from "./find-report-parts.ts";
import type { ReportProblem } from "./report-problem.ts";
import { scanMarkdown } from "./scan-markdown.ts";

/** The parts of `lines` (joined), its first heading taken as the title when it is `#`. */
function partsOf(...lines: string[]) {
	const scanned = scanMarkdown(lines.join("\n"));
	const first = scanned.headings[0];
	const problems: ReportProblem[] = [];
	const parts = findReportParts(scanned, first?.level === 1 ? first : undefined, (line, message) =>
		problems.push({ line, message }),
	);
	return {
		parts: parts.map((part) => [part.kind, part.heading?.line, part.body]),
		problems,
	};
}

test("title, introduction, sections, conclusion and sources, each with its text", () => {
	const { parts, problems } = partsOf(
		"# Title",
		"Intro text.",
		"## 1. One",
		"One's text.",
		"### Details",
		"More of one.",
		"## 2. Two",
		"Two's text.",
		"## Conclusion",
		"All told.",
		"## Sources",
		"1. https://example.org",
	);
	assert.deepEqual(problems, []);
	assert.deepEqual(parts, [
		["title", 1, ""],
		["introduction", undefined, "Intro text."],
		["section", 3, "One's text.\n### Details\nMore of one."],
		["section", 7, "Two's text."],
		["conclusion", 9, "All told."],
		["sources", 11, "1. https://example.org"],
	]);
});

test("without a title the introduction starts at the first line", () => {
	const { parts } = partsOf("Intro first.", "", "## 1. One", "Text.");
	assert.deepEqual(parts, [
		["introduction", undefined, "Intro first."],
		["section", 3, "Text."],
	]);
});

test("an introduction heading before section 1: only the usual names", () => {
	for (const title of ["Introduction", "overview", "Summary", "Executive Summary", "Background"]) {
		const { parts, problems } = partsOf("# T", `## ${title}`, "Why.", "## 1. One", "Text.");
		assert.deepEqual(problems, [], title);
		assert.deepEqual(parts[2], ["introduction", 2, "Why."]);
	}
	for (const title of ["Project overview", "Overview of risks"]) {
		const { problems } = partsOf("# T", `## ${title}`, "Why.", "## 1. One", "Text.");
		assert.deepEqual(problems, [
			{
				line: 2,
				message: `Heading '## ${title}' comes before section 1 and has no number: number it as a section or make it plain introduction text.`,
			},
		]);
	}
});

test("only a level-2 'Sources' or 'References' heading is the sources list", () => {
	const { parts, problems } = partsOf(
		"# T",
		"## 1. One",
		"### References",
		"Inline list.",
		"## Open sources",
		"Text.",
		"## references",
		"1. x",
	);
	assert.deepEqual(
		parts.map(([kind, line]) => [kind, line]),
		[
			["title", 1],
			["introduction", undefined],
			["section", 2],
			["conclusion", 5],
			["sources", 7],
		],
	);
	assert.deepEqual(problems, []);
	const funding = partsOf("# T", "## 1. One", "x", "## Sources of funding", "y");
	assert.equal(funding.parts.at(-1)?.[0], "conclusion");
});

test("a sources list without any section is not 'before the last section'", () => {
	const { parts, problems } = partsOf("# T", "Intro.", "## Sources", "1. x");
	assert.deepEqual(problems, []);
	assert.deepEqual(parts.at(-1), ["sources", 3, "1. x"]);
});

test("each misplaced heading is named, quoted with its level, at its line", () => {
	const { problems } = partsOf(
		"# T",
		"## 1. One",
		"x",
		"## Between",
		"y",
		"## Sources",
		"1. a",
		"## 2. Two",
		"z",
		"## Conclusion",
		"c",
		"## Afterword",
		"d",
		"# Second title",
		"## References",
		"2. b",
		"## Appendix",
		"e",
	);
	assert.deepEqual(problems, [
		{
			line: 4,
			message:
				"Heading '## Between' between sections has no number: number it as a section ('## N. Between') or make it a '###' subheading.",
		},
		{
			line: 6,
			message: "'## Sources' comes before the last section: the sources list must come last.",
		},
		{
			line: 10,
			message:
				"Heading '## Conclusion' comes after '## Sources' (line 6): the sources list must come last.",
		},
		{
			line: 12,
			message:
				"Heading '## Afterword' comes after '## Sources' (line 6): the sources list must come last.",
		},
		{
			line: 14,
			message:
				"Second title '# Second title': a report has one '# Title'; sections are written '## N. Title'.",
		},
		{
			line: 15,
			message:
				"Second '## References' heading (the first is at line 6): list all sources under one.",
		},
		{
			line: 17,
			message:
				"Heading '## Appendix' comes after '## Sources' (line 6): the sources list must come last.",
		},
	]);
});

test("a second heading after the conclusion is named, and the second sources list is not a part", () => {
	const { parts, problems } = partsOf(
		"# T",
		"## 1. One",
		"x",
		"## Conclusion",
		"c",
		"## Final words",
		"d",
		"## Sources",
		"1. a",
		"## Sources",
		"2. b",
	);
	assert.deepEqual(problems, [
		{
			line: 6,
			message:
				"Second heading '## Final words' after the last section (the conclusion starts at line 4): a report ends with one conclusion and optionally '## Sources'.",
		},
		{
			line: 10,
			message: "Second '## Sources' heading (the first is at line 8): list all sources under one.",
		},
	]);
	assert.deepEqual(parts.slice(-2), [
		["conclusion", 4, "c\n## Final words\nd"],
		["sources", 8, "1. a\n## Sources\n2. b"],
	]);
});

test("a numbered heading of another level stands for a missing section, else it is a subheading", () => {
	const { parts, problems } = partsOf(
		"# T",
		"## 1. One",
		"### 1. Step one",
		"a",
		"### 2.",
		"b",
		"## 3. Three",
		"c",
		"#### 4) Deep",
		"d",
	);
	assert.deepEqual(
		parts.map(([kind, line]) => [kind, line]),
		[
			["title", 1],
			["introduction", undefined],
			["section", 2],
			["section", 5],
			["section", 7],
			["section", 9],
		],
	);
	assert.deepEqual(problems, [
		{
			line: 5,
			message: "Section 2 is a level-3 heading '### 2.': sections are written '## 2. Title'.",
		},
		{
			line: 9,
			message: "Section 4 is a level-4 heading '#### 4) Deep': sections are written '## 4. Deep'.",
		},
	]);
});

test("a title that starts with a number is not a section", () => {
	const { parts, problems } = partsOf("# 1 Idea", "Intro.", "## 2. Two", "x");
	assert.deepEqual(problems, []);
	assert.deepEqual(
		parts.map(([kind, line]) => [kind, line]),
		[
			["title", 1],
			["introduction", undefined],
			["section", 3],
		],
	);
});

test("a section numbered the wrong way is named, unless it has no title to show", () => {
	const { problems } = partsOf("# T", "## 1) One", "a", "## 2", "b", "## 3: Three", "c");
	assert.deepEqual(problems, [
		{
			line: 2,
			message: "Section heading '## 1) One' is not numbered the expected way: write '## 1. One'.",
		},
		{
			line: 6,
			message:
				"Section heading '## 3: Three' is not numbered the expected way: write '## 3. Three'.",
		},
	]);
});

test("long headings are shortened in messages", () => {
	const long = "A very long heading that goes on and on well past sixty characters in all";
	const { problems } = partsOf("# T", "## 1. One", "a", `## ${long}`, "b", "## 2. Two", "c");
	assert.equal(
		problems[0]?.message,
		`Heading '## ${long.slice(0, 57)}…' between sections has no number: number it as a section ('## N. ${long.slice(0, 57)}…') or make it a '###' subheading.`,
	);
});
