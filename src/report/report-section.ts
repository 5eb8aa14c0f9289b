/** A numbered `## N. Title` section of a report. */
export interface ReportSection {
	number: number;
	title: string;
	/** The line of the section's heading. */
	line: number;
	/** The section's text, trimmed; trailing paragraphs of the last section included. */
	body: string;
}
