import { readFile } from "node:fs/promises";
import { ConfigError } from "../errors.ts";
import type { RunStore } from "../store/run-store.ts";
import { storedRun } from "../store/stored-run.ts";

/**
 * The report of a stored run: its last task's output (the file it wrote may have moved or
 * been edited; the store keeps what the run produced).
 * @throws ConfigError when the run has not finished its last task.
 */
export function runReportMarkdown(store: RunStore, runId: string): string {
	const run = storedRun(store, runId);
	const last = store.completedTasks(runId).at(-1);
	const definition = run.definition as { spec?: { tasks?: Array<{ name?: string }> } } | undefined;
	const finalTask = definition?.spec?.tasks?.at(-1)?.name;
	if (!last || (finalTask && last.task !== finalTask) || run.status === "failed") {
		throw new ConfigError(
			`Run '${runId}' has no report (status: ${run.status}). Export a finished run, or a report file: crewkit export report.md --format pdf`,
		);
	}
	return last.raw;
}

/** A report file's markdown, or why it cannot be read. */
export async function readReportFile(path: string): Promise<string> {
	try {
		return await readFile(path, "utf8");
	} catch (error) {
		throw new ConfigError(`Cannot read the report '${path}': ${(error as Error).message}`);
	}
}
