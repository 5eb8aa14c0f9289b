import type { KickoffInputs } from "../crew/crew.ts";

/** A request to start a run, as the HTTP API and `crewkit enqueue` take it. */
export interface RunRequest {
	/** `research` (crewkit's research crew) or a crew folder inside the workspace. */
	crew: string;
	inputs: KickoffInputs;
	/** A model string; default: the launcher's default (the embedded model). */
	model?: string | undefined;
	/** A folder of local sources inside the workspace, for the research crew. */
	sources?: string | undefined;
}

/**
 * Starts and cancels runs. In-process by default; with Redis, a queue launcher hands runs
 * to workers. Both record into a run store, so status, events and reports read the same.
 */
export interface RunLauncher {
	/** Accepts a run and returns its id at once; the run goes on in the background. */
	start(request: RunRequest): Promise<{ runId: string }>;
	/**
	 * Continues a stored run (a waiting run once its answer is recorded); false when this
	 * launcher cannot (the run is already going, or was started from code).
	 */
	resume?(runId: string): Promise<boolean>;
	/**
	 * Records a person's answer to a waiting run and continues it (a launcher whose runs
	 * are recorded elsewhere, as on queue workers). Without it, the server records the
	 * answer in its store and calls `resume`.
	 */
	answer?(runId: string, answer: unknown, key?: string): Promise<{ key: string; answer: unknown }>;
	/** Cancels a run; false when it is not running here. */
	cancel(runId: string): Promise<boolean>;
	/** Stops accepting runs and waits for (or cancels) those in progress. */
	close(): Promise<void>;
}
