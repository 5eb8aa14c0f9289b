import assert from "node:assert/strict";
import { test } from "node:test";
import { checkReport } from "../report/check-report.ts";
import { findCitations } from "../report/parse-citations.ts";
import { parseSourceList } from "../report/parse-source-list.ts";
import type { Source } from "../sources/source-registry.ts";
import {
	assembleReport,
	cleanSectionBody,
	describeSource,
	type ReportParts,
	rewriteCitations,
} from "./assemble-report.ts";

const sources: Source[] = [
	{
		id: 3,
		title: "Meridian results",
		origin: { type: "file", path: "/workspace/docs/meridian.md", location: "Results" },
		accessed: "2026-12-01",
	},
	{
		id: 5,
		title: "Phones  run\nmodels",
		origin: { type: "web", url: "https://example.org/phones" },
		accessed: "2026-12-02",
		published: "2026-06-01",
	},
	{
		id: 9,
		title: "Never cited",
		origin: { type: "web", url: "https://example.org/unused" },
		accessed: "2026-12-02",
	},
];

function assemble(bodies: string[], options: Partial<ReportParts> = {}) {
	return assembleReport({
		title: "## AI LLMs",
		introduction: "This year in brief.",
		sections: bodies.map((body, index) => ({ title: `Development ${index + 1}`, body })),
		conclusion: "## Conclusion\n\nThat was the year [9].",
		sources,
		workspace: "/workspace",
		...options,
	});
}

test("sources are numbered 1, 2, … in order of first citation in the sections, then the conclusion; the Sources list matches", () => {
	const { markdown, cited } = assemble(["Parity on Meridian [3].", "Phones [5] and again [3]."]);
	assert.deepEqual(
		cited.map((source) => source.id),
		[3, 5, 9],
	);
	assert.ok(markdown.includes("That was the year [3]."));
	assert.ok(markdown.includes("Parity on Meridian [1]."));
	assert.ok(markdown.includes("Phones [2] and again [1]."));
	const list = markdown.slice(markdown.indexOf("## Sources"));
	assert.equal(
		list,
		"## Sources\n\n" +
			"1. Meridian results — docs/meridian.md (Results) — accessed 2026-12-01\n" +
			"2. Phones run models, 2026-06-01 — https://example.org/phones — accessed 2026-12-02\n" +
			"3. Never cited — https://example.org/unused — accessed 2026-12-02\n",
	);
	assert.deepEqual(
		parseSourceList(list).map((source) => source.number),
		[1, 2, 3],
	);
	const check = checkReport(markdown, { sections: 2 });
	assert.ok(check.ok, JSON.stringify(check.problems));
});

test("a citation of a source id the registry does not know is removed, with the space before it", () => {
	const { markdown, cited } = assemble(["Parity on Meridian [42].", "Phones [5, 42]."]);
	assert.ok(markdown.includes("Parity on Meridian."), markdown);
	assert.ok(markdown.includes("Phones [1]."), markdown);
	assert.ok(!markdown.includes("42"));
	assert.deepEqual(
		cited.map((source) => source.id),
		[5, 9],
	);
	for (const group of findCitations(markdown)) {
		for (const number of group.numbers) assert.ok(number <= cited.length, group.text);
	}
});

test("one citation never repeats a number, even when two ids in it are the same source", () => {
	const { markdown } = assemble(["Parity [3, 3] and phones [5][5] and both [5–3]."]);
	assert.ok(markdown.includes("Parity [1] and phones [2][2] and both [1, 2]."), markdown);
	for (const group of findCitations(markdown)) {
		assert.equal(new Set(group.numbers).size, group.numbers.length, group.text);
	}
});

