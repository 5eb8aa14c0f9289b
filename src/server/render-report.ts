import { Marked, type TokenizerAndRendererExtension, type Tokens } from "marked";
import { checkReport } from "../report/check-report.ts";
import { type ListedSource, parseSourceList } from "../report/parse-source-list.ts";
import { sanitizeReportHtml } from "./sanitize-report-html.ts";

/** A source of the report's `## Sources` list, with a link only when it is a web address. */
export interface ReportSource extends ListedSource {
	/** The target when it is an `http(s)://` URL: safe to link to. */
	url?: string;
}

/** A report ready for a browser. */
export interface RenderedReport {
	title: string | undefined;
	markdown: string;
	/** Sanitized HTML; citations are `<a class="citation" href="#source-N">N</a>`. */
	html: string;
	sources: ReportSource[];
}

const item = String.raw`\d{1,3}(?:\s*[-–—]\s*\d{1,3})?`;
const citationGroup = new RegExp(String.raw`^\[\s*${item}(?:\s*[,;]\s*${item})*\s*\](?![(\[:])`);

/** Inline citations `[1]`, `[2, 3]`, `[2–4]` as links to the sources panel's entries. */
const citations: TokenizerAndRendererExtension = {
	name: "citation",
	level: "inline",
	start: (source) => source.search(/\[\s*\d/),
	tokenizer(source) {
		const match = citationGroup.exec(source);
		return match ? { type: "citation", raw: match[0] } : undefined;
	},
	renderer(token) {
		return (token as Tokens.Generic).raw.replace(
			/\d{1,3}/g,
			(number) => `<a class="citation" href="#source-${number}">${number}</a>`,
		);
	},
};

const marked = new Marked({ gfm: true, async: false, extensions: [citations] });

/** Longest report rendered as markdown; a longer one is shown as plain text. */
export const maxRenderedMarkdownChars = 2_000_000;
/** Deepest block nesting (quotes, lists) rendered as markdown. */
export const maxMarkdownNesting = 64;

/**
 * Renders a markdown report: sanitized HTML with linked citations, its title, and the
 * entries of its `## Sources` list. A report too long or nested too deeply to render
 * safely (a model can write anything) is shown as escaped plain text instead.
 */
export function renderReport(markdown: string): RenderedReport {
	const check = checkReport(markdown);
	const html = sanitizeReportHtml(markdownToHtml(markdown));
	const sources = parseSourceList(check.sources).map((source): ReportSource => {
		const url = source.target && /^https?:\/\//i.test(source.target) ? source.target : undefined;
		return url ? { ...source, url } : source;
	});
	return { title: check.title, markdown, html, sources };
}

function markdownToHtml(markdown: string): string {
	if (markdown.length <= maxRenderedMarkdownChars && blockNesting(markdown) <= maxMarkdownNesting) {
		try {
			return marked.parse(markdown, { async: false });
		} catch {
			// marked recurses per nesting level; whatever still overflows is shown as text.
		}
	}
	return `<pre>${escapeHtml(markdown.slice(0, maxRenderedMarkdownChars))}</pre>`;
}

/** The deepest run of block quote or list markers at the start of a line. */
function blockNesting(markdown: string): number {
	let deepest = 0;
	for (const match of markdown.matchAll(
		/^(?:[ \t]*(?:>|[-*+](?=[ \t])|\d{1,9}[.)](?=[ \t]))[ \t]*)+/gm,
	)) {
		const markers = match[0].match(/>|[-*+](?=[ \t])|\d{1,9}[.)](?=[ \t])/g)?.length ?? 0;
		if (markers > deepest) deepest = markers;
	}
	return deepest;
}

function escapeHtml(text: string): string {
	return text.replace(/[&<>"']/g, (character) => `&#${character.charCodeAt(0)};`);
}
