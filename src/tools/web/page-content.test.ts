import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { pdfDocument } from "../../../test/support/pdf-document.ts";
import { CancelledError } from "../../errors.ts";
import { pageKindOf, parseContentType, readPageContent } from "./page-content.ts";
import { FetchPageError } from "./web-errors.ts";

const encode = (text: string) => new TextEncoder().encode(text);
const read = (page: Partial<Parameters<typeof readPageContent>[0]> & { bytes: Uint8Array }) =>
	readPageContent({
		url: "https://site.example/docs/page",
		truncated: false,
		kind: "text",
		maxBytes: 1000,
		...page,
	});
const failure = (reason: FetchPageError["reason"], message?: string) => (error: unknown) => {
	assert.ok(error instanceof FetchPageError, String(error));
	assert.equal(error.reason, reason);
	if (message !== undefined) assert.equal(error.message, message);
	return true;
};

describe("parseContentType", () => {
	test("reads the media type in lower case and the charset, quoted or not", () => {
		assert.deepEqual(parseContentType("Text/HTML; Charset=ISO-8859-1"), {
			mediaType: "text/html",
			charset: "ISO-8859-1",
		});
		assert.deepEqual(parseContentType('text/plain; format=flowed; charset="utf-8"'), {
			mediaType: "text/plain",
			charset: "utf-8",
		});
		assert.deepEqual(parseContentType(" application/pdf "), { mediaType: "application/pdf" });
		assert.deepEqual(parseContentType("text/html; charset="), { mediaType: "text/html" });
		assert.deepEqual(parseContentType("text/html; mycharset=latin1"), { mediaType: "text/html" });
		assert.deepEqual(parseContentType("text/html;charset = 'x'"), {
			mediaType: "text/html",
			charset: "'x'",
		});
		assert.deepEqual(parseContentType("text/html;  charset =  utf-8 "), {
			mediaType: "text/html",
			charset: "utf-8",
		});
		assert.deepEqual(parseContentType(null), { mediaType: "" });
	});
});

describe("pageKindOf", () => {
	test("knows HTML, PDF and text types; sniffs when the type says nothing", () => {
		assert.equal(pageKindOf("text/html"), "html");
		assert.equal(pageKindOf("application/xhtml+xml"), "html");
		assert.equal(pageKindOf("application/pdf"), "pdf");
		assert.equal(pageKindOf("application/x-pdf"), "pdf");
		assert.equal(pageKindOf("text/plain"), "text");
		assert.equal(pageKindOf("text/markdown"), "text");
		assert.equal(pageKindOf("text/x-markdown"), "text");
		assert.equal(pageKindOf(""), "sniff");
		assert.equal(pageKindOf("application/octet-stream"), "sniff");
		assert.equal(pageKindOf("image/png"), undefined);
		assert.equal(pageKindOf("application/json"), undefined);
	});
});

