import { type AddProblem, shorten } from "./report-problem.ts";
import type { MarkdownHeading, ScannedMarkdown } from "./scan-markdown.ts";

/** A part of a report: its heading (none for an introduction without one) and its text. */
export interface ReportPart {
	kind: "title" | "introduction" | "section" | "conclusion" | "sources";
	heading: MarkdownHeading | undefined;
	/** The trimmed text between the heading and the next part's heading. */
	body: string;
}

/** A part before its text is known. */
type PartStart = Omit<ReportPart, "body">;

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
	const parts: PartStart[] = titleHeading ? [{ kind: "title", heading: titleHeading }] : [];
	parts.push({ kind: "introduction", heading: undefined });
	const firstSection = sectionHeadings[0]?.line ?? Number.POSITIVE_INFINITY;
	const lastSection = sectionHeadings.at(-1)?.line ?? 0;
	const sections = new Set(sectionHeadings);
	let sources: MarkdownHeading | undefined;
	let conclusion: MarkdownHeading | undefined;
	for (const heading of scanned.headings) {
		const quoted = `'${"#".repeat(heading.level)} ${shorten(heading.text)}'`;
		if (heading === titleHeading) continue;
		if (sections.has(heading)) {
			parts.push({ kind: "section", heading });
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
			if (heading.line < lastSection) {
				addProblem(
					heading.line,
					`${quoted} comes before the last section: the sources list must come last.`,
				);
			}
			sources = heading;
			parts.push({ kind: "sources", heading });
		} else if (heading.level !== 2) {
			// A subheading (numbered `##` headings are all sections).
		} else if (heading.line > firstSection && heading.line < lastSection) {
			addProblem(
				heading.line,
				`Heading ${quoted} between sections has no number: number it as a section ('## N. ${shorten(heading.title)}') or make it a '###' subheading.`,
			);
		} else if (heading.line < firstSection) {
			if (introductionTitles.test(heading.title)) {
				parts.push({ kind: "introduction", heading });
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
			parts.push({ kind: "conclusion", heading });
		}
	}
	return withBodies(parts, scanned.lines, titleHeading?.line ?? 0);
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

/**
 * Gives each part the text between its heading and the next part's heading; an introduction
 * without a heading starts after the title.
 */
function withBodies(parts: PartStart[], lines: string[], titleLine: number): ReportPart[] {
	const starts = parts.map((part) => part.heading?.line ?? titleLine);
	return parts.map((part, index) => {
		const end = (starts[index + 1] ?? lines.length + 1) - 1;
		return { ...part, body: lines.slice(starts[index], end).join("\n").trim() };
	});
}
