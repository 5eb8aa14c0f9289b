import assert from "node:assert/strict";
import { test } from "node:test";
import type { Redis } from "ioredis";
import type { CrewEvent } from "../events.ts";
import { runKeys } from "./redis-keys.ts";
import { createRunEventSink, type LostReason } from "./run-event-sink.ts";

/**
 * A stand-in for the worker's Redis connection: the append script answers from `replies`
 * (a seq, -1 lock lost, -2 done, or an Error), and records what it was given.
 */
function fakeRedis(replies: Array<number | Error>) {
	const appended: Array<Array<string | number>> = [];
	const redis = {
		defineCommand(name: string) {
			(redis as Record<string, unknown>)[name] = (...args: Array<string | number>) => {
				appended.push(args);
				const reply = replies.shift() ?? appended.length;
				return reply instanceof Error ? Promise.reject(reply) : Promise.resolve(reply);
			};
		},
	};
	return { redis: redis as unknown as Redis, appended };
}

const step = (name: string): CrewEvent =>
	({ type: "step-start", runId: "run_s", step: name, occurrence: 1, at: 0 }) as CrewEvent;
const runEnd = {
	type: "run-end",
	runId: "run_s",
	status: "completed",
	usage: {},
	durationMs: 0,
} as unknown as CrewEvent;

function sink(replies: Array<number | Error>) {
	const { redis, appended } = fakeRedis(replies);
	const lost: LostReason[] = [];
	const created = createRunEventSink({
		redis,
		keys: runKeys("run_s"),
		fence: { token: "tok" },
		redact: (text) => text.replaceAll("secret", "[redacted]"),
		onLost: (reason) => lost.push(reason),
	});
	return { sink: created, appended, lost };
}

test("events go to the run's stream in order, fenced and redacted; the run-end is held back", async () => {
	const { sink: events, appended, lost } = sink([1, 2]);
	events.push(step("a secret"));
	events.push(runEnd);
	events.push(step("b"));
	await events.flush();
	assert.deepEqual(
		appended.map((args) => args.slice(0, 5)),
		[
			[
				"bull:crewkit-runs:run_s:lock",
				"crewkit:run:run_s:seq",
				"crewkit:run:run_s",
				"crewkit:run:run_s:done",
				"tok",
			],
			[
				"bull:crewkit-runs:run_s:lock",
				"crewkit:run:run_s:seq",
				"crewkit:run:run_s",
				"crewkit:run:run_s:done",
				"tok",
			],
		],
	);
	assert.deepEqual(
		appended.map((args) => JSON.parse(String(args[5])).step),
		["a [redacted]", "b"],
	);
	assert.equal(events.runEnd, runEnd);
	assert.equal(events.lost, undefined);
	assert.deepEqual(lost, []);
});

test("the first refused write names why, once; later events are not sent", async () => {
	const { sink: events, appended, lost } = sink([1, -1, -2]);
	events.push(step("a"));
	events.push(step("b"));
	events.push(step("c"));
	await events.flush();
	assert.equal(events.lost, "lock-lost");
	assert.deepEqual(lost, ["lock-lost"], "told once");
	events.push(step("d"));
	await events.flush();
	assert.equal(appended.length, 3, "nothing sent after the loss was known");

	const done = sink([-2]);
	done.sink.push(step("a"));
	await done.sink.flush();
	assert.equal(done.sink.lost, "already-done");
	assert.deepEqual(done.lost, ["already-done"]);
});

test("a write that fails is thrown by flush, after every other write is settled", async () => {
	const { sink: events, appended } = sink([new Error("connection reset"), 2, new Error("again")]);
	events.push(step("a"));
	events.push(step("b"));
	events.push(step("c"));
	await assert.rejects(events.flush(), /^Error: connection reset$/);
	assert.equal(appended.length, 3);
	assert.equal(events.lost, undefined);
});
