import assert from "node:assert/strict";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import type { CrewEvent } from "../src/events.ts";
import { answerDueQuestions } from "../src/queue/answer-due-questions.ts";
import { answerQueuedRun } from "../src/queue/answer-queued-run.ts";
import { type QueueWorker, startQueueWorker } from "../src/queue/queue-worker.ts";
import { connectRedis } from "../src/queue/redis-connection.ts";
import { deadlinesKey } from "../src/queue/redis-keys.ts";
import { enqueueRun, openRunQueue, type RunQueue } from "../src/queue/run-queue.ts";
import { readRunEvents } from "../src/queue/run-stream.ts";
import { waitForRun } from "../src/queue/wait-for-run.ts";
import { flowDefinition, newRunId } from "../src/service/define-run.ts";
import { openRunStore } from "../src/store/sqlite-store.ts";
import { skipWithoutRedis, startRedisServer } from "./support/redis-server.ts";
import { runCli } from "./support/run-cli.ts";
import { gatedFlowFile } from "./support/waiting-flow-run.ts";

const model = "scripted:script.json";

/** A workspace with the gated flow's script, Redis, and `count` workers (in this process). */
async function setUp(count: number, deadlineCheckMs: number) {
	const redisServer = await startRedisServer();
	const cwd = await mkdtemp(join(tmpdir(), "crewkit-queue-human-"));
	await writeFile(
		join(cwd, "script.json"),
		JSON.stringify([
			{ match: "Draft a sentence on tides", text: "Tides rise." },
			{ match: "Polish this sentence: Tides rise.", text: "Tides rise twice a day." },
		]),
	);
	const stores = Array.from({ length: count }, () => openRunStore(":memory:"));
	const workers: QueueWorker[] = [];
	for (const [index, store] of stores.entries()) {
		workers.push(
			await startQueueWorker({
				redisUrl: redisServer.url,
				store,
				workspace: cwd,
				name: `worker-${index + 1}`,
				policy: { defaultModel: model, models: [], allowCrewMcp: false },
				deadlineCheckMs,
			}),
		);
	}
	const runQueue = await openRunQueue(redisServer.url);
	const redis = connectRedis(redisServer.url);
	const enqueueGated = async (inputs: Record<string, string | number | boolean>) => {
		const runId = newRunId();
		const definition = await flowDefinition({
			reference: gatedFlowFile,
			cwd,
			model,
			out: join(cwd, `${runId}.md`),
		});
		await enqueueRun(runQueue, { runId, definition, inputs });
		return runId;
	};
	const followers: ReturnType<typeof connectRedis>[] = [];
	/** The run's outcome as `crewkit enqueue --wait` sees it (waiting, or finished). */
	const follow = (runId: string) => {
		const follower = connectRedis(redisServer.url);
		followers.push(follower);
		return waitForRun(follower, runId).finally(() => follower.disconnect());
	};
	/** Resolves once the run has finished (it may wait for a person on the way). */
	const finished = async (runId: string) => {
		for (;;) {
			const outcome = await follow(runId);
			if (outcome.status !== "waiting") return outcome;
			await new Promise((resolve) => setTimeout(resolve, 100));
		}
	};
	const events = async (runId: string): Promise<CrewEvent[]> =>
		(await readRunEvents(redis, runId)).map((item) => item.event);
	return {
		redisServer,
		cwd,
		runQueue,
		redis,
		enqueueGated,
		events,
		follow,
		finished,
		async close() {
			await Promise.all(workers.map((worker) => worker.close({ graceMs: 1000 })));
			await runQueue.close();
			redis.disconnect();
			for (const follower of followers) follower.disconnect();
			for (const store of stores) store.close();
			await redisServer.stop();
			await rm(cwd, { recursive: true, force: true });
		},
	};
}

const answersOf = (events: CrewEvent[]) =>
	events.flatMap((event) => (event.type === "human-answer" ? [event] : []));

