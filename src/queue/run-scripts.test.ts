import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import type { Redis } from "ioredis";
import {
	type RedisServer,
	skipWithoutRedis,
	startRedisServer,
} from "../../test/support/redis-server.ts";
import { connectRedis } from "./redis-connection.ts";
import { runKeys } from "./redis-keys.ts";
import { appendRunEvent, finishRunOnce } from "./run-scripts.ts";
import { readRunEvents } from "./run-stream.ts";

let server: RedisServer | undefined;
let redis: Redis | undefined;
const client = () => redis as Redis;

before(async () => {
	if (skipWithoutRedis) return;
	server = await startRedisServer();
	redis = connectRedis(server.url);
});
after(async () => {
	await redis?.quit();
	await server?.stop();
});

const event = (task: string) =>
	JSON.stringify({ type: "task-start", runId: "run_a", task, agent: "writer", at: 0 });
const outcome = {
	status: "completed",
	report: "text",
	reportPath: "/r.md",
	error: "",
	worker: "w1",
} as const;

test("only the holder of the job lock appends, numbered on across attempts", {
	skip: skipWithoutRedis,
}, async () => {
	const keys = runKeys("run_a");
	await client().set(keys.lock, "token-1");
	assert.equal(await appendRunEvent(client(), keys, { token: "token-1" }, event("one")), 1);
	assert.equal(await appendRunEvent(client(), keys, { token: "stale" }, event("two")), -1);
	await client().set(keys.lock, "token-2"); // the job was retried by another worker
	assert.equal(await appendRunEvent(client(), keys, { token: "token-2" }, event("two")), 2);
	const events = await readRunEvents(client(), "run_a");
	assert.deepEqual(
		events.map(({ seq, event }) => [seq, event.type === "task-start" ? event.task : ""]),
		[
			[1, "one"],
			[2, "two"],
		],
	);
	assert.deepEqual(
		await client()
			.xrange(keys.stream, "2-0", "2-0")
			.then((e) => e.length),
		1,
	);
});

test("a run is finished once: the second finisher and later appends are refused", {
	skip: skipWithoutRedis,
}, async () => {
	const keys = runKeys("run_b");
	await client().set(keys.lock, "t");
	const runEnd = JSON.stringify({ type: "run-end", runId: "run_b", status: "completed" });
	assert.equal(await appendRunEvent(client(), keys, { token: "t" }, event("one")), 1);
	assert.equal(await finishRunOnce(client(), keys, { token: "stale" }, runEnd, outcome), -1);
	assert.equal(await finishRunOnce(client(), keys, { token: "t" }, runEnd, outcome), 2);
	assert.equal(await finishRunOnce(client(), keys, { token: "t" }, runEnd, outcome), -2);
	assert.equal(await appendRunEvent(client(), keys, { token: "t" }, event("two")), -2);
	const result = await client().hgetall(keys.result);
	assert.equal(result.status, "completed");
	assert.equal(result.report, "text");
	assert.equal(result.seq, "2");
	// A finished run's stream, seq, marker and result stay a week.
	for (const key of [keys.stream, keys.seq, keys.done, keys.result]) {
		const ttl = await client().ttl(key);
		assert.ok(
			ttl > 7 * 24 * 3600 - 60 && ttl <= 7 * 24 * 3600,
			`${key} expires in a week (${ttl})`,
		);
	}
	assert.equal(await client().ttl(keys.lock), -1, "the job lock is BullMQ's, left alone");
});

test("a writer outside any job (empty token) is not fenced", {
	skip: skipWithoutRedis,
}, async () => {
	const keys = runKeys("run_c");
	const runEnd = JSON.stringify({ type: "run-end", runId: "run_c", status: "cancelled" });
	assert.equal(
		await finishRunOnce(client(), keys, { token: "" }, runEnd, { ...outcome, status: "cancelled" }),
		1,
	);
	assert.equal(await client().get(keys.done), "cancelled");
});

test("a run finished with no time to live is kept until deleted", {
	skip: skipWithoutRedis,
}, async () => {
	const keys = runKeys("run_d");
	const runEnd = JSON.stringify({ type: "run-end", runId: "run_d", status: "completed" });
	assert.equal(await finishRunOnce(client(), keys, { token: "" }, runEnd, outcome, 0), 1);
	assert.equal(await client().ttl(keys.result), -1);
	const result = await client().hgetall(keys.result);
	assert.deepEqual(
		[result.status, result.report, result.reportPath, result.error, result.worker, result.seq],
		["completed", "text", "/r.md", "", "w1", "1"],
	);
	const finishedAt = Number(result.finishedAt);
	assert.ok(Math.abs(finishedAt - Date.now()) < 60_000, `finishedAt is now in ms (${finishedAt})`);
});
