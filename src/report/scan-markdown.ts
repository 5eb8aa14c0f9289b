/** An ATX heading (`## 3. Title`) outside code fences. */
export interface MarkdownHeading {
	/** 1-based line number. */
	line: number;
	/** 1 for `#`, 2 for `##`, … */
	level: number;
	/** The heading text without the `#` marks and emphasis around it: "3. Title". */
	text: string;
	/** The leading number, when the text starts with one: 3 for "3. Title" or "3) Title". */
	number?: number;
	/** The text after the number: "Title". Equals `text` when there is no number. */
	title: string;
	/** Whether the number is written `3.` as sections expect (not `3)`, `3:` or `3`). */
	dotted: boolean;
}

/** A code fence block: where it opens, its marker, whether it closes. */
export interface MarkdownFence {
	line: number;
	marker: string;
	closed: boolean;
}

/** The lines of a markdown text and what a structure check needs from them. */
export interface ScannedMarkdown {
	lines: string[];
	headings: MarkdownHeading[];
	fences: MarkdownFence[];
	/** Lines that look meant as headings but are not (`##1. Title`, without the space). */
	malformedHeadings: Array<{ line: number; text: string }>;
}

const headingPattern = /^ {0,3}(#{1,6})(?:[ \t](.*))?$/;
const malformedHeadingPattern = /^ {0,3}#{1,6}[^#\s]/;
const fencePattern = /^ {0,3}(`{3,}|~{3,})/;
const numberPattern = /^(\d{1,3})(?:([.):])(?=\s|$)|(?=\s|$))\s*(.*)$/;

/** Splits markdown into lines and finds its headings and code fences (CommonMark rules, simplified). */
export function scanMarkdown(markdown: string): ScannedMarkdown {
	const lines = markdown.split(/\r?\n/);
	const headings: MarkdownHeading[] = [];
	const fences: MarkdownFence[] = [];
	const malformedHeadings: ScannedMarkdown["malformedHeadings"] = [];
	let openFence: MarkdownFence | undefined;
	lines.forEach((text, index) => {
		const line = index + 1;
		const fence = fencePattern.exec(text)?.[1];
		if (openFence) {
			if (fence && isClosing(text, fence, openFence.marker)) {
				openFence.closed = true;
				openFence = undefined;
			}
			return;
		}
		if (fence) {
			openFence = { line, marker: fence, closed: false };
			fences.push(openFence);
			return;
		}
		const heading = headingPattern.exec(text);
		if (heading) headings.push(parseHeading(line, heading[1]?.length ?? 1, heading[2] ?? ""));
		else if (malformedHeadingPattern.test(text))
			malformedHeadings.push({ line, text: text.trim() });
	});
	return { lines, headings, fences, malformedHeadings };
}

function isClosing(text: string, fence: string, opening: string): boolean {
	// A closing fence has nothing after its marks, not even marks of the other kind.
	return fence[0] === opening[0] && fence.length >= opening.length && text.trim() === fence;
}

function parseHeading(line: number, level: number, raw: string): MarkdownHeading {
	const text = raw
		.replace(/(?:^|[ \t])#+[ \t]*$/, "")
		.trim()
		.replace(/^(\*\*|__)(.+)\1$/, "$2")
		.trim();
	const numbered = numberPattern.exec(text);
	if (!numbered) return { line, level, text, title: text, dotted: false };
	return {
		line,
		level,
		text,
		number: Number(numbered[1]),
		title: numbered[3] ?? "",
		dotted: numbered[2] === ".",
	};
}
