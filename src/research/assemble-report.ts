import { isAbsolute, relative } from "node:path";
import { findCitations } from "../report/parse-citations.ts";
import type { Source } from "../sources/source-registry.ts";

export interface ReportParts {
	title: string;
	introduction: string;
	sections: ReadonlyArray<{ title: string; body: string }>;
	conclusion: string;
	/** Every source gathered, by registry id. */
	sources: readonly Source[];
	/** A line shown under the title, e.g. that the report is not grounded. */
	notice?: string | undefined;
	/** Local file paths are shown relative to this folder. */
	workspace?: string | undefined;
	/**
	 * Sources the sections were written from but do not cite (an ungrounded report): listed
	 * after the cited ones, under a line that says so, so the reader sees what was read.
	 */
	uncitedRead?: readonly Source[] | undefined;
}

export interface AssembledReport {
	markdown: string;
	/** The sources listed, in report order: `cited[n - 1]` is `[n]`. */
	cited: Source[];
}

/**
 * Puts a report together: title, notice, introduction, `## N. Title` sections, conclusion
 * and a `## Sources` list built from the registry — so every `[n]` resolves and every listed
 * source is cited. Registry ids are renumbered 1, 2, … in order of first citation; citations
 * of ids the registry does not know are dropped.
 */
export function assembleReport(parts: ReportParts): AssembledReport {
	const byId = new Map(parts.sources.map((source) => [source.id, source]));
	const numberOf = new Map<number, number>();
	const cited: Source[] = [];
	const renumber = (text: string) =>
		rewriteCitations(text, (ids) => {
			const numbers: number[] = [];
			for (const id of ids) {
				const source = byId.get(id);
				if (!source) continue;
				if (!numberOf.has(id)) {
					cited.push(source);
					numberOf.set(id, cited.length);
				}
				const number = numberOf.get(id) as number;
				if (!numbers.includes(number)) numbers.push(number);
			}
			return numbers;
		});
	// Trimmed after renumbering: a dropped citation can leave a line break at either end.
	const cite = (text: string) => renumber(text).trim();
	const sections = parts.sections.map(
		(section, index) => `## ${index + 1}. ${oneLine(section.title)}\n\n${cite(section.body)}`,
	);
	const blocks = [
		`# ${oneLine(parts.title)}`,
		...(parts.notice ? [`> ${parts.notice}`] : []),
		cite(parts.introduction),
		...sections,
		cite(parts.conclusion),
	];
	const uncited = (parts.uncitedRead ?? []).filter((source) => !numberOf.has(source.id));
	if (cited.length || uncited.length) {
		const list = (sources: readonly Source[], from: number) =>
			sources
				.map((source, index) => `${from + index}. ${describeSource(source, parts.workspace)}`)
				.join("\n");
		const read = uncited.length
			? `${cited.length ? "\n\n" : ""}Read for this report but not cited in it:\n\n${list(uncited, cited.length + 1)}`
			: "";
		blocks.push(`## Sources\n\n${list(cited, 1)}${read}`);
	}
	return { markdown: `${blocks.filter((block) => block !== "").join("\n\n")}\n`, cited };
}

/** Replaces each citation group by `[a, b]` of the numbers `map` gives (removed when none). */
export function rewriteCitations(text: string, map: (ids: number[]) => number[]): string {
	let result = "";
	let last = 0;
	for (const group of findCitations(text)) {
		const numbers = map(group.numbers);
		const before = text.slice(last, group.index);
		result += numbers.length ? `${before}[${numbers.join(", ")}]` : before.replace(/[ \t]+$/, "");
		last = group.index + group.text.length;
	}
	return result + text.slice(last);
}

/** `Title — https://… — accessed 2026-11-23`, or `Title — docs/a.md (Setup) — accessed …`. */
export function describeSource(source: Source, workspace?: string): string {
	const where =
		source.origin.type === "web" ? source.origin.url : describeFile(source.origin, workspace);
	const published = source.published ? `, ${source.published}` : "";
	return `${oneLine(source.title)}${published} — ${where} — accessed ${source.accessed}`;
}

/**
 * A file's path and location. Only an absolute path is made relative to the workspace: a
 * relative one (as the sources tool registers it) already is, and `relative` would resolve
 * it against the process's folder.
 */
function describeFile(origin: { path: string; location?: string }, workspace?: string): string {
	const path =
		workspace && isAbsolute(origin.path)
			? relative(workspace, origin.path) || origin.path
			: origin.path;
	return origin.location ? `${path} (${oneLine(origin.location)})` : path;
}

const oneLine = (text: string) =>
	text
		.replace(/\s+/g, " ")
		.replace(/^#+\s*/, "")
		.trim();

/**
 * Removes what a section body must not contain: headings (a line of 1–6 `#` after at most
 * three spaces, then nothing or a blank and the heading's text), code fences, a trailing
 * sources list.
 */
export function cleanSectionBody(text: string): string {
	return text
		.replace(/^```[^\n]*\n?|^~~~[^\n]*\n?/gm, "")
		.replace(/^[ \t]{0,3}#{1,6}(?:[ \t].*)?$/gm, "")
		.replace(/\n\s*(?:sources|references)\s*:?\s*\n[\s\S]*/i, "")
		.replace(/\n{3,}/g, "\n\n")
		.trim();
}
