import { Readability } from "@mozilla/readability";
import { parseHTML } from "linkedom";
import TurndownService from "turndown";

/** A page's main content as markdown. */
export interface PageMarkdown {
	/** The page's title; empty when the page has none. */
	title: string;
	markdown: string;
}

const turndown = new TurndownService({
	headingStyle: "atx",
	codeBlockStyle: "fenced",
	bulletListMarker: "-",
	emDelimiter: "*",
});
turndown.remove(["script", "style", "noscript", "template", "iframe"]);

/**
 * Converts an HTML page to markdown: Readability picks the main content (dropping
 * navigation, footers and scripts), turndown writes it as markdown with `#` headings.
 * Pages Readability cannot make sense of fall back to their whole `<body>`.
 */
export function htmlToMarkdown(html: string): PageMarkdown {
	const { document } = parseDocument(html);
	const pageTitle = document.querySelector("title")?.textContent?.trim() ?? "";
	// linkedom's Document implements the parts of the DOM Readability uses.
	const article = new Readability(
		document as unknown as ConstructorParameters<typeof Readability>[0],
	).parse();
	if (article?.content) {
		return {
			title: article.title?.trim() || pageTitle,
			markdown: tidy(turndown.turndown(article.content)),
		};
	}
	const body = parseDocument(html).document.body;
	const title = pageTitle || body?.querySelector("h1")?.textContent?.trim() || "";
	return { title, markdown: tidy(turndown.turndown(body?.innerHTML ?? "")) };
}

/** linkedom parses whole documents only, so fragments are wrapped in one. */
function parseDocument(html: string) {
	const isDocument = /^\s*(?:<!--[\s\S]*?-->\s*)*<(?:!doctype|html)\b/i.test(html);
	return parseHTML(
		isDocument ? html : `<!doctype html><html><head></head><body>${html}</body></html>`,
	);
}

function tidy(markdown: string): string {
	return markdown
		.replace(/[ \t]+$/gm, "")
		.replace(/\n{3,}/g, "\n\n")
		.trim();
}
