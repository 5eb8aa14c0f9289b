import type { RunVerdict } from "../crew/crew.ts";
import type { TaskOutput } from "../crew/task.ts";
import type { GroundingSummary } from "../research/verify-report.ts";

/** The grounding summary the research crew's last task ends with, if it is one. */
export function groundingOf(tasks: readonly TaskOutput[]): GroundingSummary | undefined {
	const value = tasks.at(-1)?.value as Partial<GroundingSummary> | undefined;
	return typeof value?.grounded === "boolean" ? (value as GroundingSummary) : undefined;
}

/**
 * The research crew's verdict: a run whose report is not fully grounded ends `ungrounded`
 * with the reason verification gave, not `completed`.
 */
export function assessGrounding(tasks: readonly TaskOutput[]): RunVerdict | undefined {
	const grounding = groundingOf(tasks);
	if (!grounding || grounding.grounded) return undefined;
	return { status: "ungrounded", reason: grounding.reason ?? "the report is not fully grounded" };
}
