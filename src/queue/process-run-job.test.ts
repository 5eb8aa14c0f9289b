import assert from "node:assert/strict";
import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import type { Redis } from "ioredis";
import {
	type RedisServer,
	skipWithoutRedis,
	startRedisServer,
} from "../../test/support/redis-server.ts";
import type { CrewEvent } from "../events.ts";
import { defineRun } from "../service/define-run.ts";
import { createRedactor } from "../store/redact-secrets.ts";
import { openRunStore } from "../store/sqlite-store.ts";
import { createAttemptControl, processRunJob, type RunJobContext } from "./process-run-job.ts";
import { connectRedis } from "./redis-connection.ts";
import { runKeys } from "./redis-keys.ts";
import { readRunEvents } from "./run-stream.ts";

let server: RedisServer | undefined;
let redis: Redis;
let cwd: string;
let context: RunJobContext;
/** The value of a secret-named variable of the worker, shaped like no API key. */
const passphrase = "orchard-lantern-4417";
const env = { SERVICE_PASSWORD: passphrase };

before(async () => {
	if (skipWithoutRedis) return;
	server = await startRedisServer();
	redis = connectRedis(server.url);
	cwd = await mkdtemp(join(tmpdir(), "crewkit-job-"));
	await mkdir(join(cwd, "crew"));
	await writeFile(
		join(cwd, "crew/agents.yaml"),
		"writer:\n  role: Writer on {topic}\n  goal: Write well\n  backstory: Careful.\n",
	);
	await writeFile(
		join(cwd, "crew/tasks.yaml"),
		["one", "two", "three"]
			.map(
				(name) =>
					`task_${name}:\n  description: Step ${name} on {topic}\n  expected_output: Text ${name}\n  agent: writer\n`,
			)
			.join("\n"),
	);
	await writeFile(
		join(cwd, "script.json"),
		JSON.stringify({
			latencyMs: 150,
			replies: ["one", "two", "three"].map((name) => ({
				match: `Step ${name}`,
				text: `Output ${name}.`,
			})),
		}),
	);
	context = {
		redis,
		store: openRunStore(":memory:", { env }),
		workspace: cwd,
		workerName: "test-worker",
		env,
		redact: createRedactor(env),
	};
});

after(async () => {
	context?.store.close();
	redis?.disconnect();
	await server?.stop();
	if (cwd) await rm(cwd, { recursive: true, force: true });
});

async function job(runId: string, token: string, options: { topic?: string; model?: string } = {}) {
	const inputs = { topic: options.topic ?? "tides" };
	// The model is the server's default, so the service policy lets the request name it.
	const model = options.model ?? "scripted:script.json";
	const definition = await defineRun(
		{ crew: "crew", inputs, model },
		{ workspace: cwd, defaultModel: model, runId },
	);
	await redis.set(runKeys(runId).lock, token);
	return { data: { runId, definition, inputs }, token };
}

const typesOf = async (runId: string, type: CrewEvent["type"]) =>
	(await readRunEvents(redis, runId)).filter(({ event }) => event.type === type);

test("a run is executed, recorded in Redis and finished with its report", {
	skip: skipWithoutRedis,
}, async () => {
	const result = await processRunJob(await job("run_fresh", "a"), context, createAttemptControl());
	assert.equal(result.type, "finished");
	assert.equal(result.type === "finished" && result.status, "completed");
	assert.equal(await redis.get(runKeys("run_fresh").done), "completed");
	assert.equal(await readFile(join(cwd, ".crewkit/reports/run_fresh.md"), "utf8"), "Output three.");
	assert.equal((await typesOf("run_fresh", "task-end")).length, 3);

	const again = await processRunJob(await job("run_fresh", "b"), context, createAttemptControl());
	assert.deepEqual(again.type === "finished" && [again.status, again.alreadyDone], [
		"completed",
		true,
	]);
	assert.equal((await typesOf("run_fresh", "run-start")).length, 1, "not run again");
});

test("an attempt at a run that another attempt finished runs nothing, not even from its stored tasks", {
	skip: skipWithoutRedis,
}, async () => {
	const first = await processRunJob(await job("run_twice", "a"), context, createAttemptControl());
	assert.equal(first.type === "finished" && first.status, "completed");
	const recorded = context.store.events("run_twice").length;
	const again = await processRunJob(await job("run_twice", "b"), context, createAttemptControl());
	assert.deepEqual(again.type === "finished" && [again.status, again.alreadyDone, again.restored], [
		"completed",
		true,
		0,
	]);
	assert.equal(
		context.store.events("run_twice").length,
		recorded,
		"the worker's own store saw no second run of it",
	);
});

