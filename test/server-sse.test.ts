import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { setTimeout as sleep } from "node:timers/promises";
import { type Harness, startBriefingRun, startHarness } from "./support/server-harness.ts";
import { collectEvents } from "./support/sse-client.ts";

type Received = Array<{ seq: number; type: string } & Record<string, unknown>>;

let harness: Harness;
before(async () => {
	harness = await startHarness({ listen: true, delayMs: 150, heartbeatMs: 50 });
});
after(() => harness.close());

const eventsUrl = (runId: string) => `/api/runs/${runId}/events`;

/** What the store recorded, as clients see it (JSON of each stripped event). */
async function storedEvents(runId: string): Promise<Received> {
	return collectEvents(await harness.request(eventsUrl(runId)));
}

function assertConsecutive(events: Received, from = 1): void {
	assert.deepEqual(
		events.map((event) => event.seq),
		events.map((_, index) => index + from),
	);
}

test("50 concurrent clients, connecting while the run goes, each receive every event once, in order", async () => {
	const runId = await startBriefingRun(harness);
	const clients = Array.from({ length: 50 }, async (_, index) => {
		await sleep((index % 10) * 40); // some connect before the run is recorded, most during it
		const response = await harness.request(eventsUrl(runId));
		assert.equal(response.status, 200);
		return collectEvents(response);
	});
	const results = await Promise.all(clients);
	const expected = await storedEvents(runId);
	assert.equal(expected.at(-1)?.type, "run-end");
	// Streamed text reaches the store in batches, so a run of this size records ~20 events.
	assert.ok(expected.length >= 20, `a run of many events (${expected.length})`);
	assertConsecutive(expected);
	for (const events of results) {
		assertConsecutive(events);
		assert.deepEqual(events, expected);
	}
	await sleep(20);
	assert.equal(harness.subscriptions(), 0, "every stream unsubscribed from the bus");
});

test("a client that drops mid-run and reconnects with Last-Event-ID gets exactly the missing events", async () => {
	const runId = await startBriefingRun(harness);
	const first = await harness.request(eventsUrl(runId));
	const beforeDrop = await collectEvents(first, { until: (event) => event.seq >= 6 });
	assert.ok(
		beforeDrop.every((event) => event.type !== "run-end"),
		"dropped during the run",
	);
	const lastSeq = beforeDrop.at(-1)?.seq ?? 0;
	await sleep(200); // the run records more while the client is away
	const afterDrop = await collectEvents(
		await harness.request(eventsUrl(runId), { headers: { "Last-Event-ID": String(lastSeq) } }),
	);
	assert.equal(afterDrop[0]?.seq, lastSeq + 1, "no gap");
	const combined = [...beforeDrop, ...afterDrop];
	assertConsecutive(combined);
	assert.deepEqual(combined, await storedEvents(runId), "no duplicate, nothing missing");
	await sleep(20);
	assert.equal(harness.subscriptions(), 0);
});

test("a stream of a finished run ends at once; idle streams get heartbeats", async () => {
	const runId = await startBriefingRun(harness);
	const all = await storedEvents(runId);
	const lastSeq = all.at(-1)?.seq ?? 0;
	const after = await harness.request(eventsUrl(runId), {
		headers: { "Last-Event-ID": String(lastSeq) },
	});
	assert.equal(await after.text(), "retry: 2000\n: connected\n\n");

	const slow = await startHarness({ listen: true, delayMs: 400, heartbeatMs: 50 });
	try {
		const slowRun = await startBriefingRun(slow);
		const response = await slow.request(eventsUrl(slowRun));
		const reader = response.body?.pipeThrough(new TextDecoderStream()).getReader();
		assert.ok(reader);
		let text = "";
		while (!text.includes(": heartbeat")) {
			const { value, done } = await reader.read();
			if (done) break;
			text += value;
		}
		assert.match(text, /: heartbeat\n\n/);
		await reader.cancel();
	} finally {
		await slow.close();
	}
});
