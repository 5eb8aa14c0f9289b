import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { defineTool } from "crewkit";
import { z } from "zod";

/** Options of the `search_notes` tool. */
export interface SearchNotesOptions {
	/** The folder of markdown notes to search. */
	folder: string;
	/** How many paragraphs one search returns at most. Default 5. */
	maxResults?: number;
}

/**
 * A custom tool: searches the team's markdown notes and returns the paragraphs that
 * mention the query's words, best matches first, each with the note it comes from. The
 * zod schema is what the model sees (as JSON Schema) and what its arguments are checked
 * against before `execute` runs.
 */
export function createSearchNotesTool(options: SearchNotesOptions) {
	return defineTool({
		name: "search_notes",
		description:
			"Searches the team's notes. Returns the paragraphs that mention the query's words, each starting with its note's file name in brackets.",
		parameters: z.object({
			query: z.string().min(1).describe("words to look for, e.g. 'launch date'"),
		}),
		async execute({ query }) {
			const words = query
				.toLowerCase()
				.split(/\W+/)
				.filter((word) => word.length >= 3);
			const matches: Array<{ score: number; text: string }> = [];
			for (const file of (await readdir(options.folder)).sort()) {
				if (!file.endsWith(".md")) continue;
				const text = await readFile(join(options.folder, file), "utf8");
				for (const paragraph of text.split(/\n\s*\n/).map((part) => part.trim())) {
					if (!paragraph || paragraph.startsWith("#")) continue;
					const lower = paragraph.toLowerCase();
					const score = words.filter((word) => lower.includes(word)).length;
					if (score > 0) matches.push({ score, text: `[${file}] ${paragraph}` });
				}
			}
			if (matches.length === 0) return `No note mentions '${query}'. Try other words.`;
			return matches
				.sort((a, b) => b.score - a.score)
				.slice(0, options.maxResults ?? 5)
				.map((match) => match.text)
				.join("\n\n");
		},
	});
}
