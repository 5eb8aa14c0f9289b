import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import type { Redis } from "ioredis";
import {
	type RedisServer,
	skipWithoutRedis,
	startRedisServer,
} from "../../test/support/redis-server.ts";
import {
	answerQuestionOnce,
	deadlineMember,
	parseDeadlineMember,
	waitRunOnce,
} from "./question-scripts.ts";
import { connectRedis } from "./redis-connection.ts";
import { deadlinesKey, runKeys } from "./redis-keys.ts";
import { appendRunEvent } from "./run-scripts.ts";
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

const runEnd = (runId: string) =>
	JSON.stringify({ type: "run-end", runId, status: "waiting", usage: {}, durationMs: 0 });
const answer = (runId: string, key: string, value: unknown) =>
	JSON.stringify({ type: "human-answer", runId, key, answer: value, by: "person", at: 0 });
const questions = [{ key: "ask#1/1", deadline: 1000 }, { key: "review#1/1" }];

test("a waiting run-end is written once, fenced, with the job data and the deadlines of the questions that have one", {
	skip: skipWithoutRedis,
}, async () => {
	const keys = runKeys("run_w");
	await client().set(keys.lock, "token-1");
	assert.equal(
		await waitRunOnce(client(), "run_w", { token: "stale" }, runEnd("run_w"), "{}", questions),
		-1,
	);
	assert.equal(
		await waitRunOnce(
			client(),
			"run_w",
			{ token: "token-1" },
			runEnd("run_w"),
			'{"job":1}',
			questions,
		),
		1,
	);
	assert.equal(await client().get(keys.job), '{"job":1}');
	const jobTtl = await client().ttl(keys.job);
	assert.ok(jobTtl > 30 * 24 * 3600 - 60 && jobTtl <= 30 * 24 * 3600, "the job data stays 30 days");
	assert.deepEqual(await client().zrange(deadlinesKey, 0, -1, "WITHSCORES"), [
		deadlineMember("run_w", "ask#1/1"),
		"1000",
	]);
	assert.deepEqual(parseDeadlineMember(deadlineMember("run_w", "ask#1/1")), {
		runId: "run_w",
		key: "ask#1/1",
	});
	assert.equal(parseDeadlineMember("not json"), undefined);
	assert.equal(parseDeadlineMember('["run", 3]'), undefined);

	// A question answered while the attempt ended: nothing is written, the job goes back.
	await client().hset(keys.answered, "review#1/1", "x");
	assert.equal(
		await waitRunOnce(client(), "run_w", { token: "token-1" }, runEnd("run_w"), "{}", questions),
		-4,
	);
	await client().set(keys.done, "completed");
	assert.equal(await waitRunOnce(client(), "run_w", { token: "" }, runEnd("run_w"), "{}", []), -2);
	assert.equal((await readRunEvents(client(), "run_w")).length, 1);
	await client().del(deadlinesKey);
});

test("a question is answered once, only while its run is stopped; the deadline goes with the answer", {
	skip: skipWithoutRedis,
}, async () => {
	const runId = "run_q";
	const keys = runKeys(runId);
	const key = "ask#1/1";
	assert.equal(
		await answerQuestionOnce(client(), runId, key, answer(runId, key, true)),
		-5,
		"no run",
	);
	await appendRunEvent(client(), keys, { token: "" }, JSON.stringify({ type: "step-start" }));
	assert.equal(
		await answerQuestionOnce(client(), runId, key, answer(runId, key, true)),
		-5,
		"a running run is not answered through Redis",
	);
	await client().zadd(deadlinesKey, 5, deadlineMember(runId, key));
	await appendRunEvent(client(), keys, { token: "" }, runEnd(runId));
	assert.equal(await answerQuestionOnce(client(), runId, key, answer(runId, key, true)), 3);
	assert.equal(await client().zcard(deadlinesKey), 0, "its deadline is gone");
	const answeredTtl = await client().ttl(keys.answered);
	assert.ok(
		answeredTtl > 30 * 24 * 3600 - 60 && answeredTtl <= 30 * 24 * 3600,
		"answers are kept 30 days",
	);
	assert.equal(await answerQuestionOnce(client(), runId, key, answer(runId, key, false)), -3);
	// Another question of the same stopped run may still be answered after the first.
	assert.equal(await answerQuestionOnce(client(), runId, "other", answer(runId, "other", "x")), 4);
	await client().zadd(deadlinesKey, 5, deadlineMember(runId, "late"));
	await client().set(keys.done, "completed");
	assert.equal(await answerQuestionOnce(client(), runId, "late", answer(runId, "late", 1)), -2);
	assert.equal(await client().zcard(deadlinesKey), 0);
	const answers = (await readRunEvents(client(), runId)).flatMap(({ event }) =>
		event.type === "human-answer" ? [[event.key, event.answer]] : [],
	);
	assert.deepEqual(answers, [
		[key, true],
		["other", "x"],
	]);
});
