/** One thing wrong with a report's structure, at a 1-based line. */
export interface ReportProblem {
	line: number;
	/** What is wrong and what is expected instead. */
	message: string;
}

/** Records a problem; the checks of a report share one. */
export type AddProblem = (line: number, message: string) => void;

/** `text` cut to a length that fits in a one-line message. */
export function shorten(text: string): string {
	return text.length > 60 ? `${text.slice(0, 57)}…` : text;
}
