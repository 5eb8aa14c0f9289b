import type { RunRecord, StoredEvent } from "./run-store.ts";

/** A model call that never answered: its retries' reasons and the error it ended with. */
export interface FailedModelCall {
	task: string;
	agent: string;
	model: string;
	/** When it started (ms since the epoch). */
	at: number;
	attempts: number;
	/** Why each attempt failed, as the retries reported it. */
	reasons: string[];
	/** What ended it: the run's error, or that the process stopped. */
	error: string;
}

/**
 * The model calls of a finished run that started and never ended — read from its events,
 * so a run whose only call failed still shows that call in `log` and `show`.
 * A running run has none (its open call may still answer).
 */
export function failedModelCalls(
	run: Pick<RunRecord, "status" | "error">,
	events: readonly StoredEvent[],
	status: string = run.status,
): FailedModelCall[] {
	if (status === "running") return [];
	const open = new Map<string, FailedModelCall>();
	const failed: FailedModelCall[] = [];
	const error =
		status === "interrupted"
			? "the process stopped during this call"
			: (run.error ?? `the run ended ${status} before it answered`);
	for (const { event } of events) {
		if (!("task" in event) || !("agent" in event)) continue;
		const key = `${event.task}\u0000${event.agent}`;
		if (event.type === "model-start") {
			const earlier = open.get(key);
			if (earlier) failed.push({ ...earlier, error: "no answer was recorded" });
			open.set(key, {
				task: event.task,
				agent: event.agent,
				model: event.model,
				at: event.at,
				attempts: 1,
				reasons: [],
				error,
			});
		} else if (event.type === "model-retry") {
			const call = open.get(key);
			if (call) {
				call.attempts++;
				call.reasons.push(event.reason);
			}
		} else if (event.type === "model-end") {
			open.delete(key);
		}
	}
	return [...failed, ...open.values()].sort((a, b) => a.at - b.at);
}