test("what a worker puts in Redis never carries the value of a secret-named variable", {
	skip: skipWithoutRedis,
}, async () => {
	await writeFile(
		join(cwd, "secret-script.json"),
		JSON.stringify({
			replies: ["one", "two", "three"].map((name) => ({
				match: `Step ${name}`,
				text: `Output ${name}, signed ${passphrase}.`,
			})),
		}),
	);
	const completed = await processRunJob(
		await job("run_secret", "a", {
			topic: `tides near ${passphrase}`,
			model: "scripted:secret-script.json",
		}),
		context,
		createAttemptControl(),
	);
	assert.equal(completed.type === "finished" && completed.status, "completed");
	const failed = await processRunJob(
		await job("run_secret_failed", "a", { model: `scripted:${passphrase}.json` }),
		context,
		createAttemptControl(),
	);
	assert.equal(failed.type === "finished" && failed.status, "failed");
	for (const runId of ["run_secret", "run_secret_failed"]) {
		const events = await readRunEvents(redis, runId);
		assert.ok(events.some(({ event }) => event.type === "run-end"));
		const everything = JSON.stringify([events, await redis.hgetall(runKeys(runId).result)]);
		assert.ok(!everything.includes(passphrase), everything);
		assert.match(everything, /\[redacted\]/);
	}
});

test("a worker that lost its lock mid-run stops; the new holder resumes after its completed tasks", {
	skip: skipWithoutRedis,
}, async () => {
	const stale = processRunJob(await job("run_taken", "stale"), context, createAttemptControl());
	// The lock passes to another worker once the first task is done (as after a stall).
	for (;;) {
		if ((await typesOf("run_taken", "task-end")).length === 1) break;
		await new Promise((resolve) => setTimeout(resolve, 20));
	}
	await redis.set(runKeys("run_taken").lock, "fresh");
	assert.deepEqual(await stale, { type: "lost" });
	assert.equal(
		await redis.exists(runKeys("run_taken").done),
		0,
		"the stale worker finished nothing",
	);

	const fresh = await processRunJob(
		{ data: (await job("run_taken", "fresh")).data, token: "fresh" },
		context,
		createAttemptControl(),
	);
	assert.equal(fresh.type === "finished" && fresh.restored, 1);
	const modelEnds = (await typesOf("run_taken", "model-end")).map(
		({ event }) => event.type === "model-end" && event.task,
	);
	assert.equal(modelEnds.filter((task) => task === "task_one").length, 1);
	for (const task of ["task_one", "task_two", "task_three"]) {
		const ends = (await typesOf("run_taken", "task-end")).filter(
			({ event }) => event.type === "task-end" && event.task === task,
		);
		assert.equal(ends.length, 1, `${task} ended once`);
	}
	assert.equal((await typesOf("run_taken", "run-end")).length, 1);
});

test("a run cancelled before its job starts is finished as cancelled", {
	skip: skipWithoutRedis,
}, async () => {
	await redis.set(runKeys("run_cancelled").cancel, "1");
	const result = await processRunJob(
		await job("run_cancelled", "a"),
		context,
		createAttemptControl(),
	);
	assert.equal(result.type === "finished" && result.status, "cancelled");
	assert.deepEqual(
		(await readRunEvents(redis, "run_cancelled")).map(({ event }) => event.type),
		["run-end"],
	);
});

/** Waits until the run's stream holds `count` events of `type`. */
async function untilEvents(runId: string, type: CrewEvent["type"], count: number) {
	while ((await typesOf(runId, type)).length < count) {
		await new Promise((resolve) => setTimeout(resolve, 20));
	}
}

test("an attempt keeps the first reason it was stopped for", () => {
	const attempt = createAttemptControl();
	assert.equal(attempt.reason, undefined);
	assert.equal(attempt.signal.aborted, false);
	attempt.stop("cancel");
	attempt.stop("hand-back");
	assert.equal(attempt.reason, "cancel");
	assert.equal(attempt.signal.aborted, true);
});

test("a finished run's report file, missing on this machine, is written from the stored result", {
	skip: skipWithoutRedis,
}, async () => {
	await processRunJob(await job("run_refile", "a"), context, createAttemptControl());
	const report = join(cwd, ".crewkit/reports/run_refile.md");
	await rm(report);
	const again = await processRunJob(await job("run_refile", "b"), context, createAttemptControl());
	assert.deepEqual(again, {
		type: "finished",
		status: "completed",
		reportPath: report,
		error: "",
		alreadyDone: true,
		restored: 0,
	});
	assert.equal(await readFile(report, "utf8"), "Output three.");
});

test("a finished run's report file that is still there is left as it is", {
	skip: skipWithoutRedis,
}, async () => {
	await processRunJob(await job("run_kept", "a"), context, createAttemptControl());
	const report = join(cwd, ".crewkit/reports/run_kept.md");
	await writeFile(report, "Edited by hand.");
	const again = await processRunJob(await job("run_kept", "b"), context, createAttemptControl());
	assert.equal(again.type === "finished" && again.reportPath, report);
	assert.equal(await readFile(report, "utf8"), "Edited by hand.");
});

