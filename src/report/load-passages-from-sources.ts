import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { basename, extname, resolve } from "node:path";
import { pathInside } from "../path-inside.ts";
import { findHeadings } from "../sources/markdown-headings.ts";
import type { ListedSource } from "./parse-source-list.ts";

/** The passages read for a report's sources, and the sources that could not be read. */
export interface LoadedPassages {
	/** Source number → its text (one passage per source). */
	passages: Map<number, string[]>;
	/** Sources without a passage, with why: a web page, a missing file, an unknown location. */
	skipped: SkippedSource[];
}

/** A source `loadPassagesFromSources` did not read. */
export interface SkippedSource {
	number: number;
	target: string | undefined;
	reason: string;
}

/** A source file's text, and a PDF's pages. */
export interface SourceText {
	text: string;
	/** A PDF's pages, for `p. 3` locations. */
	pages?: readonly string[];
}

/**
 * Reads the local files a report's Sources list points at, inside `folder`, so support can
 * be measured for a report citing them (`crewkit eval --sources DIR`). A file's path is
 * taken relative to `folder`, or to its parent when only that exists (`docs/guide.md` with
 * `--sources ./docs`); paths leading outside `folder` are not read.
 * Markdown and text files are read as they are, HTML and PDF through `readDocument`.
 * The location narrows the text: `lines 3–12` (or `line 3`, `L3-L12`) keeps those lines,
 * `p. 4` (or `pp. 4–5`) those PDF pages, and a heading (`Guide > Setup`, `#setup`) the
 * section under the last heading named; an unknown or missing location keeps the whole file.
 * Web sources are skipped: fetching pages again would measure today's page, not the one read.
 */
export async function loadPassagesFromSources(
	folder: string,
	sources: readonly ListedSource[],
): Promise<LoadedPassages> {
	const root = resolve(folder);
	const passages = new Map<number, string[]>();
	const skipped: SkippedSource[] = [];
	const files = new Map<string, Promise<SourceText | string>>();
	for (const source of sources) {
		const skip = (reason: string) =>
			skipped.push({ number: source.number, target: source.target, reason });
		if (!source.file) {
			skip(source.target ? "a web page: only local files are read" : "no URL or file given");
			continue;
		}
		const path = resolveInside(root, source.file.path);
		if (!path) {
			skip(`outside ${folder}`);
			continue;
		}
		let read = files.get(path);
		if (!read) {
			read = readSourceFile(path);
			files.set(path, read);
		}
		const file = await read;
		if (typeof file === "string") {
			skip(file);
			continue;
		}
		const text = selectLocation(file, source.file.location).trim();
		if (text === "") skip(`nothing at ${source.file.location ?? "the file"}`);
		else passages.set(source.number, [...(passages.get(source.number) ?? []), text]);
	}
	return { passages, skipped };
}

/** The text at a location of a file; the whole text when the location is absent or not found. */
export function selectLocation(file: SourceText, location: string | undefined): string {
	if (!location) return file.text;
	const lines = /^(?:lines?|ll?\.|L)\s*(\d+)(?:\s*(?:[-–—]|to)\s*L?(\d+))?$/i.exec(location.trim());
	if (lines) {
		const first = Number(lines[1]);
		const last = Number(lines[2] ?? lines[1]);
		return file.text
			.split(/\r?\n/)
			.slice(first - 1, last)
			.join("\n");
	}
	const pages = /^(?:p|pp|pages?)\.?\s*(\d+)(?:\s*[-–—]\s*(\d+))?$/i.exec(location.trim());
	if (pages && file.pages) {
		return file.pages.slice(Number(pages[1]) - 1, Number(pages[2] ?? pages[1])).join("\n\n");
	}
	return headingSection(file.text, location) ?? file.text;
}

/** The text under the heading a location names ("Guide > Setup", "#setup"), to the next heading of its level. */
function headingSection(text: string, location: string): string | undefined {
	const name = slug(location.split(/>|#/).at(-1) ?? "");
	if (name === "") return undefined;
	const headings = findHeadings(text);
	const index = headings.findIndex((heading) => slug(heading.text) === name);
	const heading = headings[index];
	if (!heading) return undefined;
	const next = headings.slice(index + 1).find((candidate) => candidate.level <= heading.level);
	return text.slice(heading.offset, next?.offset ?? text.length);
}

function slug(text: string): string {
	return text
		.trim()
		.toLowerCase()
		.replace(/[^\p{L}\p{N}]+/gu, "-")
		.replace(/^-|-$/g, "");
}

/**
 * The absolute path of a source file inside `root`: relative to `root`, else to its parent
 * (for paths starting with the folder's name), the first that exists; undefined when both
 * lead outside `root`.
 */
function resolveInside(root: string, path: string): string | undefined {
	const candidates = [resolve(root, path), resolve(root, "..", path)].filter(
		(candidate) => !!pathInside(root, candidate),
	);
	return candidates.find((candidate) => existsSync(candidate)) ?? candidates[0];
}

/** Reads a file's text, or says why it could not. */
async function readSourceFile(path: string): Promise<SourceText | string> {
	const extension = extname(path).toLowerCase();
	try {
		if (extension === ".html" || extension === ".htm" || extension === ".pdf") {
			const { readDocument } = await import("../sources/read-document.ts");
			const result = await readDocument(path);
			return result.type === "skipped" ? result.reason : result.document;
		}
		const content = await readFile(path);
		if (content.includes(0)) return `binary content in ${basename(path)}`;
		return { text: content.toString("utf8") };
	} catch (error) {
		const code = (error as { code?: string }).code;
		return code === "ENOENT" ? "file not found" : `cannot read: ${(error as Error).message}`;
	}
}
