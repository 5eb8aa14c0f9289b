/**
 * ATX headings (`# Title` … `###### Detail`) of a markdown text, outside fenced code blocks.
 * The document reader takes a title from them and the chunker splits sections at them.
 */

/** One heading line of a markdown text. */
export interface MarkdownHeading {
	/** 1 for `#`, up to 6 for `######`. */
	level: number;
	/** The heading's text, without the `#` marks and closing `#` sequence. */
	text: string;
	/** 1-based line number. */
	line: number;
	/** Offset of the line's first character in the text. */
	offset: number;
}

const headingPattern = /^ {0,3}(#{1,6})(?:[ \t]+(.*?))?(?:[ \t]+#+)?[ \t]*$/;
const fencePattern = /^ {0,3}(`{3,}|~{3,})/;

/** Finds the ATX headings of `text` in order, skipping lines inside ``` or ~~~ fences. */
export function findHeadings(text: string): MarkdownHeading[] {
	const headings: MarkdownHeading[] = [];
	let fence: string | undefined;
	let offset = 0;
	let line = 0;
	for (const content of text.split("\n")) {
		line += 1;
		if (fencePattern.test(content)) {
			fence = fenceAfter(content, fence);
		} else if (fence === undefined) {
			const match = headingPattern.exec(content.replace(/\r$/, ""));
			const headingText = match?.[2]?.trim();
			if (match?.[1] && headingText) {
				headings.push({ level: match[1].length, text: headingText, line, offset });
			}
		}
		offset += content.length + 1;
	}
	return headings;
}

/** The text of the first `#` heading of a markdown text (its title), if any. */
export function findTitle(text: string): string | undefined {
	return findHeadings(text).find((heading) => heading.level === 1)?.text;
}

/**
 * Whether a fenced code block is open after `line`: the marks (``` or ~~~) of the open
 * fence, else `undefined`. `fence` is what was open before the line.
 */
export function fenceAfter(line: string, fence: string | undefined): string | undefined {
	const marks = fencePattern.exec(line)?.[1];
	if (!marks) return fence;
	if (fence === undefined) return marks;
	return marks[0] === fence[0] && marks.length >= fence.length ? undefined : fence;
}
