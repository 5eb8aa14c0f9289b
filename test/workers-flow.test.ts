import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { createQueueLauncher } from "../src/queue/queue-launcher.ts";
import { connectRedis } from "../src/queue/redis-connection.ts";
import { runKeys } from "../src/queue/redis-keys.ts";
import { enqueueRun, openRunQueue } from "../src/queue/run-queue.ts";
import { readRunEvents } from "../src/queue/run-stream.ts";
import { flowDefinition, newRunId } from "../src/service/define-run.ts";
import { createEventBus } from "../src/service/event-bus.ts";
import { openRunStore } from "../src/store/sqlite-store.ts";
import { skipWithoutRedis, startRedisServer, stopProcess } from "./support/redis-server.ts";
import { crewkitBin } from "./support/run-cli.ts";
import { gatedFlowFile } from "./support/waiting-flow-run.ts";

/** Polls `check` until it gives a value; fails with `what` after `timeoutMs`. */
async function until<T>(
	what: string,
	check: () => T | undefined | Promise<T | undefined>,
	timeoutMs = 60_000,
) {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		const value = await check();
		if (value !== undefined) return value;
		if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}.`);
		await new Promise((resolve) => setTimeout(resolve, 100));
	}
}

test("a queue worker runs a flow; while it waits for a person no slot is held; the answer continues it", {
	skip: skipWithoutRedis,
	timeout: 120_000,
}, async () => {
	const redisServer = await startRedisServer();
	const cwd = await mkdtemp(join(tmpdir(), "crewkit-flow-queue-"));
	await writeFile(
		join(cwd, "script.json"),
		JSON.stringify([
			{ match: "Draft a sentence on tides", text: "Tides rise." },
			{ match: "Polish this sentence: Tides rise.", text: "Tides rise twice a day." },
		]),
	);
	const env = {
		PATH: process.env.PATH ?? "",
		HOME: process.env.HOME ?? "",
		CREWKIT_REDIS_URL: redisServer.url,
	};
	const worker = spawn(
		process.execPath,
		[crewkitBin, "worker", "--concurrency", "1", "--allow-model", "scripted:script.json"],
		{
			cwd,
			env,
			stdio: ["ignore", "pipe", "pipe"],
		},
	);
	let log = "";
	worker.stdout?.on("data", (chunk) => (log += chunk));
	worker.stderr?.on("data", (chunk) => (log += chunk));
	const runQueue = await openRunQueue(redisServer.url);
	const redis = connectRedis(redisServer.url);
	const serverStore = openRunStore(":memory:");
	const launcher = createQueueLauncher({
		redisUrl: redisServer.url,
		store: serverStore,
		bus: createEventBus(),
		workspace: cwd,
		defaultModel: "scripted:script.json",
	});
	const enqueueFlow = async (inputs: Record<string, string | boolean>) => {
		const runId = newRunId();
		const definition = await flowDefinition({
			reference: gatedFlowFile,
			cwd,
			model: "scripted:script.json",
			out: join(cwd, `${runId}.md`),
		});
		await enqueueRun(runQueue, { runId, definition, inputs });
		return runId;
	};
	const status = (runId: string) => serverStore.getRun(runId)?.status;
	try {
		const asking = await enqueueFlow({ topic: "tides", ask: true });
		await until(`run ${asking} to wait (${log})`, () =>
			status(asking) === "waiting" ? true : undefined,
		);
		assert.match(log, /waits for an answer/);

		// One slot, and the waiting run does not hold it: another run goes through.
		const plain = await enqueueFlow({ topic: "tides" });
		await until(`run ${plain} to complete (${log})`, () =>
			status(plain) === "completed" ? true : undefined,
		);
		assert.equal(await readFile(join(cwd, `${plain}.md`), "utf8"), "Tides rise twice a day.");

		await assert.rejects(launcher.answer?.(asking, "perhaps") ?? Promise.reject(), /yes or no/);
		await launcher.answer?.(asking, "yes");
		await until(`run ${asking} to complete (${log})`, () =>
			status(asking) === "completed" ? true : undefined,
		);
		assert.equal(await redis.get(runKeys(asking).done), "completed");
		const events = (await readRunEvents(redis, asking)).map((item) => item.event);
		assert.equal(
			events.filter((event) => event.type === "model-end").length,
			2,
			"no step ran twice",
		);
		assert.deepEqual(
			events.flatMap((event) => (event.type === "step-restore" ? [event.step] : [])),
			["draft", "gate", "polish"],
		);
		assert.deepEqual(
			events.flatMap((event) => (event.type === "run-end" ? [event.status] : [])),
			["waiting", "completed"],
		);
		assert.equal(await readFile(join(cwd, `${asking}.md`), "utf8"), "Tides rise twice a day.");
	} finally {
		await stopProcess(worker);
		await launcher.close();
		await runQueue.close();
		redis.disconnect();
		serverStore.close();
		await redisServer.stop();
		await rm(cwd, { recursive: true, force: true });
	}
});
