import type { TaskOutput } from "../crew/task.ts";
import type { CrewEvent } from "../events.ts";
import type { StoredEvent } from "../store/run-store.ts";

/** A step run that ended, kept so a resumed or replayed run does not run it again. */
export interface CompletedStep {
	output: unknown;
	label: string | undefined;
}

/** What a flow run restores from stored events: ended step runs and the state after them. */
export interface FlowRestore {
	fromRun: string;
	/** By `step#occurrence`. */
	completed: Map<string, CompletedStep>;
	/** The state after the last stored step (undefined: start from the inputs). */
	state: unknown;
	/**
	 * Tasks that ended in crews run inside steps that did not end (a step that waited for
	 * a person), by the crew's scope (`step#n/k`): a resumed step does not run them again.
	 */
	tasks: Map<string, TaskOutput[]>;
}

export const stepKey = (step: string, occurrence: number) => `${step}#${occurrence}`;

/**
 * The step runs that ended among a run's events, and the state after the last of them.
 * With `beforeStep`, only what ended before that step first started (replay from a step).
 */
export function flowRestoreFromEvents(
	fromRun: string,
	events: readonly StoredEvent[] | readonly CrewEvent[],
	beforeStep?: string,
): FlowRestore {
	const restore: FlowRestore = {
		fromRun,
		completed: new Map(),
		state: undefined,
		tasks: new Map(),
	};
	for (const item of events) {
		const event = "seq" in item && "event" in item ? item.event : (item as CrewEvent);
		if (beforeStep !== undefined && event.type === "step-start" && event.step === beforeStep) break;
		if (event.type === "flow-start") restore.state = event.state;
		// A replay runs its steps again from the start: only a resume restores their tasks.
		if (event.type === "task-end" && event.scope !== undefined && beforeStep === undefined)
			keepTask(restore.tasks, event.scope, event);
		if (event.type === "step-end" || event.type === "step-restore") {
			restore.completed.set(stepKey(event.step, event.occurrence), {
				output: event.output,
				label: event.label,
			});
			if (event.type === "step-end") restore.state = event.state;
		}
	}
	return restore;
}

/** A task's first end in its scope, as a crew's restore takes it. */
function keepTask(
	tasks: Map<string, TaskOutput[]>,
	scope: string,
	event: Extract<CrewEvent, { type: "task-end" }>,
): void {
	const list = tasks.get(scope) ?? [];
	tasks.set(scope, list);
	if (list.some((output) => output.task === event.task)) return;
	list.push({
		task: event.task,
		agent: event.agent,
		raw: event.output,
		value: event.value,
		usage: event.usage,
		calls: [],
		durationMs: event.durationMs,
	});
}
