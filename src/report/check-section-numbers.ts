import { type AddProblem, shorten } from "./report-problem.ts";
import type { ReportSection } from "./report-section.ts";

const conclusionTitles = /^(conclusions?|summary|final thoughts|closing remarks)$/i;

/**
 * Checks that the sections are numbered 1 to `expected`, in order, each number once:
 * reports numbers used twice, numbers out of order, gaps (naming the sections around
 * them) and a count other than `expected`.
 */
export function checkSectionNumbers(
	sections: ReportSection[],
	expected: number,
	addProblem: AddProblem,
): void {
	const seen = new Map<number, ReportSection>();
	let previous: ReportSection | undefined;
	let highest = 0;
	for (const section of sections) {
		const first = seen.get(section.number);
		if (first) {
			addProblem(
				section.line,
				`Section number ${section.number} is used twice: ${describe(first)} at line ${first.line} and ${describe(section)} at line ${section.line}. Number the sections 1 to ${expected} in order.`,
			);
		} else if (previous && section.number < previous.number) {
			addProblem(
				section.line,
				`Section ${section.number} at line ${section.line} comes after section ${previous.number}: number the sections 1 to ${expected} in order.`,
			);
		}
		if (!first) seen.set(section.number, section);
		highest = Math.max(highest, section.number);
		previous = section;
	}
	for (let number = 1; number <= highest; number++) {
		if (seen.has(number)) continue;
		let last = number;
		while (!seen.has(last + 1)) last++;
		const before = seen.get(number - 1);
		const after = seen.get(last + 1) as ReportSection;
		const missing =
			last === number
				? `Section ${number} is missing`
				: `Sections ${number} to ${last} are missing`;
		addProblem(
			after.line,
			before
				? `${missing}: found ${describe(before)} followed by ${describe(after)}.`
				: `${missing}: the first section is ${describe(after)}.`,
		);
		number = last;
	}
	if (sections.length !== expected) {
		const last = sections.at(-1);
		const hint =
			sections.length > expected && last && conclusionTitles.test(last.title)
				? ` ${describe(last)} looks like the conclusion: remove its number.`
				: "";
		addProblem(
			last?.line ?? 1,
			`Expected ${expected} numbered sections, found ${sections.length}: the report must have sections '## 1. Title' to '## ${expected}. Title'.${hint}`,
		);
	}
}

function describe(section: ReportSection): string {
	return `'## ${section.number}. ${shorten(section.title)}'`;
}
