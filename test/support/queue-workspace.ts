import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { CrewEvent } from "../../src/events.ts";
import {
	type QueueWorker,
	type QueueWorkerOptions,
	startQueueWorker,
	type WorkerActivity,
} from "../../src/queue/queue-worker.ts";
import { connectRedis } from "../../src/queue/redis-connection.ts";
import { enqueueRun, openRunQueue, type RunQueue } from "../../src/queue/run-queue.ts";
import { readRunEvents } from "../../src/queue/run-stream.ts";
import { waitForRun } from "../../src/queue/wait-for-run.ts";
import { flowDefinition, newRunId } from "../../src/service/define-run.ts";
import type { RunStore } from "../../src/store/run-store.ts";
import { openRunStore } from "../../src/store/sqlite-store.ts";
import { type RedisServer, startRedisServer } from "./redis-server.ts";
import { gatedFlowFile } from "./waiting-flow-run.ts";

/** The model of queued test runs (the workspace's script), also the workers' default. */
export const queueModel = "scripted:script.json";

/** A three-task YAML crew (`crew/`), one scripted reply per task. */
const agentsYaml =
	"writer:\n  role: Writer on {topic}\n  goal: Write well\n  backstory: Careful.\n";
const tasksYaml = ["one", "two", "three"]
	.map(
		(name) =>
			`task_${name}:\n  description: Step ${name} on {topic}\n  expected_output: Text ${name}\n  agent: writer\n`,
	)
	.join("\n");

/** Resolves once `check` holds, looking every 20 ms (the test's timeout is the safety net). */
export async function until(check: () => boolean | Promise<boolean>): Promise<void> {
	while (!(await check())) await new Promise((resolve) => setTimeout(resolve, 20));
}

/**
 * A queue workspace for in-process worker tests: a throwaway Redis, a folder with the gated
 * flow's script and a YAML crew, and workers started on demand. The gated flow's gate step
 * (FLOW_GATE) is open until `closeGate`. `close` stops everything it started.
 */
export async function startQueueWorkspace() {
	const redisServer: RedisServer = await startRedisServer();
	const cwd = await mkdtemp(join(tmpdir(), "crewkit-queue-"));
	await writeFile(
		join(cwd, "script.json"),
		JSON.stringify([
			{ match: "Draft a sentence on tides", text: "Tides rise." },
			{ match: "Polish this sentence: Tides rise.", text: "Tides rise twice a day." },
			{ match: "Step one", text: "Output one." },
			{ match: "Step two", text: "Output two." },
			{ match: "Step three", text: "Output three." },
		]),
	);
	await mkdir(join(cwd, "crew"));
	await writeFile(join(cwd, "crew/agents.yaml"), agentsYaml);
	await writeFile(join(cwd, "crew/tasks.yaml"), tasksYaml);
	const gate = join(cwd, "gate");
	await writeFile(gate, "");
	const previousGate = process.env.FLOW_GATE;
	process.env.FLOW_GATE = gate;

	const runQueue: RunQueue = await openRunQueue(redisServer.url);
	const redis = connectRedis(redisServer.url);
	const workers: QueueWorker[] = [];
	const stores: RunStore[] = [];
	const connections: Array<ReturnType<typeof connectRedis>> = [];

	return {
		redisServer,
		url: redisServer.url,
		cwd,
		runQueue,
		redis,
		/** From now on the gated flow waits in its gate step until `openGate`. */
		closeGate: () => rm(gate, { force: true }),
		openGate: () => writeFile(gate, ""),
		/**
		 * Starts a worker on this workspace (named `name`, else by its own default);
		 * `activities` collects what it reports.
		 */
		async startWorker(name: string | undefined, options: Partial<QueueWorkerOptions> = {}) {
			const store = openRunStore(":memory:");
			stores.push(store);
			const activities: WorkerActivity[] = [];
			const worker = await startQueueWorker({
				redisUrl: redisServer.url,
				store,
				workspace: cwd,
				...(name === undefined ? {} : { name }),
				policy: { defaultModel: queueModel, models: [], allowCrewMcp: false },
				deadlineCheckMs: 0,
				onActivity: (activity) => activities.push(activity),
				...options,
			});
			workers.push(worker);
			return { worker, activities, store };
		},
		/** Puts a run of the gated flow on the queue; resolves with its run id. */
		async enqueueGated(inputs: Record<string, string | number | boolean>) {
			const runId = newRunId();
			const definition = await flowDefinition({
				reference: gatedFlowFile,
				cwd,
				model: queueModel,
				out: join(cwd, `${runId}.md`),
			});
			await enqueueRun(runQueue, { runId, definition, inputs });
			return runId;
		},
		/** The run's outcome as `crewkit enqueue --wait` sees it (waiting, or finished). */
		follow(runId: string, options: Parameters<typeof waitForRun>[2] = {}) {
			const follower = connectRedis(redisServer.url);
			connections.push(follower);
			return waitForRun(follower, runId, options).finally(() => follower.disconnect());
		},
		async events(runId: string): Promise<CrewEvent[]> {
			return (await readRunEvents(redis, runId)).map((item) => item.event);
		},
		async close() {
			await Promise.all(workers.map((worker) => worker.close({ graceMs: 1000 })));
			await runQueue.close();
			redis.disconnect();
			for (const connection of connections) connection.disconnect();
			for (const store of stores) store.close();
			if (previousGate === undefined) delete process.env.FLOW_GATE;
			else process.env.FLOW_GATE = previousGate;
			await redisServer.stop();
			await rm(cwd, { recursive: true, force: true });
		},
	};
}

export type QueueWorkspace = Awaited<ReturnType<typeof startQueueWorkspace>>;
