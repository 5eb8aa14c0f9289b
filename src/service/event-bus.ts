import type { CrewEvent } from "../events.ts";

/** An event with its sequence number in its run (as the run store numbers it). */
export interface SequencedEvent {
	runId: string;
	seq: number;
	event: CrewEvent;
}

export type SequencedListener = (event: SequencedEvent) => void;

/**
 * Live events by run, for subscribers such as SSE streams. Missed events are read from
 * the run store by sequence number; the bus only carries what happens from now on.
 */
export interface EventBus {
	publish(event: SequencedEvent): void;
	/** Subscribes to one run's events (or every run's with `*`); returns the unsubscribe. */
	subscribe(runId: string, listener: SequencedListener): () => void;
}

export function createEventBus(): EventBus {
	const listeners = new Map<string, Set<SequencedListener>>();
	return {
		publish(event) {
			for (const key of [event.runId, "*"]) {
				for (const listener of listeners.get(key) ?? []) listener(event);
			}
		},
		subscribe(runId, listener) {
			let set = listeners.get(runId);
			if (!set) {
				set = new Set();
				listeners.set(runId, set);
			}
			set.add(listener);
			return () => {
				set.delete(listener);
				if (set.size === 0) listeners.delete(runId);
			};
		},
	};
}
