import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import { hostname } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import {
	type QueueWorkspace,
	startQueueWorkspace,
	until,
} from "../../test/support/queue-workspace.ts";
import { freePort, skipWithoutRedis } from "../../test/support/redis-server.ts";
import { ConfigError } from "../errors.ts";
import { openRunStore } from "../store/sqlite-store.ts";
import { answerQueuedRun } from "./answer-queued-run.ts";
import { continueQueuedRun } from "./continue-queued-run.ts";
import { queueWorkerDefaults, startQueueWorker, type WorkerActivity } from "./queue-worker.ts";
import { openRunQueue } from "./run-queue.ts";

let space: QueueWorkspace;
const options = { skip: skipWithoutRedis, timeout: 120_000 };

before(async () => {
	if (skipWithoutRedis) return;
	space = await startQueueWorkspace();
});
after(async () => {
	await space?.close();
});

const endsOf = (activities: WorkerActivity[], runId: string) =>
	activities.flatMap((activity) =>
		activity.type === "run-end" && activity.runId === runId ? [activity.result] : [],
	);
const startsOf = (activities: WorkerActivity[], runId: string) =>
	activities.filter((activity) => activity.type === "run-start" && activity.runId === runId).length;

test("a dead worker's job is back within 9 s: a 5 s lock, stall checks every 2 s, three recoveries", () => {
	assert.deepEqual(queueWorkerDefaults, {
		lockDurationMs: 5000,
		stalledIntervalMs: 2000,
		maxStalledCount: 3,
	});
});

test("a worker's concurrency below 1 or not whole is refused before it connects to Redis", async () => {
	// Nothing listens here: a worker that connected first would fail on reachability instead.
	const redisUrl = `redis://127.0.0.1:${await freePort()}`;
	const store = openRunStore(":memory:");
	try {
		for (const concurrency of [0, -1, 1.5, Number.NaN]) {
			await assert.rejects(
				startQueueWorker({ redisUrl, store, workspace: "/tmp", concurrency }),
				(error) =>
					error instanceof ConfigError &&
					error.message ===
						`A worker's concurrency is the number of runs it processes at once: a whole number of at least 1, not ${concurrency}.`,
			);
		}
	} finally {
		store.close();
	}
});

test(
	"a worker runs a queued run to its report and says when it starts and ends it",
	options,
	async () => {
		await space.closeGate();
		const { worker, activities } = await space.startWorker("worker-a");
		try {
			assert.equal(worker.name, "worker-a");
			const runId = await space.enqueueGated({ topic: "tides" });
			await until(() => worker.running.includes(runId));
			assert.deepEqual(worker.running, [runId]);
			await space.openGate();
			const outcome = await space.follow(runId);
			assert.deepEqual(outcome, {
				status: "completed",
				report: "Tides rise twice a day.",
				reportPath: join(space.cwd, `${runId}.md`),
				error: "",
				worker: "worker-a",
			});
			await until(() => endsOf(activities, runId).length === 1);
			assert.deepEqual(endsOf(activities, runId), [
				{
					type: "finished",
					status: "completed",
					reportPath: join(space.cwd, `${runId}.md`),
					error: "",
					alreadyDone: false,
					restored: 0,
				},
			]);
			assert.equal(startsOf(activities, runId), 1);
			assert.equal(
				await readFile(join(space.cwd, `${runId}.md`), "utf8"),
				"Tides rise twice a day.",
			);
			const job = await space.runQueue.queue.getJob(runId);
			await until(async () => (await job?.getState()) === "completed");
			const done = await space.runQueue.queue.getJob(runId);
			assert.deepEqual(done?.returnvalue, {
				status: "completed",
				reportPath: join(space.cwd, `${runId}.md`),
				alreadyDone: false,
			});
			assert.deepEqual(worker.running, []);
		} finally {
			await space.openGate();
			await worker.close();
		}
	},
);

test("a worker given no name is named after its host and process", options, async () => {
	const { worker } = await space.startWorker(undefined);
	try {
		assert.equal(worker.name, `${hostname()}:${process.pid}`);
	} finally {
		await worker.close();
	}
});

test(
	"a run that fails fails its job once, with the run's error, and is not retried",
	options,
	async () => {
		const { worker, activities } = await space.startWorker("worker-f");
		try {
			// The flow's state needs a topic: without one the run fails before its first step.
			const runId = await space.enqueueGated({});
			const outcome = await space.follow(runId);
			assert.equal(outcome.status, "failed");
			assert.ok(outcome.status === "failed" && outcome.error.length > 0);
			const job = await space.runQueue.queue.getJob(runId);
			await until(async () => (await job?.getState()) === "failed");
			const failed = await space.runQueue.queue.getJob(runId);
			assert.equal(failed?.failedReason, outcome.status === "failed" ? outcome.error : "");
			assert.equal(failed?.attemptsMade, 1);
			assert.equal(startsOf(activities, runId), 1);
		} finally {
			await worker.close();
		}
	},
);

