import type { CrewEvent } from "../events.ts";
import type { EventBus, SequencedEvent } from "../service/event-bus.ts";
import type { RunStore } from "../store/run-store.ts";

/** Turns one event into its SSE bytes; `source` lets a formatter cache live events it sees again. */
export type SseFormatter = (seq: number, event: CrewEvent, source?: SequencedEvent) => Uint8Array;

export interface EventStreamOptions {
	store: RunStore;
	bus: EventBus;
	runId: string;
	/** Send events after this sequence number (0: all). */
	afterSeq: number;
	format: SseFormatter;
	/** Whether the run will record no more events (checked once the backlog is sent). */
	isFinished: () => boolean;
	heartbeatMs: number;
	/** Events a client may fall behind by before it is dropped (it reconnects and catches up). */
	maxQueuedEvents?: number;
}

const encoder = new TextEncoder();

/**
 * One client's SSE stream of a run: the events after `afterSeq` from the store, then live
 * ones from the bus, each once, in order, with `id: <seq>`. The bus is subscribed before
 * the store is read and live events are held until the backlog is out; events at or below
 * the last sent sequence are dropped, and a gap in live events is filled from the store.
 * Ends after `run-end` (not a `waiting` one: the run goes on once answered). Heartbeat comments keep idle connections open; at each one the store
 * is read again, for runs another process records into the same store.
 */
export function createEventStream(options: EventStreamOptions): ReadableStream<Uint8Array> {
	const { store, runId, format } = options;
	const maxQueued = options.maxQueuedEvents ?? 10_000;
	let lastSeq = options.afterSeq;
	let closed = false;
	let unsubscribe = () => {};
	let heartbeat: ReturnType<typeof setInterval> | undefined;
	const stop = () => {
		closed = true;
		unsubscribe();
		if (heartbeat) clearInterval(heartbeat);
	};

	return new ReadableStream<Uint8Array>({
		start(controller) {
			const finish = () => {
				if (closed) return;
				stop();
				controller.close();
			};
			const send = (seq: number, event: CrewEvent, source?: SequencedEvent) => {
				if (closed || seq <= lastSeq) return;
				controller.enqueue(format(seq, event, source));
				lastSeq = seq;
				if (event.type === "run-end" && event.status !== "waiting") finish();
			};
			const catchUp = () => {
				for (const stored of store.events(runId, lastSeq)) send(stored.seq, stored.event);
			};
			let backlogSent = false;
			const held: SequencedEvent[] = [];
			let backlogSize = 0;
			const onLive = (live: SequencedEvent) => {
				if (!backlogSent) {
					held.push(live);
					return;
				}
				if (live.seq > lastSeq + 1) catchUp();
				send(live.seq, live.event, live);
				if (!closed && (controller.desiredSize ?? 0) < -(maxQueued + backlogSize)) finish();
			};

			unsubscribe = options.bus.subscribe(runId, onLive);
			controller.enqueue(encoder.encode("retry: 2000\n: connected\n\n"));
			catchUp();
			backlogSize = Math.max(0, -(controller.desiredSize ?? 0));
			backlogSent = true;
			for (const live of held.sort((a, b) => a.seq - b.seq)) onLive(live);
			held.length = 0;
			if (closed) return;
			if (options.isFinished()) {
				// The run ended before this client came: whatever it recorded is sent.
				catchUp();
				finish();
				return;
			}
			heartbeat = setInterval(() => {
				if (closed) return;
				controller.enqueue(encoder.encode(": heartbeat\n\n"));
				// Another process (a CLI run, a worker) may write this run into the same store.
				catchUp();
				if (options.isFinished()) finish();
			}, options.heartbeatMs);
			heartbeat.unref?.();
		},
		cancel() {
			stop();
		},
	});
}

/** The SSE bytes of an event: `id: <seq>` and the event as one line of JSON. */
export function formatSse(seq: number, data: string): Uint8Array {
	return encoder.encode(`id: ${seq}\ndata: ${data}\n\n`);
}
