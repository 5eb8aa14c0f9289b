import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import {
	type RedisServer,
	skipWithoutRedis,
	startRedisServer,
} from "../../test/support/redis-server.ts";
import { ConfigError } from "../errors.ts";
import type { HumanQuestion } from "../human/human-question.ts";
import type { RunDefinition } from "../service/run-definition.ts";
import {
	answerDueQuestions,
	sweepDueQuestions,
	type TimedOutQuestion,
} from "./answer-due-questions.ts";
import { answerQueuedRun, recordQueuedAnswer } from "./answer-queued-run.ts";
import { continueQueuedRun } from "./continue-queued-run.ts";
import { deadlineMember } from "./question-scripts.ts";
import { deadlinesKey, runIndexKey, runKeys } from "./redis-keys.ts";
import { openRunQueue, type RunQueue } from "./run-queue.ts";
import { appendRunEvent } from "./run-scripts.ts";
import { readRunEvents } from "./run-stream.ts";

let server: RedisServer | undefined;
let runQueue: RunQueue;
const options = { skip: skipWithoutRedis, timeout: 60_000 };

before(async () => {
	if (skipWithoutRedis) return;
	server = await startRedisServer();
	runQueue = await openRunQueue(server.url);
});
after(async () => {
	await runQueue?.close();
	await server?.stop();
});

const definition: RunDefinition = {
	kind: "yaml",
	crewName: "crew",
	crewDir: "/server/work/crew",
	spec: { agents: [], tasks: [] } as unknown as RunDefinition["spec"],
	model: "scripted:script.json",
	out: "/server/work/.crewkit/reports/run.md",
	sections: undefined,
	workspace: "/server/work",
};
const jobData = (runId: string) => ({ runId, definition, inputs: { topic: "tides" } });

const publish: HumanQuestion = {
	key: "approve#1/1",
	type: "approve",
	prompt: "Publish?",
	hasDefault: true,
	default: true,
	deadline: 1000,
};
const colour: HumanQuestion = {
	key: "colour#1/1",
	type: "choose",
	prompt: "Which colour?",
	choices: ["red", "blue"],
	hasDefault: false,
};

/** A run stopped to wait for `questions`, its job data kept as a waiting attempt keeps it. */
async function waitingRun(runId: string, questions: HumanQuestion[] = [publish, colour]) {
	const keys = runKeys(runId);
	const append = (event: object) =>
		appendRunEvent(runQueue.redis, keys, { token: "" }, JSON.stringify({ runId, ...event }));
	await append({ type: "step-start", step: "ask" });
	for (const question of questions) await append({ type: "human-ask", question, at: 0 });
	await append({ type: "run-end", status: "waiting", usage: {}, durationMs: 0 });
	await runQueue.redis.set(keys.job, JSON.stringify(jobData(runId)));
}

const answersIn = async (runId: string) =>
	(await readRunEvents(runQueue.redis, runId)).flatMap(({ event }) =>
		event.type === "human-answer" ? [[event.key, event.answer, event.by]] : [],
	);

const refusal = (message: string) => (error: unknown) =>
	error instanceof ConfigError && error.message === message;

test(
	"an answer to a waiting queued run is checked, recorded once by a person, and the run goes back on the queue",
	options,
	async () => {
		await waitingRun("run_answer");
		const first = await answerQueuedRun(runQueue, "run_answer", "yes");
		assert.deepEqual(
			first,
			{ question: publish, answer: true },
			"the first open question by default",
		);
		const job = await runQueue.queue.getJob("run_answer");
		assert.deepEqual(
			job?.data,
			JSON.parse(JSON.stringify(jobData("run_answer"))),
			"enqueued again from the kept job data",
		);
		assert.equal(await job?.getState(), "waiting");
		const index = await runQueue.redis.xrange(runIndexKey, "-", "+");
		assert.equal(index.filter(([, fields]) => fields[1] === "run_answer").length, 1);

		// A second question of the same run, by key: the queued job reads both answers.
		const second = await answerQueuedRun(runQueue, "run_answer", "2", "colour#1/1");
		assert.deepEqual(second, { question: colour, answer: "blue" });
		assert.deepEqual(await answersIn("run_answer"), [
			["approve#1/1", true, "person"],
			["colour#1/1", "blue", "person"],
		]);
		assert.equal(
			(await runQueue.redis.xrange(runIndexKey, "-", "+")).filter(
				([, fields]) => fields[1] === "run_answer",
			).length,
			1,
			"a job still queued is not added again",
		);
		await assert.rejects(
			answerQueuedRun(runQueue, "run_answer", "yes"),
			refusal("Run 'run_answer' waits on no question. Open: none."),
		);
	},
);