test("a report that cites nothing has no Sources list; a notice sits under the title", () => {
	const { markdown, cited } = assemble(["Nothing cited here."], {
		notice: "Ungrounded report.",
		conclusion: "## Conclusion\n\nThat was the year.",
	});
	assert.deepEqual(cited, []);
	assert.ok(!markdown.includes("## Sources"));
	assert.match(markdown, /^# AI LLMs\n\n> Ungrounded report\.\n\nThis year in brief\.\n\n## 1\. /);
	assert.ok(markdown.endsWith("## Conclusion\n\nThat was the year.\n"));
});

test("describeSource gives web pages their URL and files their path, relative to the workspace when given", () => {
	const [file, web] = sources as [Source, Source];
	assert.equal(
		describeSource(file),
		"Meridian results — /workspace/docs/meridian.md (Results) — accessed 2026-12-01",
	);
	assert.equal(
		describeSource({ ...file, origin: { type: "file", path: "/workspace" } }, "/workspace"),
		"Meridian results — /workspace — accessed 2026-12-01",
	);
	assert.equal(
		describeSource(web, "/workspace"),
		"Phones run models, 2026-06-01 — https://example.org/phones — accessed 2026-12-02",
	);
});

test("describeSource shows a path the sources tool already made relative as it is, wherever the process runs", () => {
	const [file] = sources as [Source];
	const relativeFile = { ...file, origin: { type: "file" as const, path: "docs/meridian.md" } };
	assert.equal(
		describeSource(relativeFile, "/elsewhere/workspace"),
		"Meridian results — docs/meridian.md — accessed 2026-12-01",
	);
	assert.equal(
		describeSource(file, "/workspace"),
		"Meridian results — docs/meridian.md (Results) — accessed 2026-12-01",
	);
});

test("rewriteCitations maps each group and drops a group the map empties", () => {
	assert.equal(
		rewriteCitations("A [1], b [2, 3] and c \t[4].", (ids) => ids.filter((id) => id !== 4)),
		"A [1], b [2, 3] and c.",
	);
});

test("cleanSectionBody removes headings, code fences and a trailing sources list", () => {
	assert.equal(
		cleanSectionBody(
			"## Heading\nText [1].\n```js\ncode\n```\n\n\n\nMore text.\n\nSources:\n1. a\n2. b",
		),
		"Text [1].\ncode\n\nMore text.",
	);
});

test("cleanSectionBody also removes ~~~ fences, indented headings and a References list", () => {
	assert.equal(
		cleanSectionBody("   ### Indented\nText [2].\n~~~\nquoted\n~~~\nEnd.\n\nreferences\n[1] a"),
		"Text [2].\nquoted\nEnd.",
	);
	assert.equal(cleanSectionBody("#hashtag stays [1]."), "#hashtag stays [1].");
});

test("a file source without a location shows its path alone", () => {
	const [file] = sources as [Source];
	assert.equal(
		describeSource(
			{ ...file, origin: { type: "file", path: "/workspace/docs/a.md" } },
			"/workspace",
		),
		"Meridian results — docs/a.md — accessed 2026-12-01",
	);
});

test("a # or ~~~ inside a line is text, not a heading or a fence", () => {
	assert.equal(
		cleanSectionBody("C# is used here [1]. Use ~~~ for strike [2]."),
		"C# is used here [1]. Use ~~~ for strike [2].",
	);
	const { markdown } = assemble(["Body [3]."], {
		title: "Agents in C# today",
		sections: [{ title: "#Compact title", body: "Body [3]." }],
	});
	assert.match(markdown, /^# Agents in C# today\n/);
	assert.match(markdown, /\n## 1\. Compact title\n/);
});

test("the report is exactly: title, introduction, numbered sections, conclusion, Sources — each trimmed, none empty", () => {
	const { markdown } = assembleReport({
		title: "  Padded title  ",
		introduction: "\n\n",
		sections: [{ title: "One", body: "\n\n  Body [3].  \n\n" }],
		conclusion: "\n## Conclusion\n\nDone.\n\n",
		sources,
	});
	assert.equal(
		markdown,
		"# Padded title\n\n## 1. One\n\nBody [1].\n\n## Conclusion\n\nDone.\n\n## Sources\n\n1. Meridian results — /workspace/docs/meridian.md (Results) — accessed 2026-12-01\n",
	);
});

test("sources read but not cited follow the cited ones, numbered on; alone, they are the whole list", () => {
	const [meridian, phones, unused] = sources as [Source, Source, Source];
	const { markdown, cited } = assemble(["Results [3]."], {
		conclusion: "## Conclusion\n\nDone.",
		uncitedRead: [meridian, unused, phones],
	});
	assert.deepEqual(
		cited.map((source) => source.id),
		[3],
	);
	assert.ok(
		markdown.endsWith(
			"## Sources\n\n1. Meridian results — docs/meridian.md (Results) — accessed 2026-12-01\n\nRead for this report but not cited in it:\n\n2. Never cited — https://example.org/unused — accessed 2026-12-02\n3. Phones run models, 2026-06-01 — https://example.org/phones — accessed 2026-12-02\n",
		),
		markdown,
	);
	const alone = assemble(["Nothing cited."], {
		conclusion: "## Conclusion\n\nDone.",
		uncitedRead: [unused],
	}).markdown;
	assert.ok(
		alone.endsWith(
			"## Sources\n\nRead for this report but not cited in it:\n\n1. Never cited — https://example.org/unused — accessed 2026-12-02\n",
		),
		alone,
	);
});

test("cleanSectionBody: fences only at a line's start, with or without a newline or a language; source lists however spaced", () => {
	assert.equal(
		cleanSectionBody("Use a ```js block``` here [1]."),
		"Use a ```js block``` here [1].",
	);
	assert.equal(cleanSectionBody("Text [1].\n```"), "Text [1].");
	assert.equal(cleanSectionBody("Text [1].\n~~~python\ncode\n~~~"), "Text [1].\ncode");
	for (const list of [
		"Sources:\n1. a",
		"  Sources:\n1. a",
		"Sources :\n1. a",
		"Sources:  \n1. a",
		"References\n- b",
	]) {
		assert.equal(cleanSectionBody(`Text [1].\n${list}`), "Text [1].", list);
	}
});

test("a citation of an unknown source dropped at the start or end of a part leaves no blank line", () => {
	const { markdown } = assemble(["[42]\nBody [3].\n[43]"], {
		introduction: "  [42]\n[43]  ",
		conclusion: "## Conclusion\n\nDone.\n[42]",
		sources: sources.slice(0, 1),
	});
	assert.equal(
		markdown,
		"# AI LLMs\n\n## 1. Development 1\n\nBody [1].\n\n## Conclusion\n\nDone.\n\n## Sources\n\n1. Meridian results — docs/meridian.md (Results) — accessed 2026-12-01\n",
	);
	const padded = assemble(["Body [3]."], { introduction: " \n This year in brief. \n\n" });
	assert.match(padded.markdown, /^# AI LLMs\n\nThis year in brief\.\n\n## 1\. Development 1\n/);
});

test("cleanSectionBody removes a heading line alone: an empty heading does not take the text after it", () => {
	for (const [body, cleaned] of [
		["Intro [1].\n##\n\nNext [2].", "Intro [1].\n\nNext [2]."],
		["Intro [1].\n###\nNext line [2].", "Intro [1].\n\nNext line [2]."],
		["Intro [1].\n## \nNext line [2].", "Intro [1].\n\nNext line [2]."],
		["#\tTabbed heading\nText [1].", "Text [1]."],
		["###### Six marks\nText [1].", "Text [1]."],
	] as const) {
		assert.equal(cleanSectionBody(body), cleaned, JSON.stringify(body));
	}
});

test("cleanSectionBody keeps lines that are not headings: seven marks, or four spaces before them", () => {
	for (const body of ["####### Seven marks [1].", "Text [1].\n    # indented four [2]."]) {
		assert.equal(cleanSectionBody(body), body);
	}
});
