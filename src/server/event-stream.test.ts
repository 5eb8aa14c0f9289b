import assert from "node:assert/strict";
import { test } from "node:test";
import type { CrewEvent } from "../events.ts";
import { createEventBus } from "../service/event-bus.ts";
import type { RunStore, StoredEvent } from "../store/run-store.ts";
import { createEventStream, formatSse } from "./event-stream.ts";

const runId = "run_test";
const delta = (text: string): CrewEvent => ({
	type: "model-delta",
	runId,
	task: "t",
	agent: "a",
	delta: text,
});
const runEnd: CrewEvent = {
	type: "run-end",
	runId,
	status: "completed",
	usage: { inputTokens: 0, outputTokens: 0, totalTokens: 0 },
	durationMs: 1,
};

/** A store holding `recorded` events; `onRead` runs while a client reads the backlog. */
function fakeStore(recorded: StoredEvent[], onRead: () => void = () => {}): RunStore {
	return {
		events(_runId: string, afterSeq = 0) {
			const snapshot = recorded.filter((stored) => stored.seq > afterSeq);
			onRead();
			return snapshot;
		},
	} as Partial<RunStore> as RunStore; // only `events` is used by the stream
}

async function read(stream: ReadableStream<Uint8Array>): Promise<number[]> {
	const text = await new Response(stream).text();
	return [...text.matchAll(/^id: (\d+)$/gm)].map((match) => Number(match[1]));
}

const options = {
	runId,
	format: (seq: number, event: CrewEvent) => formatSse(seq, JSON.stringify(event)),
	heartbeatMs: 60_000,
};

test("events recorded while the backlog is read are sent once, in order", async () => {
	const bus = createEventBus();
	const recorded: StoredEvent[] = [1, 2, 3].map((seq) => ({ seq, event: delta(String(seq)) }));
	const store = fakeStore(recorded, () => {
		// Seq 3 is in the snapshot and also arrives live; 4 and 5 arrive after the snapshot.
		bus.publish({ runId, seq: 3, event: delta("3") });
		bus.publish({ runId, seq: 5, event: runEnd });
		bus.publish({ runId, seq: 4, event: delta("4") });
		recorded.push({ seq: 4, event: delta("4") }, { seq: 5, event: runEnd });
	});
	const stream = createEventStream({
		...options,
		store,
		bus,
		afterSeq: 0,
		isFinished: () => false,
	});
	assert.deepEqual(await read(stream), [1, 2, 3, 4, 5]);
});

test("a gap in live events is filled from the store; duplicates are dropped", async () => {
	const bus = createEventBus();
	const recorded: StoredEvent[] = [{ seq: 1, event: delta("1") }];
	const stream = createEventStream({
		...options,
		store: fakeStore(recorded),
		bus,
		afterSeq: 0,
		isFinished: () => false,
	});
	recorded.push({ seq: 2, event: delta("2") }, { seq: 3, event: delta("3") });
	bus.publish({ runId, seq: 3, event: delta("3") }); // 2 never came on the bus
	bus.publish({ runId, seq: 3, event: delta("3") });
	bus.publish({ runId, seq: 2, event: delta("2") });
	recorded.push({ seq: 4, event: runEnd });
	bus.publish({ runId, seq: 4, event: runEnd });
	assert.deepEqual(await read(stream), [1, 2, 3, 4]);
});

test("a finished run's stream sends what is left after Last-Event-ID and ends", async () => {
	const recorded: StoredEvent[] = [1, 2].map((seq) => ({ seq, event: delta(String(seq)) }));
	const finished = createEventStream({
		...options,
		store: fakeStore(recorded),
		bus: createEventBus(),
		afterSeq: 1,
		isFinished: () => true,
	});
	assert.deepEqual(await read(finished), [2]);
});

test("a client that goes away is unsubscribed from the bus", async () => {
	let listeners = 0;
	const bus = createEventBus();
	const countingBus = {
		publish: bus.publish,
		subscribe(id: string, listener: Parameters<typeof bus.subscribe>[1]) {
			listeners += 1;
			const unsubscribe = bus.subscribe(id, listener);
			return () => {
				listeners -= 1;
				unsubscribe();
			};
		},
	};
	const stream = createEventStream({
		...options,
		store: fakeStore([]),
		bus: countingBus,
		afterSeq: 0,
		isFinished: () => false,
	});
	assert.equal(listeners, 1);
	await stream.cancel();
	assert.equal(listeners, 0);
});