test(
	"answers that cannot be taken are refused with what is open, and nothing is recorded",
	options,
	async () => {
		await waitingRun("run_refuse");
		await assert.rejects(
			answerQueuedRun(runQueue, "run_refuse", "yes", "nope#1/1"),
			refusal("Run 'run_refuse' waits on no question 'nope#1/1'. Open: approve#1/1, colour#1/1."),
		);
		await assert.rejects(
			answerQueuedRun(runQueue, "run_refuse", "green", "colour#1/1"),
			refusal("'Which colour?' takes one of: red, blue (or its number), got 'green'."),
		);
		assert.deepEqual(await answersIn("run_refuse"), []);
		assert.equal(await runQueue.queue.getJob("run_refuse"), undefined);

		const running = runKeys("run_running");
		await appendRunEvent(
			runQueue.redis,
			running,
			{ token: "" },
			JSON.stringify({ type: "step-start" }),
		);
		await assert.rejects(
			answerQueuedRun(runQueue, "run_running", "yes"),
			refusal("Run 'run_running' is not waiting for an answer (it is running or queued)."),
		);
		await assert.rejects(
			answerQueuedRun(runQueue, "run_never", "yes"),
			refusal("Run 'run_never' is not waiting for an answer (it is running or queued)."),
		);
		await waitingRun("run_ended");
		await runQueue.redis.set(runKeys("run_ended").done, "completed");
		await assert.rejects(
			answerQueuedRun(runQueue, "run_ended", "yes"),
			refusal("Run 'run_ended' has finished."),
		);
	},
);

test(
	"of several callers answering one question, one records it; the others learn why not",
	options,
	async () => {
		await waitingRun("run_race");
		assert.equal(
			await recordQueuedAnswer(runQueue, "run_race", "approve#1/1", false, "timeout"),
			"recorded",
		);
		assert.equal(
			await recordQueuedAnswer(runQueue, "run_race", "approve#1/1", true, "person"),
			"answered",
		);
		assert.deepEqual(await answersIn("run_race"), [["approve#1/1", false, "timeout"]]);
		assert.equal(
			await recordQueuedAnswer(runQueue, "run_unknown", "approve#1/1", true, "person"),
			"running",
		);
		await runQueue.redis.set(runKeys("run_race").done, "completed");
		assert.equal(
			await recordQueuedAnswer(runQueue, "run_race", "colour#1/1", "red", "person"),
			"done",
		);
	},
);

test(
	"a question answered between reading the run and recording the answer is refused as answered meanwhile",
	options,
	async () => {
		await waitingRun("run_meanwhile");
		// Another caller has won the question's answer slot but not yet appended its event.
		await runQueue.redis.hset(runKeys("run_meanwhile").answered, "approve#1/1", "{}");
		await assert.rejects(
			answerQueuedRun(runQueue, "run_meanwhile", "no"),
			refusal(
				"'Publish?' of run 'run_meanwhile' was answered meanwhile (by a person or its timeout).",
			),
		);
		assert.equal(await runQueue.queue.getJob("run_meanwhile"), undefined, "not enqueued");
	},
);

test("a run whose job data is gone cannot be continued: enqueue it again", options, async () => {
	await assert.rejects(
		continueQueuedRun(runQueue, "run_lost"),
		refusal("Run 'run_lost' has no job on the queue any more: enqueue it again."),
	);
});

