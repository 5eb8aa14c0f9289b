import { extractText, getDocumentProxy, getMeta } from "unpdf";
import { normalizeDate } from "../../sources/normalize-date.ts";

/** The text of a PDF, page by page. */
export interface PdfText {
	/** The document's Title metadata, when set. */
	title?: string;
	/** Text of each page, in order. */
	pages: string[];
	/** The document's creation date, when set. */
	published?: string;
}

/** Extracts the text (and title and date metadata) of a PDF with unpdf. */
export async function readPdf(bytes: Uint8Array): Promise<PdfText> {
	// pdf.js takes ownership of (detaches) the buffer it is given: pass a copy.
	const document = await getDocumentProxy(bytes.slice());
	try {
		const { text } = await extractText(document, { mergePages: false });
		const { info } = await getMeta(document, { parseDates: true });
		const title = typeof info.Title === "string" ? info.Title.trim() : "";
		const created: unknown = info.CreationDate;
		const published =
			created instanceof Date && !Number.isNaN(created.getTime())
				? normalizeDate(created.toISOString())
				: undefined;
		return {
			pages: text.map((page) => page.replace(/[ \t]+\n/g, "\n").trim()),
			...(title ? { title } : {}),
			...(published ? { published } : {}),
		};
	} finally {
		await document.loadingTask.destroy();
	}
}
