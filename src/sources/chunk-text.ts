import { fenceAfter, findHeadings } from "./markdown-headings.ts";
import type { TextDocument } from "./read-document.ts";

/** A piece of a document small enough to index, quote and cite. */
export interface Chunk {
	text: string;
	/**
	 * Where the chunk is, as a reader would cite it: the heading path (`Guide > Setup`) in
	 * markdown and HTML, `lines 3–12` in text and in markdown before its first heading,
	 * `p. 3` in a PDF. Absent for HTML content before its first heading.
	 */
	location?: string;
}

export interface ChunkOptions {
	/** The most characters a chunk holds (default 1000). */
	size?: number;
	/** About how many characters of the previous chunk a chunk repeats (default 100). */
	overlap?: number;
}

/** A range of `text` chunked on its own, with what its chunks are located by. */
interface Section {
	text: string;
	start: number;
	end: number;
	location:
		| { type: "heading"; path: string }
		| { type: "page"; page: number }
		| { type: "lines" }
		| undefined;
}

/** A span of text the packer never splits: a paragraph, a sentence, a word or part of one. */
interface Unit {
	start: number;
	end: number;
}

const paragraphBreak = /\n[ \t]*\n\s*/g;
const sentenceEnd = /[.!?…。！？]["'”’)\]]*\s+/gu;
const sentenceStart = /(?:[.!?…。！？]["'”’)\]]*\s+|\n[ \t]*\n\s*)(?=\S)/gu;
const lineStart = /\n\s*(?=\S)/g;
const wordStart = /\s+(?=\S)/g;

/**
 * Splits a document into chunks of at most `size` characters, breaking between sections
 * (markdown headings, PDF pages), then between paragraphs, sentences and words, in that
 * order of preference. In markdown and HTML, blank lines inside a code fence do not end
 * its paragraph. Each chunk after the first of a section starts with up to `overlap`
 * characters of the one before, from a sentence (else line, else word) start. Deterministic:
 * the same input gives the same chunks.
 */
export function chunkText(
	document: Pick<TextDocument, "text" | "format" | "pages">,
	options: ChunkOptions = {},
): Chunk[] {
	const size = options.size ?? 1000;
	const overlap = options.overlap ?? 100;
	if (!Number.isInteger(size) || size < 20) {
		throw new RangeError(`Chunk size must be an integer of at least 20, not ${size}.`);
	}
	if (!(overlap >= 0 && overlap < size / 2)) {
		const message = `Chunk overlap must be at least 0 and less than half the size, not ${overlap}.`;
		throw new RangeError(message);
	}
	const chunks: Chunk[] = [];
	const fenced = document.format === "markdown" || document.format === "html";
	let lineStarts: number[] | undefined;
	for (const section of sectionsOf(document)) {
		for (const [start, end] of packSection(section, size, overlap, fenced)) {
			const text = section.text.slice(start, end).replace(/\n[ \t]*\n(?:[ \t]*\n)*/g, "\n\n");
			const location = section.location;
			if (location?.type === "heading") chunks.push({ text, location: location.path });
			else if (location?.type === "page") chunks.push({ text, location: `p. ${location.page}` });
			else if (location?.type === "lines") {
				lineStarts ??= findLineStarts(section.text);
				const first = lineOf(lineStarts, start);
				const last = lineOf(lineStarts, end - 1);
				chunks.push({
					text,
					location: first === last ? `line ${first}` : `lines ${first}–${last}`,
				});
			} else chunks.push({ text });
		}
	}
	return chunks;
}

function sectionsOf(document: Pick<TextDocument, "text" | "format" | "pages">): Section[] {
	const { text, format, pages } = document;
	if (format === "pdf" && pages) {
		return pages.map((page, index) => ({
			text: page,
			start: 0,
			end: page.length,
			location: { type: "page", page: index + 1 },
		}));
	}
	if (format === "text" || format === "pdf") {
		return [{ text, start: 0, end: text.length, location: { type: "lines" } }];
	}
	const headings = findHeadings(text);
	const sections: Section[] = [];
	const firstHeading = headings[0]?.offset ?? text.length;
	sections.push({
		text,
		start: 0,
		end: firstHeading,
		location: format === "markdown" ? { type: "lines" } : undefined,
	});
	const path: string[] = [];
	let start: number | undefined;
	for (const [index, heading] of headings.entries()) {
		path.length = Math.min(path.length, heading.level - 1);
		while (path.length < heading.level - 1) path.push("");
		path[heading.level - 1] = heading.text;
		start ??= heading.offset;
		const next = headings[index + 1];
		const end = next?.offset ?? text.length;
		const headingLineEnd = text.indexOf("\n", heading.offset);
		const isEmpty =
			headingLineEnd === -1 || headingLineEnd >= end || !text.slice(headingLineEnd, end).trim();
		// A heading with nothing under it but a deeper heading goes into that subsection.
		if (isEmpty && next && next.level > heading.level) continue;
		const headingPath = path.filter(Boolean).join(" > ");
		sections.push({ text, start, end, location: { type: "heading", path: headingPath } });
		start = undefined;
	}
	return sections;
}

/** The chunks of a section, as [start, end) offsets into its text. */
function packSection(
	section: Section,
	size: number,
	overlap: number,
	fenced: boolean,
): Array<[number, number]> {
	const units = unitsOf(section.text, section.start, section.end, size, fenced);
	const ranges: Array<[number, number]> = [];
	let chunkStart: number | undefined;
	let chunkEnd = 0;
	for (const unit of units) {
		if (chunkStart === undefined) {
			chunkStart = unit.start;
		} else if (unit.end - chunkStart > size) {
			ranges.push([chunkStart, chunkEnd]);
			chunkStart = overlapStart(section.text, chunkStart, chunkEnd, unit, overlap, size);
		}
		chunkEnd = unit.end;
	}
	if (chunkStart !== undefined) ranges.push([chunkStart, chunkEnd]);
	return ranges;
}

/** Paragraphs that fit; sentences of those that do not; words of sentences that do not. */
function unitsOf(text: string, start: number, end: number, size: number, fenced: boolean): Unit[] {
	const units: Unit[] = [];
	for (const paragraph of paragraphsOf(text, start, end, fenced)) {
		if (paragraph.end - paragraph.start <= size) {
			units.push(paragraph);
			continue;
		}
		for (const sentence of spansBetween(text, paragraph.start, paragraph.end, sentenceEnd)) {
			if (sentence.end - sentence.start <= size) {
				units.push(sentence);
				continue;
			}
			for (const word of spansBetween(text, sentence.start, sentence.end, wordStart)) {
				for (let cut = word.start; cut < word.end; ) {
					let next = Math.min(cut + size, word.end);
					// Never cut between the two halves of a surrogate pair.
					if (next < word.end && /[\uD800-\uDBFF]/.test(text.charAt(next - 1))) next -= 1;
					units.push({ start: cut, end: next });
					cut = next;
				}
			}
		}
	}
	return units;
}

/** The paragraphs of text[start, end); when `fenced`, a code fence is one paragraph. */
function paragraphsOf(text: string, start: number, end: number, fenced: boolean): Unit[] {
	const paragraphs = spansBetween(text, start, end, paragraphBreak);
	if (!fenced) return paragraphs;
	const joined: Unit[] = [];
	let fence: string | undefined;
	for (const paragraph of paragraphs) {
		const open = joined.at(-1);
		if (fence !== undefined && open) open.end = paragraph.end;
		else joined.push({ ...paragraph });
		for (const line of text.slice(paragraph.start, paragraph.end).split("\n")) {
			fence = fenceAfter(line, fence);
		}
	}
	return joined;
}

/** The non-blank spans of text[start, end) between matches of `separator`, trimmed. */
function spansBetween(text: string, start: number, end: number, separator: RegExp): Unit[] {
	const spans: Unit[] = [];
	const pushTrimmed = (from: number, to: number) => {
		while (from < to && /\s/.test(text.charAt(from))) from += 1;
		while (to > from && /\s/.test(text.charAt(to - 1))) to -= 1;
		if (to > from) spans.push({ start: from, end: to });
	};
	const matcher = new RegExp(separator.source, separator.flags);
	matcher.lastIndex = start;
	let from = start;
	for (let match = matcher.exec(text); match && match.index < end; match = matcher.exec(text)) {
		const separatorEnd = Math.min(match.index + match[0].length, end);
		// A sentence-ending separator keeps its punctuation with the sentence before it.
		const cut =
			match.index + (match[0].search(/\s/) === -1 ? match[0].length : match[0].search(/\s/));
		pushTrimmed(from, Math.min(cut, end));
		from = separatorEnd;
		if (match[0].length === 0) matcher.lastIndex += 1;
	}
	pushTrimmed(from, end);
	return spans;
}

/**
 * Where the chunk after [chunkStart, chunkEnd) starts: the earliest sentence start (else
 * line start, else word start) that repeats at most `overlap` characters and leaves room
 * for `next`.
 */
function overlapStart(
	text: string,
	chunkStart: number,
	chunkEnd: number,
	next: Unit,
	overlap: number,
	size: number,
): number {
	const from = Math.max(chunkStart + 1, chunkEnd - overlap, next.end - size);
	if (from >= chunkEnd) return next.start;
	for (const boundary of [sentenceStart, lineStart, wordStart]) {
		const matcher = new RegExp(boundary.source, boundary.flags);
		matcher.lastIndex = Math.max(chunkStart, from - 8);
		for (let match = matcher.exec(text); match; match = matcher.exec(text)) {
			const start = match.index + match[0].length;
			if (start >= chunkEnd) break;
			if (start >= from) return start;
		}
	}
	return next.start;
}

function findLineStarts(text: string): number[] {
	const starts = [0];
	for (let index = text.indexOf("\n"); index !== -1; index = text.indexOf("\n", index + 1))
		starts.push(index + 1);
	return starts;
}

/** The 1-based line of `offset`, by binary search over the line starts. */
function lineOf(lineStarts: readonly number[], offset: number): number {
	let low = 0;
	let high = lineStarts.length - 1;
	while (low < high) {
		const middle = (low + high + 1) >> 1;
		if ((lineStarts[middle] ?? 0) <= offset) low = middle;
		else high = middle - 1;
	}
	return low + 1;
}
