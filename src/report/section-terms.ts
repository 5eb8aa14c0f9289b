import { contentWords } from "./content-words.ts";
import type { ReportSection } from "./report-section.ts";

/** A section as the stems of its title's and text's content words, citations left out. */
export function sectionTerms(section: Pick<ReportSection, "title" | "body">): string[] {
	return contentWords(`${section.title}\n\n${section.body}`).map((word) => word.stem);
}
