import { readFile } from "node:fs/promises";
import { basename, extname } from "node:path";
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
 * text as is, HTML through Readability and turndown, PDF page by page. Files of other
 * types, binary files under a text extension and unreadable PDFs are skipped with a reason.
 * Pass `content` when the bytes are already in memory.
 */
export async function readDocument(
	path: string,
	options: { content?: Uint8Array } = {},
): Promise<ReadDocumentResult> {
	const format = documentFormatOf(path);
	if (!format) {
		const extension = extname(path) || "(none)";
		return skipped(
			`unsupported file type ${extension}; crewkit reads ${supportedExtensions.join(", ")}`,
		);
	}
	const content = options.content ?? (await readFile(path));
	const fileTitle = basename(path, extname(path));
	if (format === "pdf") return readPdf(content, fileTitle);
	if (content.includes(0)) return skipped(`binary content in a ${extname(path)} file`);
	const text = new TextDecoder("utf-8").decode(content).replace(/\r\n?/g, "\n");
	if (format === "html") {
		// The HTML and PDF readers load when a file of their kind is read, not with crewkit.
		const { htmlToMarkdown } = await import("./html-to-markdown.ts");
		const page = await htmlToMarkdown(text);
		return found({ title: page.title || fileTitle, text: page.markdown, format });
	}
	if (format === "markdown") {
		return found({ title: findTitle(text) ?? fileTitle, text, format });
	}
	return found({ title: fileTitle, text, format });
}

async function readPdf(content: Uint8Array, fileTitle: string): Promise<ReadDocumentResult> {
	try {
		const { extractText, getDocumentProxy, getMeta } = await import("unpdf");
		// pdf.js takes ownership of the buffer it is given, so it gets a copy; verbosity 0
		// keeps its warnings about damaged files off the console (the skip reason says it).
		const pdf = await getDocumentProxy(new Uint8Array(content), { verbosity: 0 });
		try {
			const { text: pages } = await extractText(pdf, { mergePages: false });
			const { info } = await getMeta(pdf);
			const metaTitle: unknown = info.Title;
			const title =
				typeof metaTitle === "string" && metaTitle.trim() ? metaTitle.trim() : fileTitle;
			const tidyPages = pages.map((page) => page.replace(/[ \t]+\n/g, "\n").trim());
			return found({ title, text: tidyPages.join("\n\n"), format: "pdf", pages: tidyPages });
		} finally {
			await pdf.loadingTask.destroy();
		}
	} catch (error) {
		return skipped(`not a readable PDF: ${error instanceof Error ? error.message : String(error)}`);
	}
}

function found(document: TextDocument): ReadDocumentResult {
	return { type: "document", document };
}

function skipped(reason: string): ReadDocumentResult {
	return { type: "skipped", reason };
}
