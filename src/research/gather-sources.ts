import type { TaskRunHelpers } from "../crew/task.ts";
import { CancelledError } from "../errors.ts";
import type { SourceRegistry } from "../sources/source-registry.ts";

/** How much the research step reads. */
export interface GatherLimits {
	/** Web pages read in full, at most (the best results of every query, in turn). */
	pages: number;
	/** Local passages taken per query from `--sources`. */
	localHits: number;
	/** Web results asked for per query. */
	webResults: number;
}

export const defaultGatherLimits: GatherLimits = { pages: 10, localHits: 8, webResults: 8 };

/** What was gathered: which queries ran, and how many pages were read in full. */
export interface GatherReport {
	queries: string[];
	pagesRead: number;
	failures: string[];
}

/**
 * Code, not the model, drives the research: every query goes to each source tool the
 * researcher has (`search_sources`, `web_search`); then the best web results of all
 * queries, taken in turn (first result of each query, then the second, …), are read with
 * `fetch_page` until `limits.pages` pages are read. The tools register every source and
 * passage; no page ever enters a prompt. A failing search or page is noted and skipped.
 */
export async function gatherSources(
	helpers: Pick<TaskRunHelpers, "useTool" | "signal">,
	registry: SourceRegistry,
	toolNames: readonly string[],
	queries: readonly string[],
	limits: GatherLimits = defaultGatherLimits,
): Promise<GatherReport> {
	const has = (name: string) => toolNames.includes(name);
	const failures: string[] = [];
	const attempt = async (name: string, input: unknown): Promise<boolean> => {
		try {
			await helpers.useTool(name, input);
			return true;
		} catch (error) {
			if (helpers.signal.aborted) throw new CancelledError("The run was cancelled.");
			failures.push(
				`${name} ${JSON.stringify(input)}: ${error instanceof Error ? error.message : String(error)}`,
			);
			return false;
		}
	};
	const resultsByQuery: string[][] = [];
	for (const query of queries) {
		if (has("search_sources")) await attempt("search_sources", { query, limit: limits.localHits });
		if (has("web_search")) {
			const before = new Set(registry.sources().map((source) => source.id));
			await attempt("web_search", { query, maxResults: limits.webResults });
			resultsByQuery.push(
				registry
					.sources()
					.flatMap((source) =>
						source.origin.type === "web" && !before.has(source.id) ? [source.origin.url] : [],
					),
			);
		}
	}
	// Each query's first result, then each one's second, …: sort is stable, so the queries keep
	// their order within a rank. Each list holds only pages new to the registry: no page is in two.
	const inTurn = resultsByQuery
		.flatMap((urls) => urls.map((url, rank) => ({ url, rank })))
		.sort((a, b) => a.rank - b.rank)
		.map((result) => result.url);
	let pagesRead = 0;
	if (has("fetch_page")) {
		for (const url of inTurn) {
			if (pagesRead >= limits.pages) break;
			if (await attempt("fetch_page", { url })) pagesRead++;
		}
	}
	return { queries: [...queries], pagesRead, failures };
}
