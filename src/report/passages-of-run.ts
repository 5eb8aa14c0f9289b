import { checkReport } from "./check-report.ts";
import { parseSourceList } from "./parse-source-list.ts";

/**
 * The passages behind a research run's report, by the number its Sources list gives each:
 * the research task's snapshot keeps every source read and its passages; they are matched
 * to the listed sources by title.
 */
export function passagesOfRun(
	values: unknown[],
	markdown: string,
): Map<number, string[]> | undefined {
	const snapshot = values.find(
		(
			value,
		): value is {
			sources: Array<{ id: number; title: string }>;
			passages: Array<{ sourceId: number; text: string }>;
		} =>
			typeof value === "object" &&
			value !== null &&
			Array.isArray((value as { sources?: unknown }).sources) &&
			Array.isArray((value as { passages?: unknown }).passages),
	);
	if (!snapshot) return undefined;
	const listed = parseSourceList(checkReport(markdown).sources);
	const passages = new Map<number, string[]>();
	for (const entry of listed) {
		const source = snapshot.sources.find((candidate) => candidate.title === entry.title);
		if (!source) continue;
		passages.set(
			entry.number,
			snapshot.passages
				.filter((passage) => passage.sourceId === source.id)
				.map((passage) => passage.text),
		);
	}
	return passages;
}