test("an ungrounded run's report file, missing on this machine, is written from the stored result too", {
	skip: skipWithoutRedis,
}, async () => {
	const stored = { status: "ungrounded", report: "Unverified text.", error: "No sources." };
	await redis.hset(runKeys("run_ungrounded").result, stored);
	const again = await processRunJob(
		await job("run_ungrounded", "a"),
		context,
		createAttemptControl(),
	);
	const report = join(cwd, ".crewkit/reports/run_ungrounded.md");
	assert.deepEqual(again, {
		type: "finished",
		status: "ungrounded",
		reportPath: report,
		error: "No sources.",
		alreadyDone: true,
		restored: 0,
	});
	assert.equal(await readFile(report, "utf8"), "Unverified text.");
});

test("a run that failed before is reported as failed again, with its error and no report", {
	skip: skipWithoutRedis,
}, async () => {
	await redis.hset(runKeys("run_failed_before").result, "status", "failed", "error", "It broke.");
	const again = await processRunJob(
		await job("run_failed_before", "a"),
		context,
		createAttemptControl(),
	);
	assert.deepEqual(again, {
		type: "finished",
		status: "failed",
		reportPath: "",
		error: "It broke.",
		alreadyDone: true,
		restored: 0,
	});
	await assert.rejects(readFile(join(cwd, ".crewkit/reports/run_failed_before.md")), {
		code: "ENOENT",
	});
});

test("a run cancelled while it runs is finished as cancelled, with the cancellation as its error", {
	skip: skipWithoutRedis,
}, async () => {
	const attempt = createAttemptControl();
	const running = processRunJob(await job("run_stopped", "a"), context, attempt);
	await untilEvents("run_stopped", "task-end", 1);
	attempt.stop("cancel");
	const result = await running;
	assert.equal(result.type === "finished" && result.status, "cancelled");
	assert.equal(result.type === "finished" && result.error, "The run was cancelled.");
	const stored = await redis.hgetall(runKeys("run_stopped").result);
	assert.deepEqual(
		[stored.status, stored.error, stored.report, stored.reportPath, stored.worker],
		["cancelled", "The run was cancelled.", "", "", "test-worker"],
	);
	await assert.rejects(readFile(join(cwd, ".crewkit/reports/run_stopped.md")), {
		code: "ENOENT",
	});
});

test("a run handed back mid-way is not finished: the next attempt goes on from it", {
	skip: skipWithoutRedis,
}, async () => {
	const attempt = createAttemptControl();
	const running = processRunJob(await job("run_handed", "a"), context, attempt);
	await untilEvents("run_handed", "task-end", 1);
	attempt.stop("hand-back");
	assert.deepEqual(await running, { type: "handed-back" });
	assert.equal(await redis.exists(runKeys("run_handed").done), 0);
	const next = await processRunJob(await job("run_handed", "b"), context, createAttemptControl());
	assert.equal(next.type === "finished" && next.status, "completed");
	assert.ok(next.type === "finished" && next.restored >= 1);
});

test("a run another attempt finishes meanwhile stops this one, which reports the stored outcome", {
	skip: skipWithoutRedis,
}, async () => {
	const running = processRunJob(await job("run_overtaken", "a"), context, createAttemptControl());
	await untilEvents("run_overtaken", "task-end", 1);
	await redis.set(runKeys("run_overtaken").done, "completed");
	await redis.hset(runKeys("run_overtaken").result, "status", "completed", "report", "Theirs.");
	assert.deepEqual(await running, {
		type: "finished",
		status: "completed",
		reportPath: "",
		error: "",
		alreadyDone: true,
		restored: 0,
	});
});

test("a worker with a model policy fails a run naming another model, saying what is allowed", {
	skip: skipWithoutRedis,
}, async () => {
	const policy = { defaultModel: "scripted:other.json", models: [], allowCrewMcp: false };
	const strict: RunJobContext = { ...context, policy };
	const result = await processRunJob(await job("run_policy", "a"), strict, createAttemptControl());
	const message =
		"Model 'scripted:script.json' is not allowed on this server: requests may name the default model (scripted:other.json). The operator can allow more with --allow-model when starting crewkit serve or crewkit worker.";
	assert.deepEqual(result, {
		type: "finished",
		status: "failed",
		reportPath: "",
		error: message,
		alreadyDone: false,
		restored: 0,
	});
	assert.deepEqual(
		(await readRunEvents(redis, "run_policy")).map(({ event }) => event.type),
		["run-end"],
		"nothing ran",
	);
	const allowed = await processRunJob(
		await job("run_policy_ok", "a"),
		{ ...context, policy: { ...policy, models: ["scripted:*"] } },
		createAttemptControl(),
	);
	assert.equal(allowed.type === "finished" && allowed.status, "completed");
});
