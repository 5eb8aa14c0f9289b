import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { pdfDocument } from "../../../test/support/pdf-document.ts";
import { ParserLimitError } from "../../parsers/parser-limits.ts";
import { readPdf } from "./read-pdf.ts";

const report = pdfDocument(
	[
		["Quarterly fusion report", "The plasma was held for 1337 seconds."],
		["Second page"],
		["Third page, last"],
	],
	{ title: "  Fusion report Q1 ", created: "D:20260102120000Z" },
);

describe("readPdf", () => {
	test("reads each page's text in order, with the title and creation date", async () => {
		assert.deepEqual(await readPdf(report), {
			pages: [
				"Quarterly fusion report\nThe plasma was held for 1337 seconds.",
				"Second page",
				"Third page, last",
			],
			totalPages: 3,
			title: "Fusion report Q1",
			published: "2026-01-02",
		});
	});

	test("drops the spaces that end a line", async () => {
		assert.deepEqual(
			(await readPdf(pdfDocument([["Line one  ", "Line two\t", "  Line three"]]))).pages,
			["Line one\nLine two\nLine three"],
		);
	});

	test("leaves out the title and date a document does not have, or has unreadable", async () => {
		assert.deepEqual(await readPdf(pdfDocument([["Only text"]])), {
			pages: ["Only text"],
			totalPages: 1,
		});
		const blank = await readPdf(pdfDocument([["x"]], { title: "   ", created: "not a date" }));
		assert.equal("title" in blank, false);
		assert.equal("published" in blank, false);
	});

	test("reads at most maxPages pages, and says how many there are", async () => {
		const cut = await readPdf(report, { maxPages: 2 });
		assert.deepEqual(cut.pages, [
			"Quarterly fusion report\nThe plasma was held for 1337 seconds.",
			"Second page",
		]);
		assert.equal(cut.totalPages, 3);
		assert.equal((await readPdf(report, { maxPages: 3 })).pages.length, 3);
	});

	test("keeps at most maxTextChars characters, and reads no page past them", async () => {
		const cut = await readPdf(report, { maxTextChars: 30 });
		assert.deepEqual(cut.pages, ["Quarterly fusion report\nThe pl"]);
		const exact = await readPdf(report, { maxTextChars: 61 + 11 });
		assert.deepEqual(exact.pages, [
			"Quarterly fusion report\nThe plasma was held for 1337 seconds.",
			"Second page",
		]);
	});

	test("refuses a document over maxInputBytes before reading it", async () => {
		await assert.rejects(
			readPdf(report, { maxInputBytes: 100 }),
			(error: unknown) =>
				error instanceof ParserLimitError &&
				error.reason === "too-large" &&
				error.message ===
					`the PDF has ${report.byteLength} bytes, over the limit of 100; it was not read.`,
		);
		assert.equal((await readPdf(report, { maxInputBytes: report.byteLength })).totalPages, 3);
	});

	test("a damaged page is reported and left empty; the other pages are read", async () => {
		const damaged = await readPdf(pdfDocument([["First"], "damaged", ["Third"]]));
		assert.equal(damaged.pages[0], "First");
		assert.equal(damaged.pages[1], "");
		assert.deepEqual(damaged.unreadablePages, [2]);
		assert.equal("unreadablePages" in (await readPdf(report)), false);
	});

	test("a document whose pages are all damaged is not a readable PDF", async () => {
		await assert.rejects(readPdf(pdfDocument(["damaged"])), /wrong type of object/);
		await assert.rejects(readPdf(new TextEncoder().encode("%PDF-1.4\nnothing here")));
	});

	test("a document without pages has no text, and that is no error", async () => {
		assert.deepEqual(await readPdf(pdfDocument([], { title: "Empty" })), {
			pages: [],
			totalPages: 0,
			title: "Empty",
		});
	});

	test("does not take the caller's bytes", async () => {
		const bytes = pdfDocument([["Kept"]]);
		await readPdf(bytes);
		assert.equal(bytes.byteLength > 0, true);
		assert.equal(new TextDecoder().decode(bytes.subarray(0, 8)), "%PDF-1.4");
	});
});