test("queue workers give a waiting run's question its default when its time is up, once, with two workers sweeping", {
	skip: skipWithoutRedis,
	timeout: 120_000,
}, async () => {
	const setup = await setUp(2, 50);
	try {
		const runId = await setup.enqueueGated({ topic: "tides", ask: true, timeoutMs: 1500 });
		const waiting = await setup.follow(runId);
		assert.equal(waiting.status, "waiting", "enqueue --wait's view: the run waits");
		assert.ok(waiting.status === "waiting");
		assert.equal(waiting.questions[0]?.prompt, 'Publish "Tides rise twice a day."?');
		assert.ok((waiting.questions[0]?.deadline ?? 0) > 0, "the deadline is stored");

		// Nobody answers: one of the workers applies the default, the run goes on and ends.
		const outcome = await setup.finished(runId);
		assert.ok(outcome.status === "completed");
		// The worker writes the file right after the result: the result's report is checked.
		assert.equal(outcome.report, "Tides rise twice a day.");
		const events = await setup.events(runId);
		assert.deepEqual(
			answersOf(events).map(({ answer, by }) => ({ answer, by })),
			[{ answer: true, by: "timeout" }],
		);
		assert.deepEqual(
			events.flatMap((event) => (event.type === "run-end" ? [event.status] : [])),
			["waiting", "completed"],
		);
		assert.equal(
			events.filter((event) => event.type === "model-end").length,
			2,
			"no step ran twice",
		);
		assert.equal(await setup.redis.zcard(deadlinesKey), 0, "the deadline is cleared");
		await assert.rejects(answerQueuedRun(setup.runQueue, runId, "no"), /has finished/);
	} finally {
		await setup.close();
	}
});

test("five sweepers racing on one due question: exactly one answers it; a person's late answer is refused", {
	skip: skipWithoutRedis,
	timeout: 120_000,
}, async () => {
	// The workers do not sweep here: the test races five sweepers of its own.
	const setup = await setUp(1, 0);
	const sweepers: RunQueue[] = [];
	try {
		const runId = await setup.enqueueGated({ topic: "tides", ask: true, timeoutMs: 200 });
		const waiting = await setup.follow(runId);
		assert.ok(waiting.status === "waiting");
		const deadline = waiting.questions[0]?.deadline ?? 0;
		assert.deepEqual(await answerDueQuestions(setup.runQueue, deadline - 1), [], "not yet due");

		for (let index = 0; index < 5; index++)
			sweepers.push(await openRunQueue(setup.redisServer.url));
		const rounds = await Promise.all(
			sweepers.map((sweeper) => answerDueQuestions(sweeper, deadline)),
		);
		assert.equal(rounds.flat().length, 1, "one sweeper answered");
		assert.deepEqual(rounds.flat()[0]?.answer, true);
		await assert.rejects(
			answerQueuedRun(setup.runQueue, runId, "no"),
			/not waiting|answered meanwhile|has finished|waits on no question/,
		);

		assert.equal((await setup.finished(runId)).status, "completed");
		assert.deepEqual(
			answersOf(await setup.events(runId)).map(({ answer, by }) => ({ answer, by })),
			[{ answer: true, by: "timeout" }],
		);
		// A sweep after the end finds nothing to do.
		assert.deepEqual(await answerDueQuestions(setup.runQueue, Date.now()), []);
	} finally {
		await Promise.all(sweepers.map((sweeper) => sweeper.close()));
		await setup.close();
	}
});

test("crewkit enqueue --wait on a run that asks a person exits 3 with the question; crewkit answer --wait follows it to the report", {
	skip: skipWithoutRedis,
	timeout: 120_000,
}, async () => {
	const setup = await setUp(1, 50);
	try {
		const env = { CREWKIT_REDIS_URL: setup.redisServer.url };
		const enqueued = await runCli(
			[
				"enqueue",
				"--flow",
				gatedFlowFile,
				"--model",
				model,
				"--input",
				"topic=tides",
				"--input",
				"ask=true",
				"--wait",
			],
			{ cwd: setup.cwd, env },
		);
		assert.equal(enqueued.code, 3, enqueued.stderr);
		const runId = enqueued.stdout.trim();
		assert.match(enqueued.stderr, /Publish "Tides rise twice a day\."\?/);
		assert.match(enqueued.stderr, /\(yes or no\)/);
		assert.ok(
			enqueued.stderr.includes(`crewkit answer ${runId} <answer>`),
			`the answer command is printed: ${enqueued.stderr}`,
		);

		const refused = await runCli(["answer", runId, "perhaps"], { cwd: setup.cwd, env });
		assert.equal(refused.code, 1);
		assert.match(refused.stderr, /yes or no/);

		const answered = await runCli(["answer", runId, "yes", "--wait"], { cwd: setup.cwd, env });
		assert.equal(answered.code, 0, answered.stderr);
		const report = join(setup.cwd, ".crewkit", "reports", `${runId}.md`);
		assert.equal(answered.stdout.trim(), report);
		assert.equal(await readFile(report, "utf8"), "Tides rise twice a day.");
		assert.doesNotMatch(
			answered.stderr,
			/run waiting for an answer/,
			"old events are not shown again",
		);
		assert.deepEqual(
			answersOf(await setup.events(runId)).map(({ answer, by }) => ({ answer, by })),
			[{ answer: true, by: "person" }],
		);
	} finally {
		await setup.close();
	}
});
