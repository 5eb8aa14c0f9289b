import assert from "node:assert/strict";
import { type ChildProcess, spawn } from "node:child_process";
import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { hostname, tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import type { Redis } from "ioredis";
import type { CrewEvent } from "../src/events.ts";
import { createQueueLauncher } from "../src/queue/queue-launcher.ts";
import { connectRedis } from "../src/queue/redis-connection.ts";
import { runKeys } from "../src/queue/redis-keys.ts";
import { enqueueRun, openRunQueue, type RunQueue } from "../src/queue/run-queue.ts";
import { readRunEvents } from "../src/queue/run-stream.ts";
import { defineRun, newRunId } from "../src/service/define-run.ts";
import { createEventBus } from "../src/service/event-bus.ts";
import type { RunLauncher } from "../src/service/run-launcher.ts";
import type { RunStore } from "../src/store/run-store.ts";
import { openRunStore } from "../src/store/sqlite-store.ts";
import {
	type RedisServer,
	skipWithoutRedis,
	startRedisServer,
	stopProcess,
} from "./support/redis-server.ts";
import { crewkitBin, runCli } from "./support/run-cli.ts";

/* Workers are real `crewkit worker` processes, started through bin/crewkit.js. */

const tasks = ["task_one", "task_two", "task_three"];
const agents = "writer:\n  role: Writer on {topic}\n  goal: Write well\n  backstory: Careful.\n";
const tasksYaml = ["one", "two", "three"]
	.map(
		(name) =>
			`task_${name}:\n  description: Step ${name} on {topic}\n  expected_output: Text ${name}\n  agent: writer\n`,
	)
	.join("\n");
const script = (latencyMs: number) =>
	JSON.stringify({
		latencyMs,
		replies: [
			{ match: "Step one", text: "Output one." },
			{ match: "Step two", text: "Output two." },
			{ match: "Step three", text: "Output three." },
		],
	});

let server: RedisServer | undefined;
let redis: Redis;
let runQueue: RunQueue;
let cwd: string;
let launcher: RunLauncher;
let serverStore: RunStore;
const busEvents: string[] = [];
const workers: Array<{ child: ChildProcess; name: string; log: () => string }> = [];

before(async () => {
	if (skipWithoutRedis) return;
	server = await startRedisServer();
	cwd = await mkdtemp(join(tmpdir(), "crewkit-workers-"));
	await mkdir(join(cwd, "crew"));
	await writeFile(join(cwd, "crew/agents.yaml"), agents);
	await writeFile(join(cwd, "crew/tasks.yaml"), tasksYaml);
	await writeFile(join(cwd, "script.json"), script(350));
	await writeFile(join(cwd, "slow.json"), script(4000));
	// The real command: `crewkit --help` must list worker and enqueue, or the test fails here.
	const help = await runCli(["--help"], { cwd });
	assert.match(help.stdout, /^\s+worker\s/m, "crewkit --help lists worker");
	assert.match(help.stdout, /^\s+enqueue\s/m, "crewkit --help lists enqueue");
	redis = connectRedis(server.url);
	runQueue = await openRunQueue(server.url);
	serverStore = openRunStore(":memory:");
	const bus = createEventBus();
	bus.subscribe("*", ({ event }) => busEvents.push(event.type));
	launcher = createQueueLauncher({
		redisUrl: server.url,
		store: serverStore,
		bus,
		workspace: cwd,
		defaultModel: "scripted:script.json",
	});
});

after(async () => {
	await Promise.all(workers.map(({ child }) => stopProcess(child)));
	await launcher?.close();
	await runQueue?.close();
	redis?.disconnect();
	serverStore?.close();
	await server?.stop();
	if (cwd) await rm(cwd, { recursive: true, force: true });
});

const env = () => ({
	PATH: process.env.PATH ?? "",
	HOME: process.env.HOME ?? "",
	CREWKIT_REDIS_URL: server?.url ?? "",
});

/** Starts a worker process; resolves once it is ready. */
async function startWorker(args: string[]): Promise<(typeof workers)[number]> {
	// Queued runs name their scripts; a worker runs only the models it is told to allow.
	const allowed = ["--allow-model", "scripted:script.json", "--allow-model", "scripted:slow.json"];
	const child = spawn(process.execPath, [crewkitBin, "worker", ...allowed, ...args], {
		cwd,
		env: env(),
		stdio: ["ignore", "pipe", "pipe"],
	});
	let log = "";
	child.stdout?.on("data", (chunk) => (log += chunk));
	const ready = new Promise<void>((resolve, reject) => {
		child.stderr?.on("data", (chunk) => {
			log += chunk;
			if (/ready, /.test(log)) resolve();
		});
		child.on("exit", (code) => reject(new Error(`worker exited with ${code}:\n${log}`)));
	});
	const worker = { child, name: `${hostname()}:${child.pid}`, log: () => log };
	workers.push(worker);
	await ready;
	return worker;
}

function runCommand(
	args: string[],
): Promise<{ code: number | null; stdout: string; stderr: string }> {
	return new Promise((resolve, reject) => {
		const child = spawn(process.execPath, [crewkitBin, ...args], {
			cwd,
			env: env(),
			stdio: ["ignore", "pipe", "pipe"],
		});
		let stdout = "";
		let stderr = "";
		child.stdout.on("data", (chunk) => (stdout += chunk));
		child.stderr.on("data", (chunk) => (stderr += chunk));
		child.on("error", reject);
		child.on("close", (code) => resolve({ code, stdout, stderr }));
	});
}

async function until<T>(
	what: string,
	check: () => Promise<T | undefined> | T | undefined,
	timeoutMs: number,
): Promise<T> {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		const value = await check();
		if (value !== undefined && value !== false) return value;
		if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}.`);
		await new Promise((resolve) => setTimeout(resolve, 100));
	}
}

const eventsOf = async (runId: string) => (await readRunEvents(redis, runId)).map((e) => e.event);
const count = (events: CrewEvent[], type: CrewEvent["type"], task?: string) =>
	events.filter(
		(event) =>
			event.type === type && (task === undefined || ("task" in event && event.task === task)),
	).length;

/** A run's events in short, for messages. */
const describe = (events: CrewEvent[]) =>
	events
		.filter((event) => event.type !== "model-delta")
		.map((event) => ("task" in event ? `${event.type}:${event.task}` : event.type))
		.join(" ");

async function enqueue(topic: string, model = "scripted:script.json"): Promise<string> {
	const runId = newRunId();
	const inputs = { topic };
	const definition = await defineRun(
		{ crew: "crew", inputs, model },
		{ workspace: cwd, defaultModel: model, runId },
	);
	await enqueueRun(runQueue, { runId, definition, inputs });
	return runId;
}

test("a run cancelled while queued never starts", { skip: skipWithoutRedis }, async () => {
	const { runId } = await launcher.start({ crew: "crew", inputs: { topic: "queued" } });
	assert.equal(await launcher.cancel(runId), true);
	assert.equal(await redis.get(runKeys(runId).done), "cancelled");
	const events = await eventsOf(runId);
	assert.deepEqual(
		events.map((event) => event.type),
		["run-end"],
	);
	await until(
		"the launcher to record the cancellation",
		() => serverStore.getRun(runId)?.status === "cancelled",
		5000,
	);
	assert.equal(await launcher.cancel(runId), false, "a finished run cannot be cancelled");
});

test(
	"50 runs on 3 workers, one SIGKILLed mid-run: every run completes exactly once, resumed runs skip completed tasks",
	{ skip: skipWithoutRedis, timeout: 90_000 },
	() => withWorkerLogs(manyRuns),
);

async function manyRuns(): Promise<void> {
	const viaCli = await runCommand([
		"enqueue",
		"--crew",
		"crew",
		"--topic",
		"cli",
		"--model",
		"scripted:script.json",
	]);
	assert.equal(viaCli.code, 0, viaCli.stderr);
	const cliRun = viaCli.stdout.trim();
	assert.match(cliRun, /^run_[a-z0-9_]+$/);
	const runIds = [cliRun];
	for (let index = 1; index < 50; index++) runIds.push(await enqueue(`topic ${index}`));

	const started = Date.now();
	const [victim] = await Promise.all([
		startWorker(["--concurrency", "4"]),
		startWorker(["--concurrency", "4"]),
		startWorker(["--concurrency", "4"]),
	]);
	if (!victim) throw new Error("no worker");

	// Kill the first worker once it holds runs with a completed task and no end.
	const held = await until(
		"the victim to be in the middle of a run",
		async () => {
			const active = (await runQueue.queue.getActive()).filter(
				(job) => job.processedBy === victim.name,
			);
			const midRun: string[] = [];
			for (const job of active) {
				const events = await eventsOf(job.id ?? "");
				if (count(events, "task-end") > 0 && count(events, "run-end") === 0)
					midRun.push(job.id ?? "");
			}
			return midRun.length ? active.map((job) => job.id ?? "") : undefined;
		},
		20_000,
	);
	const before = new Map<string, CrewEvent[]>();
	victim.child.kill("SIGKILL");
	for (const runId of held) before.set(runId, await eventsOf(runId));

	await until(
		"all 50 runs to finish",
		async () => {
			const done = await Promise.all(runIds.map((runId) => redis.exists(runKeys(runId).done)));
			return done.every(Boolean) || undefined;
		},
		60_000,
	);
	const elapsedMs = Date.now() - started;

	// Completed exactly once: one marker, one result, one run-end, one task-end per task.
	for (const runId of runIds) {
		assert.equal(await redis.get(runKeys(runId).done), "completed", runId);
		const result = await redis.hgetall(runKeys(runId).result);
		assert.equal(result.status, "completed");
		assert.equal(result.report, "Output three.");
		assert.notEqual(result.worker, victim.name, "the killed worker did not finish it");
		assert.equal(
			await readFile(join(cwd, ".crewkit/reports", `${runId}.md`), "utf8"),
			"Output three.",
		);
		const sequenced = await readRunEvents(redis, runId);
		assert.deepEqual(
			sequenced.map(({ seq }) => seq),
			sequenced.map((_, index) => index + 1),
			`${runId}: events are numbered 1, 2, 3… across attempts`,
		);
		const events = sequenced.map(({ event }) => event);
		const story = `${held.includes(runId) ? "held" : "not held"}: ${describe(events)}`;
		assert.equal(count(events, "run-end"), 1, `${runId}: one run-end; ${story}`);
		for (const task of tasks)
			assert.equal(count(events, "task-end", task), 1, `${runId}: ${task} ended once; ${story}`);
		if (!held.includes(runId)) {
			assert.equal(count(events, "run-start"), 1, `${runId}: ran once`);
			assert.equal(count(events, "model-end"), 3, `${runId}: three model calls`);
		}
	}
	const counts = await runQueue.queue.getJobCounts("completed", "failed", "active", "wait");
	assert.deepEqual(counts, { completed: 50, failed: 0, active: 0, wait: 0 });

	// The runs the killed worker held were resumed elsewhere, without redoing their completed tasks.
	let restoredTasks = 0;
	for (const runId of held) {
		const events = await eventsOf(runId);
		const earlier = before.get(runId) ?? [];
		assert.ok(count(events, "run-start") >= 2, `${runId} was taken over`);
		for (const task of tasks) {
			if (count(earlier, "task-end", task) === 0) continue;
			assert.equal(count(events, "model-end", task), 1, `${runId}: ${task} was not run again`);
			assert.equal(count(events, "task-restore", task), 1, `${runId}: ${task} was restored`);
			restoredTasks++;
		}
	}
	assert.ok(restoredTasks >= 1, "at least one completed task was restored");

	// The launcher followed every run into the server's store, live on the bus.
	await until(
		"the launcher to record every run",
		() => runIds.every((runId) => serverStore.getRun(runId)?.status === "completed") || undefined,
		10_000,
	);
	for (const runId of runIds) {
		assert.equal(serverStore.events(runId).length, (await readRunEvents(redis, runId)).length);
		assert.deepEqual(
			serverStore.completedTasks(runId).map((task) => task.raw),
			["Output one.", "Output two.", "Output three."],
		);
	}
	assert.ok(busEvents.filter((type) => type === "run-end").length >= 50);
	assert.ok(elapsedMs < 60_000, `finished in ${elapsedMs} ms`);
}

/** Adds the workers' output to a failure's message. */
async function withWorkerLogs(work: () => Promise<void>): Promise<void> {
	try {
		await work();
	} catch (error) {
		const logs = workers.map((worker) => `--- worker ${worker.name}\n${worker.log()}`).join("\n");
		if (error instanceof Error) error.message += `\n${logs}`;
		throw error;
	}
}

test("a running run is cancelled through Redis on its worker", {
	skip: skipWithoutRedis,
}, async () => {
	const { runId } = await launcher.start({
		crew: "crew",
		inputs: { topic: "slow" },
		model: "scripted:slow.json",
	});
	await until(
		"the run to start",
		async () => count(await eventsOf(runId), "task-start") > 0 || undefined,
		20_000,
	);
	assert.equal(await launcher.cancel(runId), true);
	assert.equal(await redis.get(runKeys(runId).done), "cancelled");
	const result = await redis.hgetall(runKeys(runId).result);
	assert.match(result.error ?? "", /cancel/i);
	await until(
		"the store to show it",
		() => serverStore.getRun(runId)?.status === "cancelled" || undefined,
		5000,
	);
});

test("enqueue --wait prints the report; the same --run-id again does not run twice", {
	skip: skipWithoutRedis,
}, async () => {
	const args = [
		"enqueue",
		"--crew",
		"crew",
		"--topic",
		"waited",
		"--model",
		"scripted:script.json",
		"--run-id",
		"run_waited",
		"--wait",
		"--quiet",
	];
	const first = await runCommand(args);
	assert.equal(first.code, 0, first.stderr);
	assert.deepEqual(first.stdout.trim().split("\n"), [
		"run_waited",
		join(cwd, ".crewkit/reports/run_waited.md"),
	]);
	const again = await runCommand(args);
	assert.equal(again.code, 0, again.stderr);
	const events = await eventsOf("run_waited");
	assert.equal(count(events, "run-start"), 1);
	assert.equal(count(events, "run-end"), 1);
});
