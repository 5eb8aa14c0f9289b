/**
 * The entries of a report's `## Sources` list. crewkit writes them
 * `1. Title — URL or path:location — accessed YYYY-MM-DD`; other common shapes are read too:
 * `[1] Title. URL`, `1. [Title](url)`, `1) Title, path (lines 3–12)`, `- [1] Title <url>`,
 * `[^1]: Title`. Lines that do not start an entry continue the entry before them. A list of
 * bullets without any number is numbered in order.
 */

/** A local file a source points at, with where in it when given. */
export interface SourceFile {
	/** The path as written, without a `file:` prefix: "docs/guide.md". */
	path: string;
	/** Where in the file, as written: "lines 3–12", "p. 4", "Guide > Setup". */
	location?: string;
}

/** One entry of the Sources list. */
export interface ListedSource {
	/** The number citations use: `[number]`. */
	number: number;
	/** The title; the target itself when the entry gives nothing else. */
	title: string;
	/** The URL, or the file path with its location ("docs/guide.md:lines 3–12"); absent when the entry gives neither. */
	target?: string;
	/** The file, when the target is one. */
	file?: SourceFile;
	/** The access date, "YYYY-MM-DD", when the entry gives one. */
	accessed?: string;
}

const numberedEntry =
	/^\s*(?:[-*+]\s+)?(?:\[\^?(\d{1,3})\]:?|\((\d{1,3})\)|(\d{1,3})[.):])(?:\s+|$)(.*)/;
const bulletEntry = /^\s*[-*+]\s(.*)/;
const accessedClause =
	/[\s,;.(—–|-]*\b(?:accessed|retrieved|visited|consulted)(?:\s+on)?:?\s*(\d{4}-\d{2}-\d{2})\)?[.;,]?/i;
const markdownLink = /\[([^\]]+)\]\(<?([^)\s>]+)>?(?:\s+"[^"]*")?\)/;
const bareUrl = /<?(https?:\/\/[^\s<>]+)>?/;
/** A path: no spaces, an extension; with a slash, or an extension readers keep sources in. */
const filePath =
	/(?:file:(?:\/\/)?)?([\\/]?(?:[\w.~-]+[\\/])*[\w.~-]*\w\.([A-Za-z][A-Za-z0-9]{0,7}))(?=$|[\s:#,()[\]]|\.\s|\.$)/;
const filePaths = new RegExp(filePath.source, "g");
const knownExtensions = new Set("md markdown txt html htm pdf json csv rst adoc".split(" "));
const separator = /\s[—–|]\s|\s-\s/;
const trimPunctuation = /^[\s.,;:—–|-]+|[\s,;:—–|([-]+$|(?<=\S)\.$/g;

/** An entry's number and its text, continuation lines joined. */
interface Entry {
	number: number;
	text: string;
}

/** Parses the text under a report's `## Sources` heading into its entries, in order. */
export function parseSourceList(sourcesText: string): ListedSource[] {
	const numbered: Entry[] = [];
	const bullets: Entry[] = [];
	let current: Entry | undefined;
	for (const line of sourcesText.split(/\r?\n/)) {
		const entry = numberedEntry.exec(line);
		const bullet = entry ? undefined : bulletEntry.exec(line);
		if (entry) {
			current = { number: Number(entry[1] ?? entry[2] ?? entry[3]), text: entry[4] ?? "" };
			numbered.push(current);
		} else if (bullet) {
			current = { number: bullets.length + 1, text: bullet[1] ?? "" };
			bullets.push(current);
		} else if (line.trim() === "") {
			// Entries may be separated by blank lines.
		} else if (current) {
			current.text += ` ${line.trim()}`;
		}
	}
	const entries = numbered.length > 0 ? numbered : bullets;
	return entries.map(({ number, text }) => parseEntry(number, text));
}

/** Splits `path:location`, `path#heading`, `path (lines 3–5)` or `path, p. 4` into its parts. */
export function parseFileTarget(target: string): SourceFile | undefined {
	const match = filePath.exec(target);
	if (!match?.[1] || match.index > 0 || !looksLikePath(match[1], match[2] ?? "")) return undefined;
	const path = match[1];
	const rest = target.slice(match[0].length).trim();
	// A period right after the path ends a sentence: what follows is not a location.
	if (rest.startsWith(".")) return { path };
	const location = withoutUnmatchedClose(rest.replace(/^[:#,([]\s*/, ""));
	return location === "" ? { path } : { path, location };
}

const bracketPairs = [
	["(", ")"],
	["[", "]"],
] as const;

/** `text` without a final `)` or `]` that closes a bracket opened before the path. */
function withoutUnmatchedClose(text: string): string {
	for (const [open, close] of bracketPairs) {
		if (text.endsWith(close) && text.split(open).length < text.split(close).length)
			return text.slice(0, -1).trim();
	}
	return text;
}

function parseEntry(number: number, raw: string): ListedSource {
	let text = raw.trim();
	let accessed: string | undefined;
	const accessedMatch = accessedClause.exec(text);
	if (accessedMatch) {
		accessed = accessedMatch[1];
		text =
			text.slice(0, accessedMatch.index) +
			text.slice(accessedMatch.index + accessedMatch[0].length);
	}
	let title = "";
	let target: string | undefined;
	let file: SourceFile | undefined;
	const link = markdownLink.exec(text);
	const url = link ? undefined : bareUrl.exec(text);
	if (link) {
		target = link[2];
		file = parseFileTarget(target ?? "");
		title = looksLikeTarget(link[1] ?? "") ? "" : (link[1] ?? "");
		if (title === "") title = firstPart(text.replace(link[0], " "));
	} else if (url?.[1]) {
		target = url[1].replace(/[.,;:]+$/, "");
		title = firstPart(text.slice(0, url.index)) || firstPart(text.slice(url.index + url[0].length));
	} else {
		const found = findFile(text);
		if (found) {
			file = found.file;
			target = found.file.location ? `${found.file.path}:${found.file.location}` : found.file.path;
			title = firstPart(text.slice(0, found.start)) || firstPart(text.slice(found.end));
		} else {
			title = firstPart(text);
		}
	}
	const source: ListedSource = { number, title: cleanTitle(title) || target || "" };
	if (target !== undefined) source.target = target;
	if (file) source.file = file;
	if (accessed !== undefined) source.accessed = accessed;
	return source;
}

/** The first file path of an entry and its location: the rest of the part the path is in. */
function findFile(text: string): { file: SourceFile; start: number; end: number } | undefined {
	let offset = 0;
	for (const part of text.split(/(\s[—–|]\s)/)) {
		for (const match of part.matchAll(filePaths)) {
			const file = parseFileTarget(part.slice(match.index).replace(/[.;]$/, ""));
			if (file) return { file, start: offset + match.index, end: offset + part.length };
		}
		offset += part.length;
	}
	return undefined;
}

function looksLikePath(path: string, extension: string): boolean {
	return /[\\/]/.test(path) || knownExtensions.has(extension.toLowerCase());
}

function looksLikeTarget(text: string): boolean {
	const file = parseFileTarget(text.trim());
	return bareUrl.test(text) || file !== undefined;
}

function firstPart(text: string): string {
	for (const part of text.split(separator)) {
		const cleaned = part.replace(trimPunctuation, "");
		if (cleaned !== "") return cleaned;
	}
	return "";
}

function cleanTitle(title: string): string {
	return title
		.trim()
		.replace(/^(\*\*|__|\*|_)(.+)\1$/, "$2")
		.replace(/^["“'‘](.+)["”'’]$/, "$1")
		.replace(trimPunctuation, "")
		.trim();
}
