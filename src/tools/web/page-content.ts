import { CancelledError } from "../../errors.ts";
import { parseInWorker } from "../../parsers/parse-in-worker.ts";
import { ParserLimitError, type ParserLimits, parserLimits } from "../../parsers/parser-limits.ts";
import { findTitle } from "../../sources/markdown-headings.ts";
import { FetchPageError } from "./web-errors.ts";

/** The kinds of content `fetch_page` reads. */
export type PageKind = "html" | "pdf" | "text";

const kindsByMediaType: Record<string, PageKind> = {
	"text/html": "html",
	"application/xhtml+xml": "html",
	"application/pdf": "pdf",
	"application/x-pdf": "pdf",
	"text/plain": "text",
	"text/markdown": "text",
	"text/x-markdown": "text",
};

/** What a `Content-Type` header says: the media type (lower case) and its charset. */
export function parseContentType(header: string | null): { mediaType: string; charset?: string } {
	const [type = "", ...parameters] = (header ?? "").split(";");
	const charset = parameters
		.map((parameter) => /^\s*charset\s*=\s*"?([^";\s]+)"?/i.exec(parameter)?.[1])
		.find((value) => value !== undefined);
	return { mediaType: type.trim().toLowerCase(), ...(charset ? { charset } : {}) };
}

/**
 * Which reader a media type needs: `undefined` for types fetch_page does not read, and
 * `"sniff"` when the server sent no useful type (the first bytes decide).
 */
export function pageKindOf(mediaType: string): PageKind | "sniff" | undefined {
	if (mediaType === "" || mediaType === "application/octet-stream") return "sniff";
	return kindsByMediaType[mediaType];
}

/** The readable text of a fetched body, whatever its kind. */
export interface PageContent {
	title: string;
	markdown: string;
	published?: string;
}

/**
 * Turns a body into markdown by its kind: HTML through Readability and turndown, PDF
 * through unpdf, text as is. HTML and PDF are parsed in a worker thread, within the
 * parser limits (size, nesting, pages, time, memory): a page over them is refused with a
 * `FetchPageError` of reason `parser-limit`. A truncated PDF cannot be parsed and is refused.
 */
export async function readPageContent(page: {
	url: string;
	bytes: Uint8Array;
	truncated: boolean;
	kind: PageKind | "sniff";
	charset?: string | undefined;
	maxBytes: number;
	limits?: Partial<ParserLimits> | undefined;
	signal?: AbortSignal | undefined;
}): Promise<PageContent> {
	const limits = parserLimits(page.limits);
	try {
		return await readContent(page, limits);
	} catch (error) {
		if (error instanceof ParserLimitError) {
			throw new FetchPageError(
				error.message,
				{ url: page.url, reason: "parser-limit" },
				{ cause: error },
			);
		}
		throw error;
	}
}

async function readContent(
	page: Parameters<typeof readPageContent>[0],
	limits: ParserLimits,
): Promise<PageContent> {
	const work = { label: page.url, signal: page.signal };
	const kind = page.kind === "sniff" ? sniff(page.bytes) : page.kind;
	if (!kind) {
		throw new FetchPageError(
			`${page.url} has no content type fetch_page recognizes (neither HTML, PDF nor text); not read.`,
			{ url: page.url, reason: "content-type" },
		);
	}
	if (kind === "pdf") {
		if (page.truncated) {
			throw new FetchPageError(
				`${page.url} is a PDF larger than the ${page.maxBytes}-byte limit; a cut PDF cannot be read. Raise maxBytes to read it.`,
				{ url: page.url, reason: "too-large" },
			);
		}
		try {
			const pdf = await parseInWorker({ type: "pdf", bytes: page.bytes, limits }, work);
			return {
				title: pdf.title || lastPathSegment(page.url),
				markdown: pdf.pages.filter(Boolean).join("\n\n"),
				...(pdf.published ? { published: pdf.published } : {}),
			};
		} catch (error) {
			if (error instanceof ParserLimitError || error instanceof CancelledError) throw error;
			throw new FetchPageError(
				`${page.url} is not a readable PDF: ${error instanceof Error ? error.message : String(error)}`,
				{ url: page.url, reason: "unreadable" },
				{ cause: error },
			);
		}
	}
	const charset = page.charset ?? (kind === "html" ? metaCharset(page.bytes) : undefined);
	const text = decode(page.bytes, charset, page.truncated);
	if (kind === "html") {
		return parseInWorker({ type: "html", html: text, options: { url: page.url }, limits }, work);
	}
	const markdown = text.replace(/\r\n?/g, "\n").trim();
	return { title: findTitle(markdown) ?? lastPathSegment(page.url), markdown };
}

function sniff(bytes: Uint8Array): PageKind | undefined {
	const start = new TextDecoder("latin1").decode(bytes.subarray(0, 512)).trimStart().toLowerCase();
	if (start.startsWith("%pdf-")) return "pdf";
	if (/^(?:<!--[\s\S]*?-->\s*)*<(?:!doctype html|html|head|body)\b/.test(start)) return "html";
	return undefined;
}

function metaCharset(bytes: Uint8Array): string | undefined {
	const head = new TextDecoder("latin1").decode(bytes.subarray(0, 2048));
	return /<meta[^>]+charset\s*=\s*["']?([\w-]+)/i.exec(head)?.[1];
}

function decode(bytes: Uint8Array, charset: string | undefined, truncated: boolean): string {
	const text = decoderFor(charset).decode(bytes);
	// A cut can split a multi-byte character; drop the half it leaves.
	return truncated ? text.replace(/\uFFFD$/, "") : text;
}

function decoderFor(charset: string | undefined) {
	try {
		return new TextDecoder(charset ?? "utf-8");
	} catch {
		// An unknown charset label: UTF-8 is the likeliest right guess.
		return new TextDecoder("utf-8");
	}
}

function lastPathSegment(url: string): string {
	const { pathname, hostname } = new URL(url);
	const segment = pathname.split("/").filter(Boolean).at(-1) ?? "";
	try {
		return decodeURIComponent(segment) || hostname;
	} catch {
		return segment;
	}
}
