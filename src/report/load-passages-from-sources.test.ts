import assert from "node:assert/strict";
import { mkdir, mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { test } from "node:test";
import {
	changedNumbersReport,
	goodReport,
	noteFiles,
	notePassages,
} from "../../test/support/evaluation-fixtures.ts";
import { checkReport } from "./check-report.ts";
import { evaluateReport } from "./evaluate-report.ts";
import { loadPassagesFromSources, selectLocation } from "./load-passages-from-sources.ts";
import { parseSourceList } from "./parse-source-list.ts";

/** A folder holding the fixture notes under `notes/`, and a file beside it. */
async function workspace(): Promise<string> {
	const root = await mkdtemp(join(tmpdir(), "crewkit-eval-"));
	for (const [path, content] of noteFiles) {
		await mkdir(dirname(join(root, "sources", path)), { recursive: true });
		await writeFile(join(root, "sources", path), content);
	}
	await writeFile(join(root, "secret.md"), "Outside the sources folder.");
	return join(root, "sources");
}

const sourcesOf = (markdown: string) => parseSourceList(checkReport(markdown).sources);

test("reads the cited lines of each note, so support can be measured from files", async () => {
	const folder = await workspace();
	const { passages, skipped } = await loadPassagesFromSources(folder, sourcesOf(goodReport));
	assert.deepEqual(skipped, []);
	assert.equal(passages.size, 10);
	assert.equal(passages.get(1)?.[0]?.replace(/\n/g, " "), notePassages.get(1)?.[0]);
	assert.ok(!passages.get(1)?.[0]?.includes("Unrelated text"));
	assert.equal(evaluateReport(goodReport, { passages }).support?.rate, 1);
	assert.ok((evaluateReport(changedNumbersReport, { passages }).support?.rate ?? 1) <= 0.1);
});

test("paths starting with the folder's name resolve from its parent", async () => {
	const folder = join(await workspace(), "notes");
	const { passages, skipped } = await loadPassagesFromSources(folder, sourcesOf(goodReport));
	assert.deepEqual(skipped, []);
	assert.equal(passages.size, 10);
});

test("web pages, missing files and paths outside the folder are skipped with a reason", async () => {
	const folder = await workspace();
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

test("an HTML source is read as text through readDocument", async () => {
	const folder = await workspace();
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
