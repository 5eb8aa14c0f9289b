import { ConfigError } from "../errors.ts";
import type { RunRecord, RunStore } from "./run-store.ts";

/**
 * The run `runId` of the store.
 * @throws ConfigError when the store has no such run, saying how to list the runs.
 */
export function storedRun(store: Pick<RunStore, "getRun">, runId: string): RunRecord {
	const run = store.getRun(runId);
	if (!run)
		throw new ConfigError(`There is no run '${runId}' in the store. List runs with: crewkit runs`);
	return run;
}
