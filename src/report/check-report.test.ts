import assert from "node:assert/strict";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { describe, test } from "node:test";
import { fileURLToPath } from "node:url";
import fc from "fast-check";
import { skipWhenMissing } from "../../test/support/skip-when-missing.ts";
import { checkReport, formatReportProblems, type ReportCheck } from "./check-report.ts";

const referenceDir = fileURLToPath(
	new URL("../../../shared/fixtures/reference-reports/", import.meta.url),
);
const noReferences = skipWhenMissing(
	existsSync(referenceDir),
	`the reference reports are absent (${referenceDir}): this clone has no ../shared`,
);
const referenceNames = noReferences
	? []
	: readdirSync(referenceDir).filter((name) => name.endsWith(".md"));
const reference = (name: string) => readFileSync(`${referenceDir}${name}`, "utf8");

/** Asserts that the check has a problem at `line` whose message matches `message`. */
function assertProblem(check: ReportCheck, line: number, message: string | RegExp): void {
	assert.equal(check.ok, false);
	const found = check.problems.find(
		(problem) =>
			problem.line === line &&
			(typeof message === "string" ? problem.message === message : message.test(problem.message)),
	);
	assert.ok(
		found,
		`no problem at line ${line} matching ${message}; got:\n${formatReportProblems(check)}`,
	);
}

/** The report's lines with section `number` (heading and text up to the next heading) removed. */
function withoutSection(markdown: string, number: number): string {
	const lines = markdown.split("\n");
	const start = lines.findIndex((line) => line.startsWith(`## ${number}. `));
	const next = lines.findIndex((line, index) => index > start && line.startsWith("## "));
	lines.splice(start, (next === -1 ? lines.length : next) - start);
	return lines.join("\n");
}

function lineOf(markdown: string, start: string): number {
	return markdown.split("\n").findIndex((line) => line.startsWith(start)) + 1;
}

function smallReport(sections: number, extra = ""): string {
	const parts = ["# A small report", "", "Why it matters."];
	for (let number = 1; number <= sections; number++) {
		parts.push("", `## ${number}. Topic ${number}`, "", `Text of topic ${number} [${number}].`);
	}
	return `${parts.join("\n")}\n${extra}`;
}

