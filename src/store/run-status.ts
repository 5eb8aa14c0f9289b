import type { RunRecord } from "./run-store.ts";

/** A 'running' run whose process is gone was interrupted. */
export function displayStatus(run: RunRecord): string {
	if (run.status !== "running" || run.pid === undefined) return run.status;
	try {
		process.kill(run.pid, 0);
		return "running";
	} catch {
		return "interrupted";
	}
}
