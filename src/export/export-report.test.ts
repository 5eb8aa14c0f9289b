import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdir, mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";
import { extractText, getDocumentProxy } from "unpdf";
import { skipWhenMissing } from "../../test/support/skip-when-missing.ts";
import { exportReport } from "./export-report.ts";
import { reportToHtml } from "./report-html.ts";
import { chromiumFlags, findChromium } from "./report-pdf.ts";

const fixture = fileURLToPath(new URL("../../test/fixtures/export/report.md", import.meta.url));
const artifacts = fileURLToPath(new URL("../../test-artifacts/export/", import.meta.url));
const chromiumPath = "/usr/bin/chromium";
const needsChromium = skipWhenMissing(
	existsSync(chromiumPath),
	`needs Chromium at ${chromiumPath} (apt-get install chromium)`,
);
const sectionTitles = (markdown: string) =>
	[...markdown.matchAll(/^## (\d+\. .+)$/gm)].map((match) => match[1] ?? "");

test("HTML: self-contained, and in Chromium every citation resolves to its source's anchor", {
	skip: needsChromium,
	timeout: 60_000,
}, async () => {
	const markdown = await readFile(fixture, "utf8");
	const { html, sourceNumbers } = await reportToHtml(markdown);
	assert.deepEqual(sourceNumbers, [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
	assert.doesNotMatch(
		html,
		/<script|<link |src=|@import|url\(/i,
		"nothing to fetch, nothing to run",
	);
	assert.match(html, /@media print/);
	await mkdir(artifacts, { recursive: true });
	await writeFile(join(artifacts, "report.html"), html);
	const browser = await chromium.launch({ executablePath: chromiumPath, args: chromiumFlags });
	try {
		const page = await browser.newPage();
		const requests: string[] = [];
		page.on("request", (request) => requests.push(request.url()));
		await page.goto(`file://${join(artifacts, "report.html")}`);
		const citations =
			(await page.evaluate(`[...document.querySelectorAll("a.citation")].map((link) => {
			const id = (link.getAttribute("href") || "").slice(1);
			const target = document.getElementById(id);
			return { id, inSources: Boolean(target && target.closest("#sources")), text: link.textContent };
		})`)) as Array<{ id: string; inSources: boolean; text: string }>;
		assert.ok(citations.length >= 40, `${citations.length} citations`);
		for (const citation of citations) {
			assert.ok(citation.inSources, `citation ${citation.text} → #${citation.id} is in Sources`);
			assert.equal(citation.id, `source-${citation.text}`);
		}
		await page.locator("a.citation", { hasText: "7" }).first().click();
		assert.equal(await page.evaluate('document.querySelector(":target").id'), "source-7");
		assert.deepEqual(
			requests.filter((url) => !url.startsWith("file:")),
			[],
		);
	} finally {
		await browser.close();
	}
});

test("PDF: Chromium's print, its pages all there, with the title and every section title", {
	skip: needsChromium,
	timeout: 60_000,
}, async () => {
	const markdown = await readFile(fixture, "utf8");
	const pdf = await exportReport(markdown, "pdf", { env: { CREWKIT_CHROMIUM: chromiumPath } });
	await mkdir(artifacts, { recursive: true });
	await writeFile(join(artifacts, "report.pdf"), pdf);
	const bytes = Buffer.from(pdf).toString("latin1");
	assert.ok(bytes.startsWith("%PDF-"));
	const pageObjects = bytes.match(/\/Type\s*\/Page\b(?!s)/g)?.length ?? 0;
	const document = await getDocumentProxy(new Uint8Array(pdf), { verbosity: 0 });
	assert.ok(document.numPages >= 2, `${document.numPages} pages`);
	assert.equal(document.numPages, pageObjects, "every page Chromium printed is in the file");
	const { text } = await extractText(document, { mergePages: true });
	const flat = text.replace(/\s+/g, " ");
	assert.match(flat, /AI LLMs in 2026: ten developments/);
	for (const title of sectionTitles(markdown)) assert.ok(flat.includes(title), title);
	assert.match(flat, /Sources/);
	assert.match(flat, /https:\/\/example\.org\/reports\/7-/);
});

test("PDF without Chromium: a message that says how to get one", async () => {
	assert.throws(
		() => findChromium({ CREWKIT_CHROMIUM: "/nowhere/chrome" }),
		/CREWKIT_CHROMIUM names '\/nowhere\/chrome'.*apt-get install chromium.*--format html/,
	);
});

test("DOCX: re-opened, it has the title, ten numbered section headings and linked citations", async () => {
	const markdown = await readFile(fixture, "utf8");
	const docx = await exportReport(markdown, "docx");
	const folder = await mkdtemp(join(tmpdir(), "crewkit-docx-"));
	const file = join(folder, "report.docx");
	await writeFile(file, docx);
	await mkdir(artifacts, { recursive: true });
	await writeFile(join(artifacts, "report.docx"), docx);
	const xml = execFileSync("unzip", ["-p", file, "word/document.xml"], { encoding: "utf8" });
	const paragraphs = [...xml.matchAll(/<w:p>([\s\S]*?)<\/w:p>|<w:p [^>]*>([\s\S]*?)<\/w:p>/g)].map(
		(match) => {
			const inner = match[1] ?? match[2] ?? "";
			return {
				style: /<w:pStyle w:val="([^"]+)"/.exec(inner)?.[1],
				text: [...inner.matchAll(/<w:t[^>]*>([^<]*)<\/w:t>/g)].map((part) => part[1]).join(""),
			};
		},
	);
	assert.deepEqual(
		paragraphs.filter((paragraph) => paragraph.style === "Title").map((p) => p.text),
		["AI LLMs in 2026: ten developments"],
	);
	const numbered = paragraphs.filter(
		(paragraph) => paragraph.style === "Heading1" && /^\d+\. /.test(paragraph.text),
	);
	assert.deepEqual(
		numbered.map((paragraph) => paragraph.text),
		sectionTitles(markdown),
	);
	assert.equal(numbered.length, 10);
	for (let source = 1; source <= 10; source++) {
		assert.match(xml, new RegExp(`<w:bookmarkStart [^>]*w:name="source_${source}"`));
		assert.match(xml, new RegExp(`<w:hyperlink [^>]*w:anchor="source_${source}"`));
	}
});
