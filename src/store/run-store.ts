import type { TaskOutput } from "../crew/task.ts";
import type { CrewEvent } from "../events.ts";
import type { Usage } from "../usage.ts";

export type RunStatus = "running" | "completed" | "ungrounded" | "failed" | "cancelled";

/** A run as the store lists it. */
export interface RunRecord {
	id: string;
	crew: string;
	status: RunStatus;
	inputs: Record<string, unknown>;
	/** What is needed to run the crew again (for CLI runs: the YAML crew and options). */
	definition: unknown;
	createdAt: number;
	updatedAt: number;
	endedAt: number | undefined;
	/** Why it failed, or why it ended `ungrounded`. */
	error: string | undefined;
	usage: Usage;
	/** Process that runs it, to tell an interrupted run from a live one. */
	pid: number | undefined;
	/** The run this one resumed or replayed from. */
	parentRun: string | undefined;
}

export interface ModelCallRow {
	id: number;
	task: string;
	agent: string;
	model: string;
	prompt: unknown;
	response: unknown;
	usage: Usage;
	durationMs: number;
	finishReason: string;
	at: number;
	/** The context the call was sized for and the output reserved in it, when known. */
	window?: { contextSize: number; reservedOutputTokens: number };
}

export interface ToolCallRow {
	id: number;
	task: string;
	agent: string;
	toolCallId: string;
	toolName: string;
	input: unknown;
	output: unknown;
	isError: boolean;
	at: number;
}

/** Which runs `listRuns` gives, newest first. */
export interface ListRunsOptions {
	/** At most this many. Default 50. */
	limit?: number;
	status?: RunStatus;
	/** Only runs of this crew. */
	crew?: string;
	/** Only runs started at or after this time (ms since the epoch). */
	since?: number;
	/** Only runs whose id starts with this. */
	idPrefix?: string;
}

export interface StoredEvent {
	seq: number;
	event: CrewEvent;
}

/**
 * Where runs are kept: every run, task output, model call, tool call and event. The
 * default is SQLite (`openRunStore`); other stores implement this contract.
 */
export interface RunStore {
	/** Records a new run; its events then arrive through `record`. */
	createRun(run: {
		id: string;
		crew: string;
		inputs: Record<string, unknown>;
		definition: unknown;
		parentRun?: string | undefined;
	}): void;
	/**
	 * Records one event of a run, atomically with what it implies (task output, call rows),
	 * and returns its sequence number in the run (1, 2, 3, …).
	 */
	record(event: CrewEvent): number;
	getRun(id: string): RunRecord | undefined;
	listRuns(options?: ListRunsOptions): RunRecord[];
	/** Outputs of the run's completed tasks, in order, as a resume restores them. */
	completedTasks(runId: string): TaskOutput[];
	modelCalls(runId: string): ModelCallRow[];
	toolCalls(runId: string): ToolCallRow[];
	events(runId: string, afterSeq?: number): StoredEvent[];
	close(): void;
}
