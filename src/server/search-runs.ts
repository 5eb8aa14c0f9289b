import type { RunStore } from "../store/run-store.ts";
import { type RunDisplayStatus, type RunSummary, summarizeRun } from "./run-summary.ts";

/** How many recent runs a search looks through. */
export const searchDepth = 1_000;

/** What a client can ask of the run list. */
export interface RunQuery {
	limit: number;
	/** Words to find in the run's id, crew or inputs (case-insensitive, all must match). */
	q?: string | undefined;
	status?: Exclude<RunDisplayStatus, "queued"> | undefined;
	/** Only runs of this crew. */
	crew?: string | undefined;
	/** Only runs started at or after this time (ms since the epoch). */
	since?: number | undefined;
}

/**
 * Lists runs, newest first, filtered by status and search words. Searching reads the
 * `searchDepth` most recent runs of that status.
 */
export function searchRuns(store: RunStore, query: RunQuery): RunSummary[] {
	const words = (query.q ?? "").toLowerCase().split(/\s+/).filter(Boolean);
	const storeStatus = query.status === "interrupted" ? "running" : query.status;
	const needsFilter =
		words.length > 0 || query.status === "interrupted" || query.status === "running";
	const runs = store.listRuns({
		limit: needsFilter ? searchDepth : query.limit,
		...(storeStatus ? { status: storeStatus } : {}),
		...(query.crew ? { crew: query.crew } : {}),
		...(query.since === undefined ? {} : { since: query.since }),
	});
	const found: RunSummary[] = [];
	const now = Date.now();
	for (const run of runs) {
		if (words.length > 0) {
			const text = `${run.id} ${run.crew} ${JSON.stringify(run.inputs)}`.toLowerCase();
			if (!words.every((word) => text.includes(word))) continue;
		}
		const summary = summarizeRun(run, now);
		if (query.status && summary.status !== query.status) continue;
		found.push(summary);
		if (found.length >= query.limit) break;
	}
	return found;
}
