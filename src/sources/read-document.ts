import { readFile } from "node:fs/promises";
import { basename, extname } from "node:path";
import { CancelledError } from "../errors.ts";
import { parseInWorker } from "../parsers/parse-in-worker.ts";
import { ParserLimitError, type ParserLimits, parserLimits } from "../parsers/parser-limits.ts";
import { findTitle } from "./markdown-headings.ts";

/** The formats crewkit reads local sources in. */
export type DocumentFormat = "markdown" | "text" | "html" | "pdf";

/** A local file's text, ready to be chunked and indexed. */
export interface TextDocument {
	title: string;
	/** The text: markdown for markdown and HTML files, plain text otherwise. */
	text: string;
	format: DocumentFormat;
	/** For PDFs, the text of each page (page 1 first); `text` is these joined by blank lines. */
	pages?: readonly string[];
}

/** What reading a file gave: its text, or why it was skipped. */
export type ReadDocumentResult =
	| { type: "document"; document: TextDocument }
	| { type: "skipped"; reason: string };

const formatsByExtension: Readonly<Record<string, DocumentFormat>> = {
	".md": "markdown",
	".markdown": "markdown",
	".txt": "text",
	".html": "html",
	".htm": "html",
	".pdf": "pdf",
};

/** The format a file is read in, from its extension; `undefined` when crewkit cannot read it. */
export function documentFormatOf(path: string): DocumentFormat | undefined {
	return formatsByExtension[extname(path).toLowerCase()];
}

/** The file extensions `readDocument` reads. */
export const supportedExtensions: readonly string[] = Object.keys(formatsByExtension);

/**
 * Reads a local file into text: markdown as is (title from the first `#` heading), plain
 * text as is, HTML through Readability and turndown, PDF page by page (HTML and PDF in a
 * worker thread, within the parser limits). Files of other types, binary files under a
 * text extension, unreadable PDFs and files over a parser limit are skipped with a reason.
 * Pass `content` when the bytes are already in memory.
 */
export async function readDocument(
	path: string,
	options: {
		content?: Uint8Array;
		limits?: Partial<ParserLimits> | undefined;
		signal?: AbortSignal | undefined;
	} = {},
): Promise<ReadDocumentResult> {
	try {
		return await readFormat(path, options);
	} catch (error) {
		if (error instanceof ParserLimitError) return skipped(error.message);
		throw error;
	}
}

async function readFormat(
	path: string,
	options: Parameters<typeof readDocument>[1] & {},
): Promise<ReadDocumentResult> {
	const limits = parserLimits(options.limits);
	const work = { label: path, signal: options.signal };
	const format = documentFormatOf(path);
	if (!format) {
		const extension = extname(path) || "(none)";
		return skipped(
			`unsupported file type ${extension}; crewkit reads ${supportedExtensions.join(", ")}`,
		);
	}
	const content = options.content ?? (await readFile(path));
	const fileTitle = basename(path, extname(path));
	if (format === "pdf") return readPdf(content, fileTitle, limits, work);
	if (content.includes(0)) return skipped(`binary content in a ${extname(path)} file`);
	const text = new TextDecoder("utf-8").decode(content).replace(/\r\n?/g, "\n");
	if (format === "html") {
		const page = await parseInWorker({ type: "html", html: text, options: {}, limits }, work);
		return found({ title: page.title || fileTitle, text: page.markdown, format });
	}
	if (format === "markdown") {
		return found({ title: findTitle(text) ?? fileTitle, text, format });
	}
	return found({ title: fileTitle, text, format });
}

async function readPdf(
	content: Uint8Array,
	fileTitle: string,
	limits: ParserLimits,
	work: { label: string; signal?: AbortSignal | undefined },
): Promise<ReadDocumentResult> {
	try {
		const pdf = await parseInWorker({ type: "pdf", bytes: content, limits }, work);
		const title = pdf.title || fileTitle;
		return found({ title, text: pdf.pages.join("\n\n"), format: "pdf", pages: pdf.pages });
	} catch (error) {
		if (error instanceof ParserLimitError || error instanceof CancelledError) throw error;
		return skipped(`not a readable PDF: ${error instanceof Error ? error.message : String(error)}`);
	}
}

function found(document: TextDocument): ReadDocumentResult {
	return { type: "document", document };
}

function skipped(reason: string): ReadDocumentResult {
	return { type: "skipped", reason };
}
