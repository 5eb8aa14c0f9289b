import { isRunDefinition } from "../service/run-definition.ts";
import type { RunStore } from "../store/run-store.ts";
import type { AcceptedRuns } from "./accepted-runs.ts";
import { ApiError, unknownRun } from "./api-error.ts";
import { summarizeRun } from "./run-summary.ts";

/**
 * The markdown report of a finished run (its final task's output), or the API error that
 * says why there is none yet.
 */
export function finalReport(
	store: RunStore,
	accepted: AcceptedRuns,
	runId: string,
): { status: string; task: string; markdown: string } {
	const run = store.getRun(runId);
	if (!run) {
		if (!accepted.get(runId)) throw unknownRun(runId);
		throw new ApiError(409, "report_not_ready", `Run '${runId}' has not started yet.`);
	}
	const { status, error } = summarizeRun(run);
	if (status === "running") {
		throw new ApiError(
			409,
			"report_not_ready",
			`Run '${runId}' is still running: its report is ready when it completes (follow it at /api/runs/${runId}/events).`,
		);
	}
	const tasks = store.completedTasks(runId);
	const finalTask = isRunDefinition(run.definition)
		? run.definition.spec.tasks.at(-1)?.name
		: undefined;
	const final = finalTask
		? tasks.find((task) => task.task === finalTask)
		: status === "completed"
			? tasks.at(-1)
			: undefined;
	if (!final) {
		throw new ApiError(
			404,
			"no_report",
			`Run '${runId}' is ${status}${error ? ` (${error})` : ""} and has no report.`,
		);
	}
	return { status, task: final.task, markdown: final.raw };
}
