import { type AddProblem, shorten } from "./report-problem.ts";
import type { MarkdownHeading, ScannedMarkdown } from "./scan-markdown.ts";

/** A part of a report: its heading (none for an introduction without one) and its text. */
export interface ReportPart {
	kind: "title" | "introduction" | "section" | "conclusion" | "sources";
	heading: MarkdownHeading | undefined;
	/** The trimmed text between the heading and the next part's heading. */
	body: string;
}

const introductionTitles = /^(introduction|overview|summary|executive summary|background)$/i;
const sourcesTitles = /^(sources|references)$/i;

/**
 * Splits a report into its title, introduction, sections, conclusion and sources, reporting
 * headings that fit none of them. Headings that are not parts (subheadings, misplaced ones)
 * stay in the text of the part they are in, so paragraphs after the last section without a
 * heading of their own belong to that section.
 */
export function findReportParts(
	scanned: ScannedMarkdown,
	titleHeading: MarkdownHeading | undefined,
	addProblem: AddProblem,
): ReportPart[] {
	const sectionHeadings = findSectionHeadings(scanned.headings, titleHeading, addProblem);
	const parts: ReportPart[] = titleHeading
		? [{ kind: "title", heading: titleHeading, body: "" }]
		: [];
	parts.push({ kind: "introduction", heading: undefined, body: "" });
	const firstSection = sectionHeadings[0]?.line ?? Number.POSITIVE_INFINITY;
	const lastSection = sectionHeadings.at(-1)?.line ?? Number.POSITIVE_INFINITY;
	const sections = new Set(sectionHeadings);
	let sources: MarkdownHeading | undefined;
	let conclusion: MarkdownHeading | undefined;
	for (const heading of scanned.headings) {
		const quoted = `'${"#".repeat(heading.level)} ${shorten(heading.text)}'`;
		if (heading === titleHeading) continue;
		if (sections.has(heading)) {
			parts.push({ kind: "section", heading, body: "" });
		} else if (heading.level === 1) {
			addProblem(
				heading.line,
				`Second title ${quoted}: a report has one '# Title'; sections are written '## N. Title'.`,
			);
		} else if (isSources(heading)) {
			if (sources) {
				addProblem(
					heading.line,
					`Second ${quoted} heading (the first is at line ${sources.line}): list all sources under one.`,
				);
				continue;
			}
			if (heading.line < lastSection && sectionHeadings.length > 0) {
				addProblem(
					heading.line,
					`${quoted} comes before the last section: the sources list must come last.`,
				);
			}
			sources = heading;
			parts.push({ kind: "sources", heading, body: "" });
		} else if (heading.level !== 2 || heading.number !== undefined) {
			// A subheading, or a number used twice (which the numbering check reports).
		} else if (heading.line > firstSection && heading.line < lastSection) {
			addProblem(
				heading.line,
				`Heading ${quoted} between sections has no number: number it as a section ('## N. ${shorten(heading.title)}') or make it a '###' subheading.`,
			);
		} else if (heading.line < firstSection) {
			if (introductionTitles.test(heading.title)) {
				parts.push({ kind: "introduction", heading, body: "" });
			} else {
				addProblem(
					heading.line,
					`Heading ${quoted} comes before section 1 and has no number: number it as a section or make it plain introduction text.`,
				);
			}
		} else if (sources) {
			addProblem(
				heading.line,
				`Heading ${quoted} comes after '## ${sources.text}' (line ${sources.line}): the sources list must come last.`,
			);
		} else if (conclusion) {
			addProblem(
				heading.line,
				`Second heading ${quoted} after the last section (the conclusion starts at line ${conclusion.line}): a report ends with one conclusion and optionally '## Sources'.`,
			);
		} else {
			conclusion = heading;
			parts.push({ kind: "conclusion", heading, body: "" });
		}
	}
	fillBodies(parts, scanned.lines);
	return parts;
}

/** `## Sources` or `## References`, numbered or not. */
function isSources(heading: MarkdownHeading): boolean {
	return heading.level === 2 && sourcesTitles.test(heading.title);
}

/**
 * The headings that are sections, in order: numbered `##` headings, and numbered headings
 * of another level that stand where a section is missing (`### 3.` between `## 2.` and
 * `## 4.`). Numbered `###` headings that are not missing sections are subheadings.
 */
function findSectionHeadings(
	headings: MarkdownHeading[],
	titleHeading: MarkdownHeading | undefined,
	addProblem: AddProblem,
): MarkdownHeading[] {
	const levelTwoNumbers = new Set(
		headings.filter((heading) => heading.level === 2).map((heading) => heading.number),
	);
	const sections: MarkdownHeading[] = [];
	let last = 0;
	for (const heading of headings) {
		if (heading.number === undefined || heading === titleHeading || isSources(heading)) continue;
		const standsForMissing = heading.number === last + 1 && !levelTwoNumbers.has(heading.number);
		if (heading.level !== 2 && !standsForMissing) continue;
		sections.push(heading);
		last = heading.number;
		const wanted = `'## ${heading.number}. ${shorten(heading.title) || "Title"}'`;
		if (heading.level !== 2) {
			addProblem(
				heading.line,
				`Section ${heading.number} is a level-${heading.level} heading '${"#".repeat(heading.level)} ${shorten(heading.text)}': sections are written ${wanted}.`,
			);
		} else if (!heading.dotted && heading.title !== "") {
			addProblem(
				heading.line,
				`Section heading '## ${shorten(heading.text)}' is not numbered the expected way: write ${wanted}.`,
			);
		}
	}
	return sections;
}

/** Gives each part the text between its heading and the next part's heading. */
function fillBodies(parts: ReportPart[], lines: string[]): void {
	let end = lines.length;
	for (let index = parts.length - 1; index >= 0; index--) {
		const part = parts[index] as ReportPart;
		const start = part.heading?.line ?? parts[index - 1]?.heading?.line ?? 0;
		part.body = lines.slice(start, end).join("\n").trim();
		if (part.heading) end = part.heading.line - 1;
	}
}
