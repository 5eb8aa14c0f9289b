import type { CrewEvent } from "../events.ts";
import { pendingQuestions } from "../human/human-history.ts";

/** One run of a flow step as `crewkit show` lists it. */
export interface StepRun {
	step: string;
	occurrence: number;
	status: "running" | "completed" | "restored" | "failed";
	label?: string | undefined;
	error?: string | undefined;
}

/** The step runs of a flow run, in the order they started (empty for crew runs). */
export function stepRuns(events: readonly CrewEvent[]): StepRun[] {
	const runs = new Map<string, StepRun>();
	for (const event of events) {
		if (
			event.type !== "step-start" &&
			event.type !== "step-end" &&
			event.type !== "step-restore" &&
			event.type !== "step-error"
		)
			continue;
		const key = `${event.step}#${event.occurrence}`;
		const run = runs.get(key) ?? {
			step: event.step,
			occurrence: event.occurrence,
			status: "running",
		};
		if (event.type === "step-end") Object.assign(run, { status: "completed", label: event.label });
		if (event.type === "step-restore")
			Object.assign(run, { status: "restored", label: event.label });
		if (event.type === "step-error") Object.assign(run, { status: "failed", error: event.error });
		runs.set(key, run);
	}
	return [...runs.values()];
}

/** The lines `crewkit show` adds for a flow run: steps, the last state, open questions. */
export function flowRunLines(events: readonly CrewEvent[]): string[] {
	const steps = stepRuns(events);
	if (steps.length === 0 && !events.some((event) => event.type === "flow-start")) return [];
	const lines = ["steps:"];
	for (const run of steps) {
		const suffix = run.label ? ` → ${run.label}` : run.error ? `: ${run.error}` : "";
		lines.push(
			`  ◆ ${run.step}${run.occurrence > 1 ? ` #${run.occurrence}` : ""} · ${run.status}${suffix}`,
		);
	}
	const state = events.findLast(
		(event) => event.type === "step-end" || event.type === "flow-start",
	);
	if (state && "state" in state) lines.push(`state: ${JSON.stringify(state.state)}`);
	for (const question of pendingQuestions(events)) {
		lines.push(`waiting for an answer (${question.key}): ${question.prompt}`);
	}
	lines.push("");
	return lines;
}
