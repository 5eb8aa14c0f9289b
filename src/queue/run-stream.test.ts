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
import { afterSeq, fieldMap, parseRunEntry, readRunEvents } from "./run-stream.ts";
import { waitForRun } from "./wait-for-run.ts";

let server: RedisServer | undefined;
let redis: Redis;
let blocking: Redis;
const options = { skip: skipWithoutRedis, timeout: 60_000 };

before(async () => {
	if (skipWithoutRedis) return;
	server = await startRedisServer();
	redis = connectRedis(server.url);
	blocking = connectRedis(server.url);
});
after(async () => {
	redis?.disconnect();
	blocking?.disconnect();
	await server?.stop();
});

const step = (runId: string, name: string) =>
	JSON.stringify({ type: "step-start", runId, step: name });
const append = (runId: string, json: string) =>
	appendRunEvent(redis, runKeys(runId), { token: "" }, json);

test("a stream entry is read by its seq and event fields, whatever their order; others are not run events", () => {
	assert.equal(afterSeq(7), "7-0");
	assert.deepEqual(
		fieldMap(["a", "1", "b", "2", "dangling"]),
		new Map([
			["a", "1"],
			["b", "2"],
		]),
	);
	const event = { type: "step-start", runId: "run_1", step: "draft" };
	assert.deepEqual(parseRunEntry("run_1", ["3-0", ["event", JSON.stringify(event), "seq", "3"]]), {
		runId: "run_1",
		seq: 3,
		event,
	});
	assert.equal(parseRunEntry("run_1", ["3-0", ["seq", "3"]]), undefined, "no event");
	assert.equal(parseRunEntry("run_1", ["3-0", ["event", "{}"]]), undefined, "no seq");
	assert.equal(
		parseRunEntry("run_1", ["3-0", ["seq", "3.5", "event", "{}"]]),
		undefined,
		"not a seq",
	);
});

test(
	"all of a long run's events are read, in order, past the 1000 of one read",
	options,
	async () => {
		const pipeline = redis.pipeline();
		for (let seq = 1; seq <= 2001; seq++) {
			pipeline.xadd(
				runKeys("run_long").stream,
				`${seq}-0`,
				"seq",
				seq,
				"event",
				step("run_long", `s${seq}`),
			);
		}
		await pipeline.exec();
		await redis.xadd(runKeys("run_long").stream, "2002-0", "note", "not an event");
		const events = await readRunEvents(redis, "run_long");
		assert.equal(events.length, 2001);
		assert.deepEqual(
			events.map(({ seq }) => seq),
			Array.from({ length: 2001 }, (_, index) => index + 1),
		);
		assert.deepEqual(await readRunEvents(redis, "run_none"), []);
	},
);

test(
	"waiting for a run gives its outcome from the result hash, after passing on each event not shown yet",
	options,
	async () => {
		const runId = "run_wait";
		for (const name of ["a", "b", "c"]) await append(runId, step(runId, name));
		await redis.xadd(runKeys(runId).stream, "3-1", "note", "not an event");
		const seen: number[] = [];
		const waiting = waitForRun(blocking, runId, {
			shownUntil: 1,
			onEvent: (event) => seen.push(event.seq),
		});
		await new Promise((resolve) => setTimeout(resolve, 50));
		await finishRunOnce(
			redis,
			runKeys(runId),
			{ token: "" },
			JSON.stringify({
				type: "run-end",
				runId,
				status: "failed",
				usage: {},
				durationMs: 0,
				error: "boom",
			}),
			{ status: "failed", report: "", reportPath: "", error: "boom", worker: "w9" },
		);
		assert.deepEqual(await waiting, {
			status: "failed",
			report: "",
			reportPath: "",
			error: "boom",
			worker: "w9",
		});
		assert.deepEqual(seen, [2, 3, 4], "every event after the shown one, the run-end too");
	},
);

test("an outcome missing fields reads them as empty", options, async () => {
	await redis.hset(runKeys("run_sparse").result, "status", "completed");
	assert.deepEqual(await waitForRun(blocking, "run_sparse"), {
		status: "completed",
		report: "",
		reportPath: "",
		error: "",
		worker: "",
	});
});

test(
	"a run that stopped to wait for a person gives its open questions; one answered since is not waiting",
	options,
	async () => {
		const runId = "run_asks";
		const question = { key: "approve#1/1", type: "approve", prompt: "Go?", hasDefault: false };
		await append(runId, JSON.stringify({ type: "human-ask", runId, question, at: 0 }));
		await append(
			runId,
			JSON.stringify({ type: "run-end", runId, status: "waiting", usage: {}, durationMs: 0 }),
		);
		assert.deepEqual(await waitForRun(blocking, runId), {
			status: "waiting",
			questions: [question],
		});

		await append(
			runId,
			JSON.stringify({
				type: "human-answer",
				runId,
				key: "approve#1/1",
				answer: true,
				by: "person",
				at: 0,
			}),
		);
		const types: string[] = [];
		const waiting = waitForRun(blocking, runId, { onEvent: ({ event }) => types.push(event.type) });
		await new Promise((resolve) => setTimeout(resolve, 50));
		await redis.hset(runKeys(runId).result, "status", "completed", "report", "Go.");
		assert.equal((await waiting).status, "completed");
		assert.deepEqual(types, ["human-ask", "run-end", "human-answer"]);
	},
);

test("waiting for a run stops when its signal is aborted", options, async () => {
	const controller = new AbortController();
	controller.abort(new Error("enough"));
	await assert.rejects(
		waitForRun(blocking, "run_forever", { signal: controller.signal }),
		/enough/,
	);
	const later = new AbortController();
	const waiting = waitForRun(blocking, "run_forever", { signal: later.signal });
	later.abort(new Error("later"));
	await assert.rejects(waiting, /later/);
});
