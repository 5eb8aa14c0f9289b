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

/**
 * Renders a markdown report: sanitized HTML with linked citations, its title, and the
 * entries of its `## Sources` list.
 */
export function renderReport(markdown: string): RenderedReport {
	const check = checkReport(markdown);
	const html = sanitizeReportHtml(marked.parse(markdown, { async: false }));
	const sources = parseSourceList(check.sources).map((source): ReportSource => {
		const url = source.target && /^https?:\/\//i.test(source.target) ? source.target : undefined;
		return url ? { ...source, url } : source;
	});
	return { title: check.title, markdown, html, sources };
}