describe("checkReport on the reference reports", { skip: noReferences }, () => {
	test("finds the three reports", () => {
		assert.equal(referenceNames.length, 3);
	});

	for (const name of referenceNames) {
		test(`${name} passes, with its title and ten sections`, () => {
			const check = checkReport(reference(name));
			assert.deepEqual(check.problems, []);
			assert.equal(check.ok, true);
			assert.match(check.title ?? "", /^[^#].*LLMs/);
			assert.deepEqual(
				check.sections.map((section) => section.number),
				[1, 2, 3, 4, 5, 6, 7, 8, 9, 10],
			);
			for (const section of check.sections) {
				assert.ok(section.body.length > 200, `section ${section.number} has its text`);
				assert.ok(!section.body.startsWith("#") && !section.title.startsWith("#"));
			}
			assert.equal(check.conclusion, "", "trailing paragraphs stay in the last section");
			assert.equal(check.sources, "");
		});
	}

	test("the introduction and the last section's trailing paragraphs are kept", () => {
		const markdown = reference("report-a.md");
		const check = checkReport(markdown);
		assert.ok(check.introduction.length > 0);
		assert.ok(markdown.includes(check.introduction));
		const lastParagraph = markdown.trim().split("\n\n").at(-1) ?? "";
		assert.ok(check.sections.at(-1)?.body.endsWith(lastParagraph));
	});
});

/** A generated report of ten sections with titles like the reference reports'. */
const tenSections = smallReport(10)
	.replace("## 3. Topic 3", "## 3. Regulatory Frameworks")
	.replace("## 4. Topic 4", "## 4. Customized Models")
	.replace("## 5. Topic 5", "## 5. Edge Computing");

describe("checkReport: structure problems, each at its line", () => {
	test("a missing title", () => {
		const check = checkReport(tenSections.slice(tenSections.indexOf("\n") + 1));
		assertProblem(
			check,
			2,
			"Missing title: the report must start with a '# Title' line, found 'Why it matters.'.",
		);
		assert.equal(check.title, undefined);
	});

	test("a missing section", () => {
		const check = checkReport(withoutSection(tenSections, 4));
		const line = check.sections.find((section) => section.number === 5)?.line ?? 0;
		assertProblem(
			check,
			line,
			"Section 4 is missing: found '## 3. Regulatory Frameworks' followed by '## 5. Edge Computing'.",
		);
		assertProblem(
			check,
			check.sections.at(-1)?.line ?? 0,
			/^Expected 10 numbered sections, found 9:/,
		);
	});

	test("a section number used twice", () => {
		const markdown = tenSections.replace("## 4. ", "## 3. ");
		const check = checkReport(markdown);
		assertProblem(
			check,
			lineOf(markdown, "## 3. Customized"),
			`Section number 3 is used twice: '## 3. Regulatory Frameworks' at line ${lineOf(markdown, "## 3. Regulatory")} and '## 3. Customized Models' at line ${lineOf(markdown, "## 3. Customized")}. Number the sections 1 to 10 in order.`,
		);
		assertProblem(
			check,
			lineOf(markdown, "## 5. "),
			"Section 4 is missing: found '## 3. Regulatory Frameworks' followed by '## 5. Edge Computing'.",
		);
	});

	test("nine sections", () => {
		const check = checkReport(withoutSection(tenSections, 10));
		assert.deepEqual(
			check.problems.map((problem) => problem.message),
			[
				"Expected 10 numbered sections, found 9: the report must have sections '## 1. Title' to '## 10. Title'.",
			],
		);
	});

	test("a code fence", () => {
		const markdown = tenSections.replace(
			"## 3. Regulatory Frameworks\n",
			"## 3. Regulatory Frameworks\n\n```python\nprint('hi')\n```\n",
		);
		const line = lineOf(markdown, "```python");
		const check = checkReport(markdown);
		assertProblem(
			check,
			line,
			`Code fence at line ${line}: the report must be plain markdown, without \`\`\` blocks.`,
		);
		assert.equal(check.problems.length, 1);
	});

	test("an empty section", () => {
		const heading = "## 4. Customized Models\n";
		const start = tenSections.indexOf(heading) + heading.length;
		const emptied =
			tenSections.slice(0, start) + tenSections.slice(tenSections.indexOf("## 5.", start));
		const check = checkReport(emptied);
		assertProblem(
			check,
			lineOf(emptied, "## 4. "),
			"Section 4 'Customized Models' is empty: write its text under the heading.",
		);
		assert.equal(check.problems.length, 1);
	});

	test("the sections option sets the expected count", () => {
		assertProblem(
			checkReport(tenSections, { sections: 3 }),
			lineOf(tenSections, "## 10."),
			/^Expected 3 numbered sections, found 10/,
		);
	});
});

describe("checkReport", () => {
	test("a report of three sections passes with sections: 3", () => {
		const check = checkReport(smallReport(3), { sections: 3 });
		assert.deepEqual(check.problems, []);
		assert.equal(check.title, "A small report");
		assert.equal(check.introduction, "Why it matters.");
		assert.deepEqual(check.sections[2], {
			number: 3,
			title: "Topic 3",
			line: 13,
			body: "Text of topic 3 [3].",
		});
	});

	test("a final ## Sources list is allowed and not counted", () => {
		const sources = "1. https://example.org/a\n2. https://example.org/b\n3. notes.md, lines 4-9";
		const check = checkReport(smallReport(3, `\n## Sources\n\n${sources}\n`), { sections: 3 });
		assert.deepEqual(check.problems, []);
		assert.equal(check.sources, sources);
		assert.equal(check.sections.length, 3);
		assert.equal(check.conclusion, "");
		assert.equal(check.sections[2]?.body, "Text of topic 3 [3].");
	});

	test("an unnumbered heading after the last section is the conclusion", () => {
		const check = checkReport(
			smallReport(3, "\n## Conclusion\n\nAll told.\n\n## References\n\n1. https://example.org\n"),
			{ sections: 3 },
		);
		assert.deepEqual(check.problems, []);
		assert.equal(check.conclusion, "All told.");
		assert.equal(check.sources, "1. https://example.org");
	});

	test("an empty conclusion or sources heading", () => {
		const check = checkReport(smallReport(2, "\n## Conclusion\n\n## Sources\n"), { sections: 2 });
		assertProblem(
			check,
			13,
			"The conclusion '## Conclusion' is empty: write it or remove the heading.",
		);
		assertProblem(check, 15, /^'## Sources' is empty/);
	});

	test("sources before the last section, and headings after the sources", () => {
		const markdown = smallReport(2, "\n## Appendix\n\nMore.\n").replace(
			"## 2.",
			"## Sources\n\n1. x\n\n## 2.",
		);
		const check = checkReport(markdown, { sections: 2 });
		assertProblem(
			check,
			lineOf(markdown, "## Sources"),
			"'## Sources' comes before the last section: the sources list must come last.",
		);
	});

	test("an unnumbered heading between sections", () => {
		const markdown = smallReport(3).replace("## 2. Topic 2", "## Topic 2");
		const check = checkReport(markdown, { sections: 3 });
		assertProblem(check, 9, /^Heading '## Topic 2' between sections has no number/);
		assertProblem(
			check,
			13,
			"Section 2 is missing: found '## 1. Topic 1' followed by '## 3. Topic 3'.",
		);
	});

	test("a section written at the wrong level", () => {
		const check = checkReport(smallReport(3).replace("## 2. Topic 2", "### 2. Topic 2"), {
			sections: 3,
		});
		assert.deepEqual(check.problems, [
			{
				line: 9,
				message:
					"Section 2 is a level-3 heading '### 2. Topic 2': sections are written '## 2. Topic 2'.",
			},
		]);
		assert.equal(check.sections.length, 3);
	});

	test("numbered subheadings inside a section stay subheadings", () => {
		const markdown = smallReport(2).replace(
			"Text of topic 1 [1].",
			"Intro.\n\n### 1. Part one\n\nA.\n\n### 2. Part two\n\nB.",
		);
		const check = checkReport(markdown, { sections: 2 });
		assert.deepEqual(check.problems, []);
		assert.match(check.sections[0]?.body ?? "", /### 2\. Part two\n\nB\.$/);
	});

	test("sections numbered out of order or the wrong way", () => {
		const markdown = smallReport(3)
			.replace("## 2. Topic 2", "## 3. Topic 2")
			.replace("## 3. Topic 3", "## 2) Topic 3");
		const check = checkReport(markdown, { sections: 3 });
		assertProblem(
			check,
			13,
			"Section 2 at line 13 comes after section 3: number the sections 1 to 3 in order.",
		);
		assertProblem(
			check,
			13,
			"Section heading '## 2) Topic 3' is not numbered the expected way: write '## 2. Topic 3'.",
		);
	});

	test("a section without a title, a second title, a heading without a space", () => {
		const markdown = smallReport(3)
			.replace("## 2. Topic 2", "## 2.")
			.replace("## 3. Topic 3", "# Other title\n\n##3. Topic 3");
		const check = checkReport(markdown, { sections: 3 });
		assertProblem(check, 9, "Section 2 has no title: write '## 2. Title'.");
		assertProblem(check, 13, /^Second title '# Other title'/);
		assertProblem(check, 15, "Line 15 '##3. Topic 3' is not a heading: put a space after the #.");
	});

	test("headings inside a code fence do not count, and an unclosed fence is named", () => {
		const check = checkReport(smallReport(2, "\n~~~\n## 3. Hidden\n"), { sections: 2 });
		assert.equal(check.sections.length, 2);
		assertProblem(
			check,
			13,
			/^Code fence at line 13: .*without ~~~ blocks \(this one is never closed/,
		);
	});

	test("an empty report, and a title that starts with a number", () => {
		assertProblem(checkReport("\n\n"), 1, /^The report is empty/);
		const check = checkReport(smallReport(1).replace("# A small report", "# 10 Trends in AI"), {
			sections: 1,
		});
		assert.deepEqual(check.problems, []);
		assert.equal(check.title, "10 Trends in AI");
	});

	test("an introduction heading is allowed, other headings before section 1 are not", () => {
		const intro = checkReport(
			smallReport(1).replace("Why it matters.", "## Introduction\n\nWhy it matters."),
			{ sections: 1 },
		);
		assert.deepEqual(intro.problems, []);
		assert.equal(intro.introduction, "Why it matters.");
		const other = checkReport(
			smallReport(1).replace("Why it matters.", "## Background facts\n\nWhy."),
			{ sections: 1 },
		);
		assertProblem(
			other,
			3,
			/^Heading '## Background facts' comes before section 1 and has no number/,
		);
	});

	test("a numbered conclusion is named in the count problem", () => {
		const check = checkReport(smallReport(2, "\n## 3. Conclusion\n\nDone.\n"), { sections: 2 });
		assertProblem(
			check,
			13,
			/found 3: .* '## 3\. Conclusion' looks like the conclusion: remove its number\.$/,
		);
	});

	test("formatReportProblems writes one line per problem", () => {
		const check = checkReport("Just text.\n\n```\nx\n```\n", { sections: 1 });
		assert.equal(
			formatReportProblems(check),
			[
				"line 1: Missing title: the report must start with a '# Title' line, found 'Just text.'.",
				"line 1: Expected 1 numbered sections, found 0: the report must have sections '## 1. Title' to '## 1. Title'.",
				"line 3: Code fence at line 3: the report must be plain markdown, without ``` blocks.",
			].join("\n"),
		);
	});
});

describe("checkReport on arbitrary text", () => {
	const markdownPiece = fc.oneof(
		fc.string(),
		fc.constantFrom(
			"\n",
			"\n\n",
			"# ",
			"## ",
			"### ",
			"1. ",
			"2) ",
			"10 ",
			"```",
			"~~~",
			"Sources",
			"Conclusion",
			"**",
			"#",
			"\r\n",
		),
	);

	test("never throws, and ok means no problems, each at a line of the text", () => {
		fc.assert(
			fc.property(
				fc.array(markdownPiece, { maxLength: 60 }),
				fc.integer({ min: 0, max: 12 }),
				(pieces, sections) => {
					const markdown = pieces.join("");
					const check = checkReport(markdown, { sections });
					assert.equal(check.ok, check.problems.length === 0);
					const lineCount = markdown.split(/\r?\n/).length;
					for (const problem of check.problems) {
						assert.ok(
							problem.line >= 1 && problem.line <= lineCount,
							`line ${problem.line} of ${lineCount}`,
						);
						assert.ok(problem.message.length > 0);
					}
					assert.deepEqual(
						check.problems,
						[...check.problems].sort((a, b) => a.line - b.line),
					);
				},
			),
			{ numRuns: 2000 },
		);
	});

	test("is fast on a very long report", () => {
		const markdown = `# Long\n\n${Array.from({ length: 50_000 }, (_, index) => `## ${index % 999}. T\n\nText.\n`).join("\n")}`;
		// CPU time of this process, not wall-clock time: other processes on a loaded machine
		// do not count, a quadratic scan (tens of seconds here) still does.
		const started = process.cpuUsage();
		const check = checkReport(markdown);
		assert.equal(check.ok, false);
		const used = process.cpuUsage(started);
		assert.ok((used.user + used.system) / 1000 < 2000, `${(used.user + used.system) / 1000} ms`);
	});
});

describe("checkReport: the title and the introduction", () => {
	test("the title is the first line's '#' heading, after blank lines too", () => {
		const check = checkReport("  \n\t\n# Title\n\n## 1. One\n\nText.", { sections: 1 });
		assert.deepEqual(check.problems, []);
		assert.equal(check.title, "Title");
	});

	test("otherwise the first unnumbered '#' heading, which must come first", () => {
		const markdown = "Text.\n## Aside\n# 2 Numbered\n# Real title\n## 1. One\n\nText.";
		const check = checkReport(markdown, { sections: 1 });
		assert.equal(check.title, "Real title");
		assertProblem(
			check,
			1,
			"The title must come first: text at line 1 comes before '# Real title' at line 4.",
		);
		const headingFirst = checkReport("## Overview\n# Title\n## 1. One\n\nText.", { sections: 1 });
		assert.equal(headingFirst.title, "Title");
	});

	test("an empty title", () => {
		const check = checkReport("#\n\n## 1. One\n\nText.", { sections: 1 });
		assert.deepEqual(check.problems, [
			{ line: 1, message: "The title is empty: write it after the '# '." },
		]);
		assert.equal(check.title, "");
	});

	test("the introduction joins the text before and under an introduction heading", () => {
		const check = checkReport("# T\n\nBefore.\n\n## Introduction\n\nAfter.\n\n## 1. One\n\nText.", {
			sections: 1,
		});
		assert.deepEqual(check.problems, []);
		assert.equal(check.introduction, "Before.\n\nAfter.");
	});

	test("a fence of more than three marks is named by three", () => {
		const check = checkReport("# T\n\n## 1. One\n\n````\nx\n````\n\nText.", { sections: 1 });
		assert.deepEqual(check.problems, [
			{
				line: 5,
				message: "Code fence at line 5: the report must be plain markdown, without ``` blocks.",
			},
		]);
	});
});
