import { parseSourceList } from "../report/parse-source-list.ts";
import {
	type ReportRenderLimits,
	renderReportInWorker,
} from "../server/render-report-in-worker.ts";
import { splitSources } from "./split-sources.ts";

const escapeHtml = (text: string) =>
	text.replace(/[&<>"']/g, (character) => `&#${character.charCodeAt(0)};`);

/** Screen and print styles: readable measure, citations as small links, page breaks kept sane. */
const styles = `
:root { color-scheme: light dark; --text: #1d1d1f; --muted: #5f6368; --accent: #0b57d0; --rule: #d0d4da; --bg: #fff; }
@media (prefers-color-scheme: dark) { :root { --text: #e8eaed; --muted: #9aa0a6; --accent: #8ab4f8; --rule: #3c4043; --bg: #17181a; } }
* { box-sizing: border-box; }
body { margin: 0; background: var(--bg); color: var(--text); font: 17px/1.6 Georgia, "Times New Roman", serif; }
main { max-width: 44rem; margin: 0 auto; padding: 2.5rem 1.25rem 4rem; }
h1, h2, h3 { font-family: system-ui, -apple-system, "Segoe UI", sans-serif; line-height: 1.25; }
h1 { font-size: 2rem; margin: 0 0 1.5rem; }
h2 { font-size: 1.3rem; margin: 2.2rem 0 0.6rem; }
blockquote { margin: 1rem 0; padding: 0.6rem 1rem; border-left: 4px solid #b06000; background: rgba(176, 96, 0, 0.08); }
a { color: var(--accent); }
a.citation { font-size: 0.75em; vertical-align: super; text-decoration: none; padding: 0 0.1em; }
#sources ol { padding-left: 1.6rem; font-size: 0.92rem; }
#sources li { margin: 0.35rem 0; overflow-wrap: anywhere; }
#sources li:target { background: rgba(11, 87, 208, 0.12); }
.meta { color: var(--muted); font-size: 0.85rem; }
@media print {
  :root { --text: #000; --accent: #000; --bg: #fff; }
  body { font-size: 11pt; }
  main { max-width: none; padding: 0; }
  h1, h2, h3 { break-after: avoid; page-break-after: avoid; }
  p, li, blockquote { orphans: 3; widows: 3; }
  blockquote { break-inside: avoid; }
  a { text-decoration: none; }
  #sources a[href^="http"]::after { content: " <" attr(href) ">"; font-size: 0.85em; color: #333; }
  @page { size: A4; margin: 2cm 2cm 2.2cm; }
}`;

/** A report as HTML: its title, the body, and its sources with their anchors. */
export interface ReportHtml {
	title: string;
	/** The whole self-contained page: no script, no external style, font or image. */
	html: string;
	/** Numbers of the listed sources (each has the anchor `#source-N`). */
	sourceNumbers: number[];
}

/**
 * Renders a markdown report as one self-contained HTML page: sanitized body, citations
 * `[n]` linking to `#source-n` entries of the Sources list, and a print stylesheet (the PDF
 * export prints this page). The markdown is rendered in a parsing worker, bounded.
 * @throws ParserLimitError when the report is over a rendering limit (size, nesting, time).
 */
export async function reportToHtml(
	markdown: string,
	options: { generator?: string; limits?: Partial<ReportRenderLimits> } = {},
): Promise<ReportHtml> {
	const { body, sources } = splitSources(markdown);
	const rendered = await renderReportInWorker(body, {
		label: "The report",
		limits: options.limits,
		overLimit: "throw",
	});
	const title = rendered.title ?? "Report";
	const listed = parseSourceList(sources);
	const items = listed.map((source) => {
		const url =
			source.target && /^https?:\/\//i.test(source.target)
				? `<a href="${escapeHtml(source.target)}" rel="noopener noreferrer">${escapeHtml(source.target)}</a>`
				: source.target
					? `<code>${escapeHtml(source.target)}</code>`
					: "";
		const parts = [
			escapeHtml(source.title),
			url,
			source.accessed ? `accessed ${source.accessed}` : "",
		];
		return `<li id="source-${source.number}" value="${source.number}">${parts.filter(Boolean).join(" — ")}</li>`;
	});
	const sourcesSection = listed.length
		? `<section id="sources"><h2>Sources</h2><ol>${items.join("")}</ol></section>`
		: "";
	const html = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="${escapeHtml(options.generator ?? "crewkit export")}">
<title>${escapeHtml(title)}</title>
<style>${styles}</style>
</head>
<body>
<main>
${rendered.html}
${sourcesSection}
</main>
</body>
</html>
`;
	return { title, html, sourceNumbers: listed.map((source) => source.number) };
}
