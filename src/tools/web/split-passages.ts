/** A passage of a page: what the model quotes and the verifier checks a citation against. */
export interface PagePassage {
	text: string;
	/** The heading path the passage sits under (`Results > Method`), when there is one. */
	location?: string;
}

const headingLine = /^ {0,3}(#{1,6})[ \t]+(.+?)(?:[ \t]+#+)?[ \t]*$/;
const fenceLine = /^ {0,3}(```|~~~)/;

/**
 * Splits markdown into passages of at most `size` characters (default 800): a heading
 * starts a new passage, paragraphs are packed together up to the size, and a paragraph
 * longer than that is cut between sentences (or words, as a last resort). Code fences
 * are never split at their blank lines.
 */
export function splitPassages(markdown: string, size = 800): PagePassage[] {
	const passages: PagePassage[] = [];
	const path: Array<{ level: number; text: string }> = [];
	let current: string[] = [];
	let length = 0;
	const flush = () => {
		if (current.length) {
			const location = path.map((heading) => heading.text).join(" > ");
			passages.push({ text: current.join("\n\n"), ...(location ? { location } : {}) });
		}
		current = [];
		length = 0;
	};
	for (const block of blocksOf(markdown)) {
		const heading = headingLine.exec(block);
		if (heading?.[1] && heading[2] && !block.includes("\n")) {
			flush();
			const level = heading[1].length;
			while (path.length && (path.at(-1)?.level ?? 0) >= level) path.pop();
			path.push({ level, text: heading[2].trim() });
		}
		for (const piece of cut(block, size)) {
			if (length && length + 2 + piece.length > size) flush();
			current.push(piece);
			length += (length ? 2 : 0) + piece.length;
		}
	}
	flush();
	return passages;
}

/** The text of the first `#` heading of a markdown text, if any. */
export function findHeadingTitle(markdown: string): string | undefined {
	for (const block of blocksOf(markdown)) {
		const heading = headingLine.exec(block.split("\n")[0] ?? "");
		if (heading?.[1] === "#" && heading[2]) return heading[2].trim();
	}
	return undefined;
}

/** Paragraph-like blocks: split at blank lines outside code fences; heading lines alone. */
function blocksOf(markdown: string): string[] {
	const blocks: string[] = [];
	let lines: string[] = [];
	let fence: string | undefined;
	const end = () => {
		const text = lines.join("\n").trim();
		if (text) blocks.push(text);
		lines = [];
	};
	for (const line of markdown.replace(/\r\n?/g, "\n").split("\n")) {
		const marker = fenceLine.exec(line)?.[1];
		if (fence) {
			lines.push(line);
			if (marker === fence) fence = undefined;
		} else if (marker) {
			fence = marker;
			lines.push(line);
		} else if (!line.trim()) end();
		else if (headingLine.test(line)) {
			end();
			lines.push(line);
			end();
		} else lines.push(line);
	}
	end();
	return blocks;
}

/** Cuts a block into pieces of at most `size`: between sentences, else words, else anywhere. */
function cut(block: string, size: number): string[] {
	if (block.length <= size) return [block];
	const pieces: string[] = [];
	let rest = block;
	while (rest.length > size) {
		const window = rest.slice(0, size + 1);
		const at = lastBreak(window, /[.!?]["')\]]*\s+/g) ?? lastBreak(window, /\s+/g) ?? size;
		pieces.push(rest.slice(0, at).trim());
		rest = rest.slice(at).trimStart();
	}
	if (rest) pieces.push(rest);
	return pieces.filter(Boolean);
}

/** Offset just after the last match of `pattern` in `text` past its first quarter. */
function lastBreak(text: string, pattern: RegExp): number | undefined {
	let found: number | undefined;
	for (const match of text.matchAll(pattern)) {
		const end = match.index + match[0].length;
		if (end > text.length / 4 && end < text.length) found = end;
	}
	return found;
}
