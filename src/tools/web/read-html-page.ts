import { Readability } from "@mozilla/readability";
import { parseHTML } from "linkedom";
import TurndownService from "turndown";
import { normalizeDate } from "./normalize-date.ts";

/** The readable part of an HTML page. */
export interface HtmlArticle {
	title: string;
	markdown: string;
	/** Publication date from the page's metadata, when it has one. */
	published?: string;
}

const turndown = new TurndownService({
	headingStyle: "atx",
	codeBlockStyle: "fenced",
	bulletListMarker: "-",
	emDelimiter: "_",
});
turndown.remove(["script", "style", "noscript", "iframe", "form", "button", "svg", "img"]);

const boilerplate =
	"script, style, noscript, template, nav, header, footer, aside, form, iframe, svg";

/**
 * Extracts a page's article with Readability (on a linkedom DOM) and converts it to
 * markdown; when Readability finds no article, falls back to the body minus navigation and
 * other boilerplate. Relative links are made absolute against `url`.
 */
export function readHtmlPage(html: string, url: string): HtmlArticle {
	const { document } = parseHTML(html);
	absolutizeLinks(document, url);
	const pageTitle = document.querySelector("title")?.textContent?.trim() ?? "";
	const published = metaPublished(document);
	// linkedom's document stands in for the DOM `Document` Readability is typed against.
	const article = new Readability(document as never).parse();
	let markdown = article?.content ? toMarkdown(article.content) : "";
	if (!markdown) {
		const { document: fallback } = parseHTML(html);
		absolutizeLinks(fallback, url);
		for (const element of fallback.querySelectorAll(boilerplate)) element.remove();
		markdown = toMarkdown(fallback.body?.innerHTML ?? fallback.toString());
	}
	const title = article?.title?.trim() || pageTitle || url;
	const date = normalizeDate(article?.publishedTime ?? published);
	return { title, markdown, ...(date ? { published: date } : {}) };
}

function toMarkdown(html: string): string {
	return turndown
		.turndown(html)
		.replace(/[ \t]+\n/g, "\n")
		.replace(/\n{3,}/g, "\n\n")
		.trim();
}

/** linkedom's document. */
type HtmlDocument = ReturnType<typeof parseHTML>["document"];

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
