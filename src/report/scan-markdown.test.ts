import assert from "node:assert/strict";
import { test } from "node:test";
import { type MarkdownHeading, scanMarkdown } from "./scan-markdown.ts";

const headingsOf = (markdown: string) => scanMarkdown(markdown).headings;
const headingOf = (line: string): MarkdownHeading | undefined => headingsOf(line)[0];

test("a heading's line, level, text, number, title and dotted flag", () => {
	assert.deepEqual(headingsOf("# Title\r\n\ntext\n## 3. Third part\n###### 12) Deep"), [
		{ line: 1, level: 1, text: "Title", title: "Title", dotted: false },
		{ line: 4, level: 2, text: "3. Third part", number: 3, title: "Third part", dotted: true },
		{ line: 5, level: 6, text: "12) Deep", number: 12, title: "Deep", dotted: false },
	]);
});

test("what is not a heading: seven #, text before the #, more than three spaces of indent", () => {
	assert.deepEqual(headingsOf("####### Seven\nLanguages: C# and F#\n    ## Indented code"), []);
	assert.equal(headingOf("   ## Three spaces")?.text, "Three spaces");
	assert.equal(headingOf("##\tTab")?.text, "Tab");
});

test("an empty heading, with or without closing marks", () => {
	for (const line of ["#", "##   ", "## ##", "##   ##  "]) {
		const heading = headingOf(line);
		assert.equal(heading?.text, "", line);
		assert.equal(heading?.title, "", line);
	}
});

test("closing # marks are left out; a # inside or stuck to a word stays", () => {
	const texts = [
		"## Title ##",
		"## Title #  ",
		"## Title ##  ",
		"## Learn C#",
		"## Issue #12",
		"## Title #x",
	].map((line) => headingOf(line)?.text);
	assert.deepEqual(texts, ["Title", "Title", "Title", "Learn C#", "Issue #12", "Title #x"]);
});

test("bold around the whole heading is left out; bold inside stays", () => {
	const texts = [
		"## **Bold title**",
		"## __Underscored__",
		"## **Key** findings",
		"## Key **findings**",
		"## **A**",
		"## **2. Numbered**",
	].map((line) => headingOf(line)?.text);
	assert.deepEqual(texts, [
		"Bold title",
		"Underscored",
		"**Key** findings",
		"Key **findings**",
		"A",
		"2. Numbered",
	]);
	assert.equal(headingOf("## **2. Numbered**")?.number, 2);
});

test("the leading number: up to three digits, then a mark, a space or the end", () => {
	const numbers = [
		"## 3. Title",
		"## 3: Title",
		"## 3 Title",
		"## 3",
		"## 3.",
		"## 2024 Outlook",
		"## 3.5 million",
		"## 3rd place",
		"## 999. Last",
	].map((line) => {
		const heading = headingOf(line);
		return [heading?.number, heading?.title, heading?.dotted];
	});
	assert.deepEqual(numbers, [
		[3, "Title", true],
		[3, "Title", false],
		[3, "Title", false],
		[3, "", false],
		[3, "", true],
		[undefined, "2024 Outlook", false],
		[undefined, "3.5 million", false],
		[undefined, "3rd place", false],
		[999, "Last", true],
	]);
});

test("a line that looks meant as a heading but lacks the space is malformed", () => {
	const scanned = scanMarkdown("##1. Title\n  #Tag\nIssue #12 is fixed\n## Fine\n####### Seven\n#");
	assert.deepEqual(scanned.malformedHeadings, [
		{ line: 1, text: "##1. Title" },
		{ line: 2, text: "#Tag" },
	]);
	assert.deepEqual(
		scanned.headings.map((heading) => heading.line),
		[4, 6],
	);
});

test("fences: headings inside do not count; only the same marks, at least as many, close", () => {
	const scanned = scanMarkdown(
		[
			"````md", // 1 opens
			"## Inside",
			"```", // too short to close
			"~~~~", // other marks
			"```` js", // an info string: not a closing fence
			"````~",
			"   ````  ", // closes
			"## After",
			"Use ``` inline",
			"~~~",
			"## In the unclosed one",
		].join("\n"),
	);
	assert.deepEqual(scanned.fences, [
		{ line: 1, marker: "````", closed: true },
		{ line: 10, marker: "~~~", closed: false },
	]);
	assert.deepEqual(
		scanned.headings.map((heading) => [heading.line, heading.text]),
		[[8, "After"]],
	);
	assert.equal(scanned.lines.length, 11);
});

test("a longer closing fence closes", () => {
	const scanned = scanMarkdown("```\ncode\n`````\n## Out");
	assert.deepEqual(scanned.fences, [{ line: 1, marker: "```", closed: true }]);
	assert.equal(scanned.headings[0]?.line, 4);
});
