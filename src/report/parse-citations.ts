/**
 * Inline citations of a report's text: `[1]`, `[2, 3]`, `[2][3]`, `[2–4]`. The numbers of a
 * group are 1 to 3 digits, so a bracketed year (`[2024]`) is not a citation. Markdown links
 * (`[1](url)`), reference links (`[text][1]`), reference definitions (`[1]: url` at the start
 * of a line), escaped brackets (`\[1]`) and brackets inside inline code are not citations.
 */

/** One bracketed citation group as written in the text. */
export interface CitationGroup {
	/** The cited numbers in order, ranges expanded: `[2–4]` gives 2, 3, 4. */
	numbers: number[];
	/** Offset of the group's `[` in the text. */
	index: number;
	/** The group as written: "[2, 3]". */
	text: string;
}

const number = String.raw`\d{1,3}`;
const item = String.raw`${number}(?:\s*[-–—]\s*${number})?`;
const groupPattern = new RegExp(String.raw`\[\s*(${item}(?:\s*[,;]\s*${item})*)\s*\]`, "g");
/** Ranges wider than this keep their two ends only, so `[1–999]` does not cite 999 sources. */
const widestRange = 100;

/** Finds the citation groups of a text, in order. */
export function findCitations(text: string): CitationGroup[] {
	const scanned = blankInlineCode(text);
	const groups: CitationGroup[] = [];
	let previousEnd = -1;
	for (const match of scanned.matchAll(groupPattern)) {
		const index = match.index;
		const end = index + match[0].length;
		const before = scanned[index - 1];
		const after = scanned[end];
		const adjacentGroup = index === previousEnd;
		const isLink = after === "(" || (before === "]" && !adjacentGroup);
		const isDefinition = after === ":" && startsLine(scanned, index);
		if (before === "\\" || isLink || isDefinition) continue;
		groups.push({ numbers: expandGroup(match[1] ?? ""), index, text: match[0] });
		previousEnd = end;
	}
	return groups;
}

/** The distinct numbers a text cites, ascending. */
export function citedNumbers(text: string): number[] {
	const numbers = new Set(findCitations(text).flatMap((group) => group.numbers));
	return [...numbers].sort((a, b) => a - b);
}

/** The text without its citation groups (and the space before each). */
export function removeCitations(text: string): string {
	let result = "";
	let last = 0;
	for (const group of findCitations(text)) {
		result += text.slice(last, group.index).replace(/[ \t]+$/, "");
		last = group.index + group.text.length;
	}
	return result + text.slice(last);
}

/**
 * Whether only blanks stand between the start of its line and `index`: looking back over
 * the blanks only, so a long line of citations costs no more than a short one.
 */
function startsLine(text: string, index: number): boolean {
	let at = index - 1;
	while (/[^\S\n]/.test(text.charAt(at))) at--;
	return at < 0 || text[at] === "\n";
}

function expandGroup(inside: string): number[] {
	const numbers: number[] = [];
	for (const part of inside.split(/[,;]/)) {
		// A split gives at least one item; a single number is a range of one.
		const [first, second = first] = part.split(/[-–—]/).map(Number) as [number, number?];
		const low = Math.min(first, second);
		const high = Math.max(first, second);
		if (high - low > widestRange) numbers.push(low, high);
		else for (let value = low; value <= high; value++) numbers.push(value);
	}
	return numbers;
}

/** The text with inline code spans replaced by spaces, so offsets stay the same. */
function blankInlineCode(text: string): string {
	return text.replace(/(`+)[^`]*?\1/g, (code) => " ".repeat(code.length));
}
