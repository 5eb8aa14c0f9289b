import type { Token, Tokens } from "marked";
import { Lexer } from "marked";
import { parseSourceList } from "../report/parse-source-list.ts";
import { splitSources } from "./split-sources.ts";

type Docx = typeof import("docx");
type Inline =
	| InstanceType<Docx["TextRun"]>
	| InstanceType<Docx["InternalHyperlink"]>
	| InstanceType<Docx["ExternalHyperlink"]>;

const citation = /\[(\s*\d{1,3}(?:\s*[-–—,;]\s*\d{1,3})*\s*)\]/g;

/**
 * A report as a Word document (docx, loaded only here): headings as Word headings (the
 * title as Title, the numbered sections as Heading 1), paragraphs, lists and quotes; each citation `[n]` links
 * to a bookmark on its entry of the Sources list.
 */
export async function reportToDocx(markdown: string): Promise<Uint8Array> {
	const docx = await import("docx");
	const { Document, Packer, Paragraph, HeadingLevel, Bookmark, TextRun } = docx;
	const { body, sources } = splitSources(markdown);
	const children: InstanceType<Docx["Paragraph"]>[] = [];
	const headings = [
		HeadingLevel.TITLE,
		HeadingLevel.HEADING_1,
		HeadingLevel.HEADING_2,
		HeadingLevel.HEADING_3,
		HeadingLevel.HEADING_4,
		HeadingLevel.HEADING_5,
	] as const;
	const add = (tokens: Token[], quote = false) => {
		for (const token of tokens) {
			if (token.type === "heading") {
				const { depth, text } = token as Tokens.Heading;
				children.push(
					new Paragraph({
						heading: headings[Math.min(depth, 6) - 1] ?? HeadingLevel.HEADING_5,
						children: [new TextRun(plain(text))],
					}),
				);
			} else if (token.type === "paragraph") {
				children.push(
					new Paragraph({
						children: inline(docx, (token as Tokens.Paragraph).tokens ?? []),
						...(quote ? { style: "IntenseQuote" } : {}),
					}),
				);
			} else if (token.type === "list") {
				const list = token as Tokens.List;
				list.items.forEach((item, index) => {
					const prefix = list.ordered ? `${Number(list.start || 1) + index}. ` : "";
					const inner = item.tokens.flatMap((child) =>
						"tokens" in child && child.tokens ? child.tokens : [child],
					);
					children.push(
						new Paragraph({
							children: [new TextRun(prefix), ...inline(docx, inner)],
							...(list.ordered ? { indent: { left: 360 } } : { bullet: { level: 0 } }),
						}),
					);
				});
			} else if (token.type === "blockquote") {
				add((token as Tokens.Blockquote).tokens, true);
			} else if (token.type === "code") {
				children.push(
					new Paragraph({
						children: [new TextRun({ text: (token as Tokens.Code).text, font: "Courier New" })],
					}),
				);
			}
		}
	};
	add(new Lexer({ gfm: true }).lex(body));
	const listed = parseSourceList(sources);
	if (listed.length) {
		children.push(
			new Paragraph({ heading: HeadingLevel.HEADING_1, children: [new TextRun("Sources")] }),
		);
		for (const source of listed) {
			const details = [source.target, source.accessed ? `accessed ${source.accessed}` : ""].filter(
				Boolean,
			);
			children.push(
				new Paragraph({
					children: [
						new Bookmark({
							id: `source_${source.number}`,
							children: [new TextRun(`${source.number}. `)],
						}),
						new TextRun(source.title),
						...(details.length ? [new TextRun(` — ${details.join(" — ")}`)] : []),
					],
				}),
			);
		}
	}
	const title = /^#\s+(.+)$/m.exec(body)?.[1]?.trim() ?? "Report";
	const document = new Document({ creator: "crewkit", title, sections: [{ children }] });
	return new Uint8Array(await Packer.toBuffer(document));
}

/** A paragraph's inline tokens as runs; citations become links to their sources' bookmarks. */
function inline(
	docx: Docx,
	tokens: Token[],
	format: { bold?: boolean; italics?: boolean } = {},
): Inline[] {
	const { TextRun, InternalHyperlink, ExternalHyperlink } = docx;
	const runs: Inline[] = [];
	for (const token of tokens) {
		if (token.type === "strong" || token.type === "em") {
			const nested = (token as Tokens.Strong).tokens ?? [];
			runs.push(
				...inline(docx, nested, {
					...format,
					...(token.type === "strong" ? { bold: true } : { italics: true }),
				}),
			);
		} else if (token.type === "link") {
			const link = token as Tokens.Link;
			const text = plain(link.text);
			runs.push(
				/^https?:\/\//i.test(link.href)
					? new ExternalHyperlink({
							link: link.href,
							children: [new TextRun({ text, style: "Hyperlink", ...format })],
						})
					: new TextRun({ text, ...format }),
			);
		} else if (token.type === "codespan") {
			runs.push(
				new TextRun({ text: (token as Tokens.Codespan).text, font: "Courier New", ...format }),
			);
		} else if (token.type === "br") {
			runs.push(new TextRun({ text: "", break: 1 }));
		} else {
			const text = "text" in token ? String(token.text) : token.raw;
			let last = 0;
			for (const match of text.matchAll(citation)) {
				if (match.index > last)
					runs.push(
						new TextRun({ text: decodeEntities(text.slice(last, match.index)), ...format }),
					);
				runs.push(new TextRun({ text: "[", ...format }));
				const inner = match[1] ?? "";
				let at = 0;
				for (const number of inner.matchAll(/\d{1,3}/g)) {
					if (number.index > at)
						runs.push(new TextRun({ text: inner.slice(at, number.index), ...format }));
					runs.push(
						new InternalHyperlink({
							anchor: `source_${number[0]}`,
							children: [new TextRun({ text: number[0], style: "Hyperlink", ...format })],
						}),
					);
					at = number.index + number[0].length;
				}
				runs.push(new TextRun({ text: `${inner.slice(at)}]`, ...format }));
				last = match.index + match[0].length;
			}
			if (last < text.length)
				runs.push(new TextRun({ text: decodeEntities(text.slice(last)), ...format }));
		}
	}
	return runs;
}

const decodeEntities = (text: string) =>
	text.replace(
		/&(amp|lt|gt|quot|#39);/g,
		(_, name: string) => ({ amp: "&", lt: "<", gt: ">", quot: '"', "#39": "'" })[name] ?? "",
	);
const plain = (text: string) => decodeEntities(text.replace(/[*_`]/g, ""));
