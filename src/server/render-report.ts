import { Marked, type TokenizerAndRendererExtension, type Tokens } from "marked";
import { ParserLimitError } from "../parsers/parser-limits.ts";
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
	/** Why the report is shown as plain text: it was over a rendering limit. */
	renderError?: string;
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

/** Longest report rendered as markdown (characters); a longer one is shown as plain text. */
export const maxRenderedMarkdownChars = 2_000_000;
/** Deepest block nesting (quotes, lists) rendered as markdown. */
export const maxMarkdownNesting = 64;

/** How much markdown one rendering may take: its length and its block nesting. */
export interface MarkdownLimits {
	/** Longest markdown rendered, in characters. */
	maxChars: number;
	/** Deepest run of block quote and list markers at the start of a line. */
	maxDepth: number;
}

export const defaultMarkdownLimits = {
	maxChars: maxRenderedMarkdownChars,
	maxDepth: maxMarkdownNesting,
} as const satisfies MarkdownLimits;

/**
 * Renders a markdown report: sanitized HTML with linked citations, its title, and the
 * entries of its `## Sources` list. A report too long or nested too deeply to render
 * safely (a model can write anything) is shown as escaped plain text instead, and
 * `renderError` says why. This runs on the calling thread: a server renders reports with
 * `renderReportInWorker`, which also bounds the time a rendering takes.
 */
export function renderReport(
	markdown: string,
	limits: MarkdownLimits = defaultMarkdownLimits,
): RenderedReport {
	try {
		return renderReportWithinLimits(markdown, limits);
	} catch (error) {
		if (!(error instanceof ParserLimitError)) throw error;
		return asPlainText(
			markdown,
			`The report is ${error.message}: it is shown as plain text.`,
			limits,
		);
	}
}

/**
 * A report that could not be rendered as markdown, shown as escaped plain text (at most
 * `limits.maxChars` of it) with the reason in `renderError`.
 */
export function asPlainText(
	markdown: string,
	renderError: string,
	limits: MarkdownLimits = defaultMarkdownLimits,
): RenderedReport {
	const check = checkReport(markdown.slice(0, limits.maxChars));
	return {
		title: check.title,
		markdown,
		html: `<pre>${escapeHtml(markdown.slice(0, limits.maxChars))}</pre>`,
		sources: reportSources(check.sources),
		renderError,
	};
}

/**
 * Renders a report as `renderReport` does, but refuses one over the limits.
 * @throws ParserLimitError ("too-large" or "too-deep") whose message completes "The report is …".
 */
export function renderReportWithinLimits(markdown: string, limits: MarkdownLimits): RenderedReport {
	assertMarkdownWithinLimits(markdown, limits);
	const check = checkReport(markdown);
	let rendered: string;
	try {
		rendered = marked.parse(markdown, { async: false });
	} catch (error) {
		// marked recurses per nesting level (links in links, emphasis in emphasis).
		if (error instanceof RangeError) {
			throw new ParserLimitError(
				"nested too deeply to render (links or emphasis inside one another, past the parser's stack)",
				"too-deep",
				{ cause: error },
			);
		}
		throw error;
	}
	const html = sanitizeReportHtml(rendered);
	return { title: check.title, markdown, html, sources: reportSources(check.sources) };
}

/**
 * Refuses markdown longer than `limits.maxChars` or nesting block quotes and lists deeper
 * than `limits.maxDepth`, before any parser sees it.
 * @throws ParserLimitError naming the limit.
 */
export function assertMarkdownWithinLimits(markdown: string, limits: MarkdownLimits): void {
	if (markdown.length > limits.maxChars) {
		throw new ParserLimitError(
			`too long to render (${markdown.length.toLocaleString("en")} characters, over the limit of ${limits.maxChars.toLocaleString("en")})`,
			"too-large",
		);
	}
	const depth = blockNesting(markdown);
	if (depth > limits.maxDepth) {
		throw new ParserLimitError(
			`nested too deeply to render (block quotes or lists ${depth} levels deep, over the limit of ${limits.maxDepth})`,
			"too-deep",
		);
	}
}

function reportSources(sourcesSection: string): ReportSource[] {
	return parseSourceList(sourcesSection).map((source): ReportSource => {
		const url = source.target && /^https?:\/\//i.test(source.target) ? source.target : undefined;
		return url ? { ...source, url } : source;
	});
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