test(
	"a sweep gives due questions with a default their answer; it drops members it cannot use and leaves the rest",
	options,
	async () => {
		const { redis } = runQueue;
		await redis.del(deadlinesKey);
		await waitingRun("run_due");
		await waitingRun("run_later");
		await waitingRun("run_nodefault", [colour]);
		await waitingRun("run_answered");
		await recordQueuedAnswer(runQueue, "run_answered", "approve#1/1", true, "person");
		await redis.zadd(
			deadlinesKey,
			1000,
			deadlineMember("run_due", "approve#1/1"),
			5000,
			deadlineMember("run_later", "approve#1/1"),
			1000,
			deadlineMember("run_nodefault", "colour#1/1"),
			1000,
			deadlineMember("run_answered", "approve#1/1"),
			1000,
			"not a member",
		);
		const answered = await answerDueQuestions(runQueue, 1000);
		assert.deepEqual(answered, [{ runId: "run_due", key: "approve#1/1", answer: true }]);
		assert.deepEqual(await answersIn("run_due"), [["approve#1/1", true, "timeout"]]);
		assert.equal((await runQueue.queue.getJob("run_due"))?.id, "run_due", "back on the queue");
		assert.deepEqual(await redis.zrange(deadlinesKey, 0, -1), [
			deadlineMember("run_later", "approve#1/1"),
		]);
		assert.deepEqual(await answerDueQuestions(runQueue, 4999), []);
		assert.equal(await redis.zcard(deadlinesKey), 1, "not due yet");
		assert.deepEqual(await answerDueQuestions(runQueue, 5000), [
			{ runId: "run_later", key: "approve#1/1", answer: true },
		]);
	},
);

test("a sweep takes at most 100 due questions at a time", options, async () => {
	const { redis } = runQueue;
	await redis.del(deadlinesKey);
	for (let index = 0; index < 101; index++) await redis.zadd(deadlinesKey, index, `junk ${index}`);
	await answerDueQuestions(runQueue, 1000);
	assert.deepEqual(await redis.zrange(deadlinesKey, 0, -1), ["junk 100"]);
	await answerDueQuestions(runQueue);
	assert.equal(await redis.zcard(deadlinesKey), 0, "now is the default time");
});

/** A run queue whose deadline lookups are answered by `lookup` (no Redis). */
const fakeQueue = (lookup: () => Promise<string[]>) =>
	({ redis: { zrangebyscore: lookup } }) as unknown as RunQueue;

test("the sweeper runs one round at a time, reports errors and goes on; stop waits for the round in progress", async () => {
	let calls = 0;
	let release = () => {};
	const errors: unknown[] = [];
	const sweeper = sweepDueQuestions(
		fakeQueue(() => {
			calls++;
			if (calls === 1) return Promise.reject(new Error("Redis is down"));
			return new Promise((resolve) => {
				release = () => resolve([]);
			});
		}),
		{ everyMs: 5, onError: (error) => errors.push(error) },
	);
	while (calls < 2) await new Promise((resolve) => setTimeout(resolve, 5));
	assert.deepEqual(
		errors.map((error) => (error as Error).message),
		["Redis is down"],
	);
	// The second round hangs: later ticks start none while it is in progress.
	await new Promise((resolve) => setTimeout(resolve, 50));
	assert.equal(calls, 2);
	let stopped = false;
	const stopping = sweeper.stop().then(() => {
		stopped = true;
	});
	await new Promise((resolve) => setTimeout(resolve, 20));
	assert.equal(stopped, false, "stop waits for the round");
	release();
	await stopping;
	await new Promise((resolve) => setTimeout(resolve, 20));
	assert.equal(calls, 2, "no round after stop");
});

test("the sweeper tells of each question it answered", options, async () => {
	await runQueue.redis.del(deadlinesKey);
	await waitingRun("run_swept");
	await runQueue.redis.zadd(deadlinesKey, 1, deadlineMember("run_swept", "approve#1/1"));
	const told: TimedOutQuestion[] = [];
	const sweeper = sweepDueQuestions(runQueue, {
		everyMs: 10,
		onAnswer: (question) => told.push(question),
	});
	while (told.length === 0) await new Promise((resolve) => setTimeout(resolve, 10));
	await sweeper.stop();
	assert.deepEqual(told, [{ runId: "run_swept", key: "approve#1/1", answer: true }]);
});
