import type { Redis } from "ioredis";
import type { CrewEvent } from "../events.ts";
import { redactValue } from "../store/redact-secrets.ts";
import type { RunKeys } from "./redis-keys.ts";
import { appendRunEvent, type Fence } from "./run-scripts.ts";

/** Why an attempt may no longer write: another worker holds the job, or the run is done. */
export type LostReason = "lock-lost" | "already-done";

/** Where one attempt of a run sends its events. */
export interface RunEventSink {
	/** Takes an event from the engine; `run-end` is held back for `finishRunOnce`. */
	push(event: CrewEvent): void;
	/** The held `run-end`, once the engine emitted it. */
	readonly runEnd: Extract<CrewEvent, { type: "run-end" }> | undefined;
	/** Waits until every pushed event is in Redis (or refused). */
	flush(): Promise<void>;
	/** Set when Redis refused a write: this attempt must stop. */
	readonly lost: LostReason | undefined;
}

/**
 * Appends an attempt's events to the run's stream in order, without waiting on each: the
 * commands are pipelined on one connection, which keeps their order. The first refused
 * write (the lock is someone else's, or the run is done) calls `onLost`.
 */
export function createRunEventSink(options: {
	redis: Redis;
	keys: RunKeys;
	fence: Fence;
	redact: (text: string) => string;
	onLost: (reason: LostReason) => void;
}): RunEventSink {
	let last: Promise<unknown> = Promise.resolve();
	let lost: LostReason | undefined;
	let runEnd: Extract<CrewEvent, { type: "run-end" }> | undefined;
	let failure: unknown;
	const refuse = (reason: LostReason) => {
		if (lost) return;
		lost = reason;
		options.onLost(reason);
	};
	return {
		push(event) {
			if (event.type === "run-end") {
				runEnd = event;
				return;
			}
			if (lost) return;
			const json = JSON.stringify(redactValue(event, options.redact));
			const written = appendRunEvent(options.redis, options.keys, options.fence, json).then(
				(seq) => {
					if (seq === -1) refuse("lock-lost");
					else if (seq === -2) refuse("already-done");
				},
				(error: unknown) => {
					failure ??= error;
				},
			);
			last = Promise.all([last, written]);
		},
		get runEnd() {
			return runEnd;
		},
		get lost() {
			return lost;
		},
		async flush() {
			await last;
			if (failure) throw failure;
		},
	};
}
