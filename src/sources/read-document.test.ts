import assert from "node:assert/strict";
import { rm } from "node:fs/promises";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { writeCorpus } from "../../test/support/test-corpus.ts";
import { documentFormatOf, readDocument, type TextDocument } from "./read-document.ts";

let folder = "";
before(async () => {
	folder = await writeCorpus();
});
after(async () => {
	await rm(folder, { recursive: true, force: true });
});

async function read(name: string): Promise<TextDocument> {
	const result = await readDocument(join(folder, name));
	assert.equal(result.type, "document", JSON.stringify(result));
	if (result.type !== "document") throw new Error("unreachable");
	return result.document;
}

test("reads markdown as is, titled by its first # heading", async () => {
	const document = await read("guide.md");
	assert.equal(document.format, "markdown");
	assert.equal(document.title, "Crew guide");
	assert.match(document.text, /^# Crew guide\n\nCrews run agents in order\./);
});

test("titles markdown without a # heading and text files by their file name", async () => {
	const markdown = await readDocument("/virtual/no-title.md", {
		content: new TextEncoder().encode("## Only a subheading\n\nBody."),
	});
	assert.deepEqual(markdown, {
		type: "document",
		document: { title: "no-title", text: "## Only a subheading\n\nBody.", format: "markdown" },
	});
	const text = await read("notes.txt");
	assert.equal(text.title, "notes");
	assert.equal(text.format, "text");
	assert.match(text.text, /The cache lives in SQLite\./);
});

test("normalizes CRLF line ends and drops a byte order mark", async () => {
	const content = new TextEncoder().encode("\uFEFF# Title\r\n\r\nBody\r\n");
	const result = await readDocument("/virtual/windows.md", { content });
	assert.equal(result.type === "document" && result.document.text, "# Title\n\nBody\n");
});

test("reads the main content of an HTML page as markdown", async () => {
	const document = await read("page.html");
	assert.equal(document.format, "html");
	assert.equal(document.title, "Deployment");
	assert.match(document.text, /Deploying a crew uploads its bundle/);
	assert.match(document.text, /^## Rollback$/m);
	assert.doesNotMatch(document.text, /window\.track|Home \| Docs/);
});

test("falls back to the whole body for pages Readability cannot use", async () => {
	const content = new TextEncoder().encode("<p>Short <b>note</b>.</p>");
	const result = await readDocument("/virtual/short.html", { content });
	assert.equal(result.type, "document");
	if (result.type !== "document") return;
	assert.equal(result.document.title, "short");
	assert.equal(result.document.text, "Short **note**.");
});

test("reads a PDF page by page, titled by its metadata", async () => {
	const document = await read("manual.pdf");
	assert.equal(document.format, "pdf");
	assert.equal(document.title, "Operations Manual");
	assert.equal(document.pages?.length, 3);
	assert.match(document.pages?.[2] ?? "", /delete the sqlite file/);
	assert.equal(document.text, document.pages?.join("\n\n"));
});

test("skips unsupported, binary and broken files with a reason", async () => {
	const image = await readDocument(join(folder, "image.png"));
	assert.equal(image.type, "skipped");
	assert.match(image.type === "skipped" ? image.reason : "", /unsupported file type \.png/);
	const binary = await readDocument("/virtual/data.txt", { content: new Uint8Array([65, 0, 66]) });
	assert.match(binary.type === "skipped" ? binary.reason : "", /binary content/);
	const broken = await readDocument("/virtual/broken.pdf", {
		content: new TextEncoder().encode("not a pdf"),
	});
	assert.match(broken.type === "skipped" ? broken.reason : "", /not a readable PDF/);
});

test("knows formats by extension, case-insensitively", () => {
	assert.equal(documentFormatOf("a/B.MD"), "markdown");
	assert.equal(documentFormatOf("a/page.htm"), "html");
	assert.equal(documentFormatOf("a/Makefile"), undefined);
});