describe("readPageContent", () => {
	test("text is returned as it is, lines normalized, titled by its heading or its file name", async () => {
		assert.deepEqual(await read({ bytes: encode("\r\n# Field notes\r\nline one\rline two\n\n") }), {
			title: "Field notes",
			markdown: "# Field notes\nline one\nline two",
		});
		assert.deepEqual(await read({ bytes: encode("no heading") }), {
			title: "page",
			markdown: "no heading",
		});
	});

	test("a page without a file name is titled by its host; an encoded name is decoded", async () => {
		assert.equal(
			(await read({ url: "https://site.example/", bytes: encode("x") })).title,
			"site.example",
		);
		assert.equal((await read({ url: "https://site.example/a/b/", bytes: encode("x") })).title, "b");
		assert.equal(
			(await read({ url: "https://site.example/notes%20on%20grids.txt", bytes: encode("x") }))
				.title,
			"notes on grids.txt",
		);
		assert.equal(
			(await read({ url: "https://site.example/100%25%zz", bytes: encode("x") })).title,
			"100%25%zz",
		);
	});

	test("the charset decides the decoding; an unknown one falls back to UTF-8", async () => {
		const latin1 = Uint8Array.from([0x63, 0x61, 0x66, 0xe9]);
		assert.equal((await read({ bytes: latin1, charset: "iso-8859-1" })).markdown, "café");
		assert.equal(
			(await read({ bytes: encode("café"), charset: "no-such-charset" })).markdown,
			"café",
		);
		assert.equal((await read({ bytes: encode("café") })).markdown, "café");
		const text = encode('<meta charset="windows-1252"> café');
		assert.equal(
			(await read({ bytes: text })).markdown,
			'<meta charset="windows-1252"> café',
			"meta tags count in HTML only",
		);
	});

	test("a cut body loses the half character the cut left, and only then", async () => {
		const bytes = encode("price: 5 €").subarray(0, -1);
		assert.equal((await read({ bytes, truncated: true })).markdown, "price: 5");
		assert.equal((await read({ bytes, truncated: false })).markdown, "price: 5 \uFFFD");
		const earlier = Uint8Array.from([0xff, ...bytes]);
		assert.equal((await read({ bytes: earlier, truncated: true })).markdown, "\uFFFDprice: 5");
	});

	test("HTML is read through the worker, with the charset of its meta tag when the header has none", async () => {
		const html = Uint8Array.from([
			...encode('<html><head><meta charset="windows-1252"><title>Caf'),
			0xe9,
			...encode("</title></head><body><article><h1>Caf"),
			0xe9,
			...encode("</h1><p>"),
			...encode("A paragraph about a caf".repeat(5)),
			0xe9,
			...encode(".</p></article></body></html>"),
		]);
		const page = await read({ bytes: html, kind: "html" });
		assert.match(page.title, /Café/);
		assert.match(page.markdown, /about a café\./);
		const declared = await read({ bytes: html, kind: "html", charset: "utf-8" });
		assert.doesNotMatch(declared.markdown, /café/, "the header's charset wins over the meta tag");
	});

	test("sniffs PDF and HTML when the server did not say; refuses anything else", async () => {
		const pdf = await read({
			bytes: pdfDocument([["Sniffed PDF text"]], { title: "Sniffed" }),
			kind: "sniff",
		});
		assert.deepEqual(pdf, { title: "Sniffed", markdown: "Sniffed PDF text" });
		for (const start of [
			"<!DOCTYPE html><html><body><p>Hello sniffed world of pages.</p></body></html>",
			"\n  <!-- comment --> <html><body><p>Hello sniffed world of pages.</p></body></html>",
			"<HEAD><title>t</title></HEAD><body><p>Hello sniffed world of pages.</p></body>",
			"<body><p>Hello sniffed world of pages.</p></body>",
		]) {
			assert.match(
				(await read({ bytes: encode(start), kind: "sniff" })).markdown,
				/Hello sniffed/,
				start,
			);
		}
		for (const start of [
			"just text",
			"<htmlx>",
			"<bodyguard>",
			"x<html>",
			'{"json": true}',
			`${" ".repeat(512)}<html><body><p>Too far down to be sniffed.</p></body></html>`,
		]) {
			await assert.rejects(
				read({ bytes: encode(start), kind: "sniff" }),
				failure(
					"content-type",
					"https://site.example/docs/page has no content type fetch_page recognizes (neither HTML, PDF nor text); not read.",
				),
				start,
			);
		}
	});

	test("a PDF is titled by its metadata, else by its file name; empty pages are skipped", async () => {
		const titled = await read({
			bytes: pdfDocument([["One"], [], ["Three"]], {
				title: "Report",
				created: "D:20260102120000Z",
			}),
			kind: "pdf",
		});
		assert.deepEqual(titled, {
			title: "Report",
			markdown: "One\n\nThree",
			published: "2026-01-02",
		});
		const untitled = await read({
			url: "https://site.example/files/q1-report.pdf",
			bytes: pdfDocument([["One"]]),
			kind: "pdf",
		});
		assert.deepEqual(untitled, { title: "q1-report.pdf", markdown: "One" });
	});

	test("a cut PDF is refused, saying the limit; a broken one is unreadable", async () => {
		await assert.rejects(
			read({ bytes: pdfDocument([["One"]]), kind: "pdf", truncated: true, maxBytes: 200 }),
			failure(
				"too-large",
				"https://site.example/docs/page is a PDF larger than the 200-byte limit; a cut PDF cannot be read. Raise maxBytes to read it.",
			),
		);
		await assert.rejects(
			read({ bytes: encode("%PDF-1.4\nnot really"), kind: "pdf" }),
			(error: unknown) =>
				failure("unreadable")(error) &&
				(error as Error).message.startsWith(
					"https://site.example/docs/page is not a readable PDF: ",
				) &&
				(error as Error).cause instanceof Error,
		);
	});

	test("a cancelled run stops parsing with the cancellation, not as an unreadable page", async () => {
		const controller = new AbortController();
		controller.abort();
		for (const kind of ["pdf", "html"] as const) {
			await assert.rejects(
				read({
					bytes: kind === "pdf" ? pdfDocument([["One"]]) : encode("<html><body>x</body></html>"),
					kind,
					signal: controller.signal,
				}),
				(error: unknown) =>
					error instanceof CancelledError &&
					error.message === "Parsing https://site.example/docs/page was cancelled.",
			);
		}
	});

	test("a page over the parser limits is refused as parser-limit", async () => {
		await assert.rejects(
			read({ bytes: pdfDocument([["One"]]), kind: "pdf", limits: { maxInputBytes: 10 } }),
			(error: unknown) =>
				failure("parser-limit")(error) && /over the limit of 10/.test((error as Error).message),
		);
		const deep = `<html><body>${"<div>".repeat(40)}deep${"</div>".repeat(40)}</body></html>`;
		await assert.rejects(
			read({ bytes: encode(deep), kind: "html", limits: { maxDepth: 10 } }),
			failure("parser-limit"),
		);
	});
});
