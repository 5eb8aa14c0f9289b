import { isRunDefinition } from "../service/run-definition.ts";
import { displayStatus } from "../store/run-status.ts";
import type { RunRecord } from "../store/run-store.ts";
import type { Usage } from "../usage.ts";

/**
 * A run's status as clients see it: the store's status, `interrupted` for a running run
 * whose process is gone, `queued` for a run accepted but not yet started.
 */
export type RunDisplayStatus =
	| "queued"
	| "running"
	| "completed"
	| "ungrounded"
	| "failed"
	| "cancelled"
	| "interrupted"
	/** Stopped until a person answers (see /api/runs/:id/questions). */
	| "waiting";

/** A run as lists show it: no definition, no outputs. */
export interface RunSummary {
	id: string;
	crew: string;
	status: RunDisplayStatus;
	inputs: Record<string, unknown>;
	/** The model string the run was started with, when it was started from a definition. */
	model: string | undefined;
	createdAt: number;
	endedAt: number | undefined;
	/** Until the end, or until now for a running run. */
	durationMs: number;
	usage: Usage;
	error: string | undefined;
	parentRun: string | undefined;
}

/** Summarizes a stored run; `now` is for the duration of running runs. */
export function summarizeRun(run: RunRecord, now = Date.now()): RunSummary {
	const status = displayStatus(run) as RunDisplayStatus;
	const end = run.endedAt ?? (status === "running" ? now : run.updatedAt);
	return {
		id: run.id,
		crew: run.crew,
		status,
		inputs: run.inputs,
		model: isRunDefinition(run.definition) ? run.definition.model : undefined,
		createdAt: run.createdAt,
		endedAt: run.endedAt,
		durationMs: Math.max(0, end - run.createdAt),
		usage: run.usage,
		error: run.error,
		parentRun: run.parentRun,
	};
}
