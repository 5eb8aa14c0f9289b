import { Readability } from "@mozilla/readability";
import { parseHTML } from "linkedom";
import TurndownService from "turndown";
import { normalizeDate } from "./normalize-date.ts";

/** A page's main content as markdown. */
export interface PageMarkdown {
	/** The page's title; the URL when it has none, else empty. */
	title: string;
	markdown: string;
	/** Publication date from the page's metadata (`YYYY-MM-DD` when readable), when it has one. */
	published?: string;
}

export interface HtmlToMarkdownOptions {
	/** Where the page was fetched from: relative links are made absolute against it. */
	url?: string | undefined;
}

const turndown = new TurndownService({
	headingStyle: "atx",
	codeBlockStyle: "fenced",
	bulletListMarker: "-",
	emDelimiter: "_",
});
turndown.remove([
	"script",
	"style",
	"noscript",
	"template",
	"iframe",
	"form",
	"button",
	"svg",
	"img",
]);

const boilerplate =
	"script, style, noscript, template, nav, header, footer, aside, form, iframe, svg";

/**
 * Converts an HTML page to markdown: Readability (on a linkedom DOM) picks the main
 * content, turndown writes it as markdown with `#` headings. When Readability finds no
 * article, the `<body>` is converted instead, minus navigation and other boilerplate.
 */
export function htmlToMarkdown(html: string, options: HtmlToMarkdownOptions = {}): PageMarkdown {
	const { url } = options;
	const document = parseDocument(html, url);
	const pageTitle = document.querySelector("title")?.textContent?.trim() ?? "";
	const published = metaPublished(document);
	// linkedom's document stands in for the DOM `Document` Readability is typed against.
	const article = new Readability(document as never).parse();
	let title = article?.title?.trim() || pageTitle;
	let markdown = article?.content ? toMarkdown(article.content) : "";
	if (!markdown) {
		const body = parseDocument(html, url).body;
		title ||= body?.querySelector("h1")?.textContent?.trim() ?? "";
		for (const element of body?.querySelectorAll(boilerplate) ?? []) element.remove();
		markdown = toMarkdown(body?.innerHTML ?? "");
	}
	const date = normalizeDate(article?.publishedTime ?? published);
	return { title: title || url || "", markdown, ...(date ? { published: date } : {}) };
}

/** linkedom's document. */
type HtmlDocument = ReturnType<typeof parseHTML>["document"];

/**
 * Parses `html` with its links made absolute against `url`. linkedom parses whole
 * documents only, so fragments are wrapped in one.
 */
function parseDocument(html: string, url: string | undefined): HtmlDocument {
	const isDocument = /^\s*(?:<!--[\s\S]*?-->\s*)*<(?:!doctype|html)\b/i.test(html);
	const { document } = parseHTML(
		isDocument ? html : `<!doctype html><html><head></head><body>${html}</body></html>`,
	);
	if (url) absolutizeLinks(document, url);
	return document;
}

function toMarkdown(html: string): string {
	return turndown
		.turndown(html)
		.replace(/[ \t]+$/gm, "")
		.replace(/\n{3,}/g, "\n\n")
		.trim();
}

function absolutizeLinks(document: HtmlDocument, base: string): void {
	for (const link of document.querySelectorAll("a[href]")) {
		const href = link.getAttribute("href");
		if (!href) continue;
		try {
			link.setAttribute("href", new URL(href, base).href);
		} catch {
			// Leave links that do not parse as they are.
		}
	}
}

const publishedSelectors = [
	'meta[property="article:published_time"]',
	'meta[name="article:published_time"]',
	'meta[itemprop="datePublished"]',
	'meta[name="citation_publication_date"]',
	'meta[name="dc.date"]',
	'meta[name="DC.date"]',
	'meta[name="date"]',
];

function metaPublished(document: HtmlDocument): string | undefined {
	for (const selector of publishedSelectors) {
		const content = document.querySelector(selector)?.getAttribute("content")?.trim();
		if (content) return content;
	}
	return undefined;
}
