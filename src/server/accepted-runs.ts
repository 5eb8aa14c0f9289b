import type { RunRequest } from "../service/run-launcher.ts";

/** A run the launcher accepted, remembered until the store has it. */
export interface AcceptedRun {
	runId: string;
	request: RunRequest;
	acceptedAt: number;
}

/**
 * Runs this server started, so that a run is known from the moment it is accepted, before
 * its process (or a queue's worker) records it in the store. Keeps the most recent `limit`.
 */
export function createAcceptedRuns(limit = 1_000) {
	const runs = new Map<string, AcceptedRun>();
	return {
		add(runId: string, request: RunRequest): void {
			runs.set(runId, { runId, request, acceptedAt: Date.now() });
			if (runs.size > limit) {
				const [oldest] = runs.keys();
				if (oldest !== undefined) runs.delete(oldest);
			}
		},
		get(runId: string): AcceptedRun | undefined {
			return runs.get(runId);
		},
	};
}

export type AcceptedRuns = ReturnType<typeof createAcceptedRuns>;
