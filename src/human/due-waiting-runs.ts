import type { RunStore } from "../store/run-store.ts";
import { pendingQuestions } from "./human-history.ts";

/**
 * Waiting runs with a question whose deadline has passed and which declares a default:
 * resumed, they take the default answer and go on.
 */
export function dueWaitingRuns(store: RunStore, now = Date.now()): string[] {
	return store
		.listRuns({ status: "waiting", limit: 500 })
		.filter((run) =>
			pendingQuestions(store.events(run.id).map((item) => item.event)).some(
				(question) =>
					question.hasDefault && question.deadline !== undefined && question.deadline <= now,
			),
		)
		.map((run) => run.id);
}
