import { checkSectionNumbers } from "./check-section-numbers.ts";
import { findReportParts, type ReportPart } from "./find-report-parts.ts";
import { type ReportProblem, shorten } from "./report-problem.ts";
import type { ReportSection } from "./report-section.ts";
import { scanMarkdown } from "./scan-markdown.ts";

export type { ReportProblem } from "./report-problem.ts";
export type { ReportSection } from "./report-section.ts";

/** What `checkReport` found: the problems and the report's parts. */
export interface ReportCheck {
	ok: boolean;
	problems: ReportProblem[];
	title: string | undefined;
	sections: ReportSection[];
	/** The text between the title and the first section. */
	introduction: string;
	/** The text under an unnumbered `##` heading after the last section; "" when there is none. */
	conclusion: string;
	/** The text under a final `## Sources` (or `## References`) heading; "" when there is none. */
	sources: string;
}

/** Options of `checkReport`. */
export interface CheckReportOptions {
	/** How many numbered sections the report must have; 10 by default. */
	sections?: number;
}

/**
 * Checks a report's structure: one `# Title` on the first line, an optional introduction,
 * `## 1. Title` … `## N. Title` sections numbered in order and none empty, an optional
 * conclusion under an unnumbered `##` heading after the last section, an optional final
 * `## Sources` list, and no code fences. Paragraphs after the last section without a heading
 * of their own belong to that section (the reference reports end that way).
 */
export function checkReport(markdown: string, options: CheckReportOptions = {}): ReportCheck {
	const expected = options.sections ?? 10;
	const scanned = scanMarkdown(markdown);
	const problems: ReportProblem[] = [];
	const addProblem = (line: number, message: string) => problems.push({ line, message });

	for (const fence of scanned.fences) {
		addProblem(
			fence.line,
			`Code fence at line ${fence.line}: the report must be plain markdown, without ${fence.marker.slice(0, 3)} blocks` +
				(fence.closed
					? "."
					: " (this one is never closed, so the rest of the report is inside it)."),
		);
	}
	for (const { line, text } of scanned.malformedHeadings) {
		addProblem(line, `Line ${line} '${shorten(text)}' is not a heading: put a space after the #.`);
	}

	const firstTextLine = scanned.lines.findIndex((text) => text.trim() !== "") + 1;
	// The title is the first line's `#` heading even when it starts with a number ("# 10 Trends").
	const firstHeading = scanned.headings[0];
	const titleHeading =
		firstHeading?.level === 1 && firstHeading.line === firstTextLine
			? firstHeading
			: scanned.headings.find((heading) => heading.level === 1 && heading.number === undefined);
	if (firstTextLine === 0) {
		addProblem(
			1,
			`The report is empty: expected a '# Title' line and ${expected} sections '## 1. Title' to '## ${expected}. Title'.`,
		);
	} else if (!titleHeading) {
		addProblem(
			firstTextLine,
			`Missing title: the report must start with a '# Title' line, found '${shorten(scanned.lines[firstTextLine - 1] ?? "")}'.`,
		);
	} else if (titleHeading.line !== firstTextLine) {
		addProblem(
			firstTextLine,
			`The title must come first: text at line ${firstTextLine} comes before '# ${shorten(titleHeading.text)}' at line ${titleHeading.line}.`,
		);
	}
	if (titleHeading && titleHeading.text === "")
		addProblem(titleHeading.line, "The title is empty: write it after the '# '.");

	const parts = findReportParts(scanned, titleHeading, addProblem);
	const sections: ReportSection[] = [];
	for (const { kind, heading, body } of parts) {
		if (kind !== "section" || !heading) continue;
		sections.push({ number: heading.number ?? 0, title: heading.title, line: heading.line, body });
	}
	checkSectionNumbers(sections, expected, addProblem);
	for (const section of sections) {
		if (section.title === "")
			addProblem(
				section.line,
				`Section ${section.number} has no title: write '## ${section.number}. Title'.`,
			);
		if (section.body === "")
			addProblem(
				section.line,
				`Section ${section.number} '${shorten(section.title)}' is empty: write its text under the heading.`,
			);
	}
	for (const part of parts) {
		if (part.body !== "" || !part.heading) continue;
		if (part.kind === "conclusion")
			addProblem(
				part.heading.line,
				`The conclusion '## ${shorten(part.heading.text)}' is empty: write it or remove the heading.`,
			);
		if (part.kind === "sources")
			addProblem(
				part.heading.line,
				`'## ${part.heading.text}' is empty: list the sources as '1. …' or remove the heading.`,
			);
	}

	const textOf = (kind: ReportPart["kind"]) =>
		parts
			.filter((part) => part.kind === kind)
			.map((part) => part.body)
			.filter(Boolean)
			.join("\n\n");
	problems.sort((a, b) => a.line - b.line);
	return {
		ok: problems.length === 0,
		problems,
		title: titleHeading?.text,
		sections,
		introduction: textOf("introduction"),
		conclusion: textOf("conclusion"),
		sources: textOf("sources"),
	};
}

/** One line per problem: "line 12: Code fence at line 12: …". */
export function formatReportProblems(check: ReportCheck): string {
	return check.problems.map((problem) => `line ${problem.line}: ${problem.message}`).join("\n");
}
