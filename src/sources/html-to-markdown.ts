import { Readability } from "@mozilla/readability";
import { parseHTML } from "linkedom";
import TurndownService from "turndown";
import { ParserLimitError, type ParserLimits, parserLimits } from "../parsers/parser-limits.ts";
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
	/** Size, nesting and text limits (defaults: `defaultParserLimits`). */
	limits?: Partial<ParserLimits> | undefined;
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
	const limits = parserLimits(options.limits);
	if (html.length > limits.maxInputBytes) {
		throw new ParserLimitError(
			`the page has ${html.length} characters, over the limit of ${limits.maxInputBytes}; it was not read.`,
			"too-large",
		);
	}
	const estimated = estimatedDepth(html);
	if (estimated > limits.maxDepth * 4) {
		// Parsing itself slows down with depth: refuse a clear bomb before building its DOM.
		throw new ParserLimitError(
			`the page opens ${estimated} nested elements, over the limit of ${limits.maxDepth}; it was not read.`,
			"too-deep",
		);
	}
	const document = parseDocument(html, url);
	const depth = nestingDepth(document);
	if (depth > limits.maxDepth) {
		// Readability's cost grows with the cube of the nesting: a 10 KB page of 2,000
		// nested elements took a minute. Real pages nest a few dozen levels.
		throw new ParserLimitError(
			`the page nests elements ${depth} levels deep, over the limit of ${limits.maxDepth}; it was not read.`,
			"too-deep",
		);
	}
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
	if (markdown.length > limits.maxTextChars) markdown = markdown.slice(0, limits.maxTextChars);
	return { title: title || url || "", markdown, ...(date ? { published: date } : {}) };
}

// Elements that never nest (void) or whose end tag HTML lets authors leave out.
const notCounted = new Set(
	"area base br col embed hr img input link meta source track wbr p li dt dd tr td th option optgroup thead tbody tfoot colgroup rb rt rp html head body".split(
		" ",
	),
);

/**
 * The nesting a page's tags ask for, from its text alone (opening tags minus closing
 * ones, leaving out void elements and those with optional end tags): an upper bound
 * cheap enough to take before parsing.
 */
function estimatedDepth(html: string): number {
	let depth = 0;
	let deepest = 0;
	for (const match of html.matchAll(/<(\/?)([a-zA-Z][\w-]*)[^<>]*?(\/?)>/g)) {
		const name = (match[2] ?? "").toLowerCase();
		if (notCounted.has(name) || match[3]) continue;
		depth = match[1] ? Math.max(0, depth - 1) : depth + 1;
		if (depth > deepest) deepest = depth;
	}
	return deepest;
}

/** The deepest element nesting of a document, counted without recursion. */
function nestingDepth(document: HtmlDocument): number {
	let deepest = 0;
	const stack: { node: { children?: ArrayLike<unknown> }; depth: number }[] = [
		{ node: document as never, depth: 0 },
	];
	for (let item = stack.pop(); item; item = stack.pop()) {
		if (item.depth > deepest) deepest = item.depth;
		const children = item.node.children;
		if (!children) continue;
		for (let index = 0; index < children.length; index++) {
			stack.push({ node: children[index] as never, depth: item.depth + 1 });
		}
	}
	return deepest;
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