test(
	"a run that waits for a person ends its job, holding no slot; the answer puts it back and a worker finishes it",
	options,
	async () => {
		const { worker, activities } = await space.startWorker("worker-w");
		try {
			const runId = await space.enqueueGated({ topic: "tides", ask: true });
			const waiting = await space.follow(runId);
			assert.equal(waiting.status, "waiting");
			assert.deepEqual(
				waiting.status === "waiting" && waiting.questions.map((question) => question.prompt),
				['Publish "Tides rise twice a day."?'],
			);
			await until(() => endsOf(activities, runId).length === 1);
			assert.deepEqual(endsOf(activities, runId), [{ type: "waiting" }]);
			const job = await space.runQueue.queue.getJob(runId);
			await until(async () => (await job?.getState()) === "completed");
			assert.deepEqual((await space.runQueue.queue.getJob(runId))?.returnvalue, {
				status: "waiting",
				reportPath: "",
				alreadyDone: false,
			});
			assert.deepEqual(worker.running, []);

			const answered = await answerQueuedRun(space.runQueue, runId, "yes");
			assert.equal(answered.answer, true);
			assert.equal(answered.question.prompt, 'Publish "Tides rise twice a day."?');
			const outcome = await space.follow(runId);
			assert.equal(outcome.status, "completed");
			assert.equal(outcome.status === "completed" && outcome.report, "Tides rise twice a day.");
			assert.equal(startsOf(activities, runId), 2);
			const events = await space.events(runId);
			assert.equal(
				events.filter((event) => event.type === "model-end").length,
				2,
				"no step ran twice",
			);
		} finally {
			await worker.close();
		}
	},
);

test("a worker gives a question its default when its time is up and says so", options, async () => {
	const { worker, activities } = await space.startWorker("worker-t", { deadlineCheckMs: 50 });
	try {
		const runId = await space.enqueueGated({ topic: "tides", ask: true, timeoutMs: 100 });
		await until(() =>
			activities.some(
				(activity) => activity.type === "question-timeout" && activity.runId === runId,
			),
		);
		const timeouts = activities.filter((activity) => activity.type === "question-timeout");
		assert.equal(timeouts.length, 1);
		assert.equal(timeouts[0]?.type === "question-timeout" && timeouts[0].answer, true);
		assert.match(timeouts[0]?.type === "question-timeout" ? timeouts[0].key : "", /approve/);
		let outcome = await space.follow(runId);
		while (outcome.status === "waiting") outcome = await space.follow(runId);
		assert.equal(outcome.status, "completed");
	} finally {
		await worker.close();
	}
});

test(
	"a worker that hands its runs back takes no more: another worker continues them",
	options,
	async () => {
		await space.closeGate();
		const first = await space.startWorker("worker-1");
		let second: Awaited<ReturnType<QueueWorkspace["startWorker"]>> | undefined;
		try {
			const runId = await space.enqueueGated({ topic: "tides" });
			await until(async () =>
				(await space.events(runId)).some((event) => event.type === "model-end"),
			);
			first.worker.handBack();
			await until(() => endsOf(first.activities, runId).length > 0);
			assert.deepEqual(endsOf(first.activities, runId)[0], { type: "handed-back" });
			assert.deepEqual(first.worker.running, []);

			second = await space.startWorker("worker-2");
			await space.openGate();
			const outcome = await space.follow(runId);
			assert.equal(outcome.status, "completed");
			assert.equal(outcome.status === "completed" && outcome.worker, "worker-2");
			assert.equal(startsOf(first.activities, runId), 1, "the first worker took it once");
			const events = await space.events(runId);
			assert.equal(
				events.filter((event) => event.type === "model-end").length,
				2,
				"the draft was not run again",
			);
		} finally {
			await space.openGate();
			await first.worker.close();
			await second?.worker.close();
		}
	},
);

test(
	"a closing worker waits its grace time, then hands the runs in progress back",
	options,
	async () => {
		await space.closeGate();
		const first = await space.startWorker("worker-g");
		let second: Awaited<ReturnType<QueueWorkspace["startWorker"]>> | undefined;
		try {
			const runId = await space.enqueueGated({ topic: "tides" });
			await until(() => first.worker.running.includes(runId));
			await first.worker.close({ graceMs: 300 });
			assert.deepEqual(endsOf(first.activities, runId), [{ type: "handed-back" }]);
			const job = await space.runQueue.queue.getJob(runId);
			assert.equal(await job?.getState(), "waiting");

			second = await space.startWorker("worker-h");
			await space.openGate();
			const outcome = await space.follow(runId);
			assert.equal(outcome.status === "completed" && outcome.worker, "worker-h");
		} finally {
			await space.openGate();
			await first.worker.close();
			await second?.worker.close();
		}
	},
);

test(
	"an answer that lands while an attempt is still ending waits for it, then puts the run back",
	options,
	async () => {
		await space.closeGate();
		const { worker, activities } = await space.startWorker("worker-e");
		try {
			const runId = await space.enqueueGated({ topic: "tides" });
			await until(() => worker.running.includes(runId));
			const continued = continueQueuedRun(space.runQueue, runId);
			await new Promise((resolve) => setTimeout(resolve, 150));
			await space.openGate();
			await continued;
			// The job ended completed and was added again: the next attempt finds the run done.
			await until(() => endsOf(activities, runId).length === 2);
			const [first, second] = endsOf(activities, runId);
			assert.equal(first?.type === "finished" && first.alreadyDone, false);
			assert.equal(second?.type === "finished" && second.alreadyDone, true);
			assert.equal(second?.type === "finished" && second.status, "completed");
		} finally {
			await space.openGate();
			await worker.close();
		}
	},
);

test("a worker or a queue that cannot reach Redis fails at once, naming the URL without its password", async () => {
	const url = `redis://:hunter2@127.0.0.1:${await freePort()}`;
	const message = `Redis at redis://:***@127.0.0.1:${url.split(":").at(-1)} did not answer within 3 s. Start redis-server or fix CREWKIT_REDIS_URL.`;
	const store = openRunStore(":memory:");
	try {
		// Both wait out the same deadline: side by side, the test waits for it once.
		await Promise.all([
			assert.rejects(
				startQueueWorker({ redisUrl: url, store, workspace: "/tmp" }),
				(error) => error instanceof ConfigError && error.message === message,
			),
			assert.rejects(
				openRunQueue(url),
				(error) => error instanceof ConfigError && error.message === message,
			),
		]);
	} finally {
		store.close();
	}
});
