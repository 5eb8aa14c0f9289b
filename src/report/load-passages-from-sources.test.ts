import assert from "node:assert/strict";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { type TestContext, test } from "node:test";
import {
	changedNumbersReport,
	goodReport,
	noteFiles,
	notePassages,
} from "../../test/support/evaluation-fixtures.ts";
import { createPdf } from "../../test/support/test-corpus.ts";
import { checkReport } from "./check-report.ts";
import { evaluateReport } from "./evaluate-report.ts";
import { loadPassagesFromSources, selectLocation } from "./load-passages-from-sources.ts";
import { parseSourceList } from "./parse-source-list.ts";

/** A folder holding the fixture notes under `notes/`, and a file beside it; removed after the test. */
async function workspace(context: TestContext): Promise<string> {
	const root = await mkdtemp(join(tmpdir(), "crewkit-eval-"));
	context.after(() => rm(root, { recursive: true, force: true }));
	for (const [path, content] of noteFiles) {
		await mkdir(dirname(join(root, "sources", path)), { recursive: true });
		await writeFile(join(root, "sources", path), content);
	}
	await writeFile(join(root, "secret.md"), "Outside the sources folder.");
	return join(root, "sources");
}

const sourcesOf = (markdown: string) => parseSourceList(checkReport(markdown).sources);

test("reads the cited lines of each note, so support can be measured from files", async (context) => {
	const folder = await workspace(context);
	const { passages, skipped } = await loadPassagesFromSources(folder, sourcesOf(goodReport));
	assert.deepEqual(skipped, []);
	assert.equal(passages.size, 10);
	assert.equal(passages.get(1)?.[0]?.replace(/\n/g, " "), notePassages.get(1)?.[0]);
	assert.ok(!passages.get(1)?.[0]?.includes("Unrelated text"));
	assert.equal(evaluateReport(goodReport, { passages }).support?.rate, 1);
	assert.ok((evaluateReport(changedNumbersReport, { passages }).support?.rate ?? 1) <= 0.1);
});

test("paths starting with the folder's name resolve from its parent", async (context) => {
	const folder = join(await workspace(context), "notes");
	const { passages, skipped } = await loadPassagesFromSources(folder, sourcesOf(goodReport));
	assert.deepEqual(skipped, []);
	assert.equal(passages.size, 10);
});

test("web pages, missing files and paths outside the folder are skipped with a reason", async (context) => {
	const folder = await workspace(context);
	const sources = parseSourceList(
		[
			"1. A page — https://example.com/page — accessed 2026-11-20",
			"2. Missing — notes/absent.md — accessed 2026-11-20",
			"3. Escape — ../secret.md — accessed 2026-11-20",
			"4. No target at all",
			"5. Past the end — notes/topic-1.md:lines 40–50",
		].join("\n"),
	);
	const { passages, skipped } = await loadPassagesFromSources(folder, sources);
	assert.equal(passages.size, 0);
	assert.deepEqual(
		skipped.map(({ number, reason }) => [number, reason]),
		[
			[1, "a web page: only local files are read"],
			[2, "file not found"],
			[3, `outside ${folder}`],
			[4, "no URL or file given"],
			[5, "nothing at lines 40–50"],
		],
	);
});

test("an HTML source is read as text through readDocument", async (context) => {
	const folder = await workspace(context);
	await writeFile(
		join(folder, "page.html"),
		"<html><head><title>Page</title></head><body><article><h1>Page</h1><p>Cooling centres opened in July.</p></article></body></html>",
	);
	const { passages } = await loadPassagesFromSources(
		folder,
		parseSourceList("1. Page — page.html"),
	);
	assert.match(passages.get(1)?.[0] ?? "", /Cooling centres opened in July\./);
});

test("selectLocation: lines, pages, headings, and the whole text otherwise", () => {
	const text = "# Guide\nIntro.\n## Setup\nInstall it.\n### Detail\nMore.\n## Usage\nRun it.";
	assert.equal(selectLocation({ text }, "lines 2–3"), "Intro.\n## Setup");
	assert.equal(selectLocation({ text }, "L4"), "Install it.");
	assert.equal(
		selectLocation({ text }, "Guide > Setup"),
		"## Setup\nInstall it.\n### Detail\nMore.\n",
	);
	assert.equal(selectLocation({ text }, "#usage"), "## Usage\nRun it.");
	assert.equal(selectLocation({ text }, "Nowhere"), text);
	assert.equal(selectLocation({ text }, undefined), text);
	assert.equal(selectLocation({ text: "a\n\nb", pages: ["a", "b", "c"] }, "pp. 2–3"), "b\n\nc");
});

test("a PDF is read page by page; a page location keeps those pages", async (context) => {
	const folder = await workspace(context);
	await writeFile(join(folder, "report.pdf"), createPdf([["Page one text."], ["Page two text."]]));
	await writeFile(join(folder, "broken.pdf"), "not a PDF at all");
	const { passages, skipped } = await loadPassagesFromSources(
		folder,
		parseSourceList("1. Report — report.pdf:p. 2\n2. Whole — report.pdf\n3. Broken — broken.pdf"),
	);
	assert.deepEqual(passages.get(1), ["Page two text."]);
	assert.deepEqual(passages.get(2), ["Page one text.\n\nPage two text."]);
	assert.deepEqual(
		skipped.map(({ number, reason }) => [number, reason.split(":")[0]]),
		[[3, "not a readable PDF"]],
	);
});

