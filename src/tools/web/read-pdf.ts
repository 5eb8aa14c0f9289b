import type { ParserLimits } from "../../parsers/parser-limits.ts";
import { ParserLimitError, parserLimits } from "../../parsers/parser-limits.ts";
import { normalizeDate } from "../../sources/normalize-date.ts";

/** The text of a PDF, page by page. */
export interface PdfText {
	/** The document's Title metadata, when set. */
	title?: string;
	/** Text of each page read, in order. */
	pages: string[];
	/** How many pages the document has (more than `pages.length` when the page limit cut it). */
	totalPages: number;
	/** The document's creation date, when set. */
	published?: string;
	/**
	 * Numbers (from 1) of pages pdf.js could not read, when there are any: a damaged page
	 * is left empty in `pages` and the others are still read.
	 */
	unreadablePages?: number[];
}

/**
 * Extracts the text (and title and date metadata) of a PDF with unpdf's pdf.js, one page
 * at a time, up to the page and text limits: pages past them are left out, so a document
 * of thousands of pages sharing one compressed stream costs no more than the limits allow.
 */
export async function readPdf(
	bytes: Uint8Array,
	limitOverrides: Partial<ParserLimits> = {},
): Promise<PdfText> {
	const limits = parserLimits(limitOverrides);
	if (bytes.byteLength > limits.maxInputBytes) {
		throw new ParserLimitError(
			`the PDF has ${bytes.byteLength} bytes, over the limit of ${limits.maxInputBytes}; it was not read.`,
			"too-large",
		);
	}
	const { getDocumentProxy, getMeta } = await import("unpdf");
	// pdf.js takes ownership of (detaches) the buffer it is given: pass a copy. Verbosity 0
	// keeps its warnings about damaged files off the console (the error says it).
	const document = await getDocumentProxy(bytes.slice(), { verbosity: 0 });
	try {
		const pages: string[] = [];
		const unreadablePages: number[] = [];
		let firstFailure: unknown;
		let characters = 0;
		const last = Math.min(document.numPages, limits.maxPages);
		for (let number = 1; number <= last && characters < limits.maxTextChars; number++) {
			let text: string;
			try {
				text = await pageText(document, number, limits.maxTextChars - characters);
			} catch (error) {
				firstFailure ??= error;
				unreadablePages.push(number);
				pages.push("");
				continue;
			}
			characters += text.length;
			pages.push(text.replace(/[ \t]+\n/g, "\n").trim());
		}
		// Not one page readable: the document is damaged, not a page of it.
		if (unreadablePages.length === pages.length && pages.length > 0) throw firstFailure;
		const { info } = await getMeta(document, { parseDates: true });
		const title = typeof info.Title === "string" ? info.Title.trim() : "";
		const created: unknown = info.CreationDate;
		const published =
			created instanceof Date && !Number.isNaN(created.getTime())
				? normalizeDate(created.toISOString())
				: undefined;
		return {
			pages,
			totalPages: document.numPages,
			...(title ? { title } : {}),
			...(published ? { published } : {}),
			...(unreadablePages.length ? { unreadablePages } : {}),
		};
	} finally {
		await document.loadingTask.destroy();
	}
}

/** The text of page `number`, at most `room` characters of it. */
async function pageText(
	document: Awaited<ReturnType<typeof import("unpdf").getDocumentProxy>>,
	number: number,
	room: number,
): Promise<string> {
	const page = await document.getPage(number);
	const content = await page.getTextContent();
	let text = "";
	for (const item of content.items) {
		if (!("str" in item)) continue;
		text += item.str + (item.hasEOL ? "\n" : "");
		if (text.length > room) break;
	}
	page.cleanup();
	return text.slice(0, room);
}