test("binary files and folders are not read; empty text is skipped", async (context) => {
	const folder = await workspace(context);
	await writeFile(join(folder, "data.md"), new Uint8Array([72, 105, 0, 1]));
	await mkdir(join(folder, "folder.md"));
	await writeFile(join(folder, "empty.md"), "  \n\t\n");
	const { passages, skipped } = await loadPassagesFromSources(
		folder,
		parseSourceList(
			"1. Data — data.md\n2. Folder — folder.md\n3. Empty — empty.md\n4. Blank — empty.md:line 2",
		),
	);
	assert.equal(passages.size, 0);
	assert.deepEqual(skipped[0], {
		number: 1,
		target: "data.md",
		reason: "binary content in data.md",
	});
	assert.match(skipped[1]?.reason ?? "", /^cannot read: EISDIR/);
	assert.deepEqual(
		skipped.slice(2).map(({ number, reason }) => [number, reason]),
		[
			[3, "nothing at the file"],
			[4, "nothing at line 2"],
		],
	);
});

test("the sources folder itself, its parent and absolute paths elsewhere are outside it", async (context) => {
	const folder = await workspace(context);
	const sources = [".", "..", "../..", resolve(folder, "..", "secret.md")].map((path, index) => ({
		number: index + 1,
		title: path,
		target: path,
		file: { path },
	}));
	const { passages, skipped } = await loadPassagesFromSources(folder, sources);
	assert.equal(passages.size, 0);
	assert.deepEqual(
		skipped.map(({ reason }) => reason),
		sources.map(() => `outside ${folder}`),
	);
	const own = await loadPassagesFromSources(folder, [
		{ number: 1, title: "Own name", target: "sources", file: { path: "sources" } },
	]);
	assert.deepEqual(own.skipped, [{ number: 1, target: "sources", reason: "file not found" }]);
});

test("an .htm page is read through readDocument; one file cited twice gives both locations", async (context) => {
	const folder = await workspace(context);
	await writeFile(
		join(folder, "page.HTM"),
		"<html><body><article><h1>Page</h1><p>Cooling centres opened in July.</p></article></body></html>",
	);
	await writeFile(join(folder, "note.txt"), "one\ntwo\nthree");
	const { passages } = await loadPassagesFromSources(
		folder,
		parseSourceList("1. Page — page.HTM\n2. Note — note.txt:line 1\n3. Note — note.txt:line 3"),
	);
	assert.doesNotMatch(passages.get(1)?.[0] ?? "", /<p>/);
	assert.match(passages.get(1)?.[0] ?? "", /Cooling centres opened in July\./);
	assert.deepEqual(passages.get(2), ["one"]);
	assert.deepEqual(passages.get(3), ["three"]);
	const repeated = await loadPassagesFromSources(
		folder,
		parseSourceList("1. Note — note.txt:line 1\n1. Note — note.txt:line 3"),
	);
	assert.deepEqual(repeated.passages, new Map([[1, ["one", "three"]]]));
});

test("selectLocation reads every form of a line range and of a page range", () => {
	const text = "one\ntwo\nthree\nfour";
	const at = (location: string) => selectLocation({ text }, location);
	assert.equal(at("line 3"), "three");
	assert.equal(at(" LINES 2 "), "two");
	assert.equal(at("ll. 2-3"), "two\nthree");
	assert.equal(at("l.2—4"), "two\nthree\nfour");
	assert.equal(at("L2-L3"), "two\nthree");
	assert.equal(at("lines 1 to 2"), "one\ntwo");
	assert.equal(selectLocation({ text: "a\r\nb\r\nc" }, "line 2"), "b");
	const pages = ["first", "second", "third"];
	assert.equal(selectLocation({ text, pages }, "page 2"), "second");
	assert.equal(selectLocation({ text, pages }, "Pages 1–2"), "first\n\nsecond");
	assert.equal(selectLocation({ text, pages }, "p3"), "third");
	assert.equal(selectLocation({ text }, "p. 2"), text);
	assert.equal(at("line three"), text);
});

test("selectLocation: a heading's section runs to the next heading of its level or higher", () => {
	const text = "# Guide\nIntro.\n## Setup Steps\nInstall.\n### Detail\nMore.\n# Appendix\nEnd.";
	assert.equal(
		selectLocation({ text }, "Setup steps"),
		"## Setup Steps\nInstall.\n### Detail\nMore.\n",
	);
	assert.equal(
		selectLocation({ text }, "guide#setup-steps"),
		"## Setup Steps\nInstall.\n### Detail\nMore.\n",
	);
	assert.equal(selectLocation({ text }, "Guide > Detail"), "### Detail\nMore.\n");
	assert.equal(selectLocation({ text }, "  Appendix  "), "# Appendix\nEnd.");
	assert.equal(
		selectLocation({ text }, "Setup Steps?"),
		"## Setup Steps\nInstall.\n### Detail\nMore.\n",
	);
	assert.equal(
		selectLocation({ text }, "#Setup — Steps"),
		"## Setup Steps\nInstall.\n### Detail\nMore.\n",
	);
	assert.equal(selectLocation({ text }, "#"), text);
	const untitled = "# ?\nBody.\n# Next\nMore.";
	assert.equal(selectLocation({ text: untitled }, "#"), untitled);
	assert.equal(selectLocation({ text }, "Guide >  "), text);
	assert.equal(selectLocation({ text }, ""), text);
});
