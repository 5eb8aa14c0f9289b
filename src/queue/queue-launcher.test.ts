import assert from "node:assert/strict";
import { cp, mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import {
	type QueueWorkspace,
	queueModel,
	startQueueWorkspace,
	until,
} from "../../test/support/queue-workspace.ts";
import { skipWithoutRedis } from "../../test/support/redis-server.ts";
import { createEventBus, type SequencedEvent } from "../service/event-bus.ts";
import type { RunLauncher } from "../service/run-launcher.ts";
import type { RunStore } from "../store/run-store.ts";
import { openRunStore } from "../store/sqlite-store.ts";
import { createQueueLauncher, type QueueLauncherOptions } from "./queue-launcher.ts";
import { runKeys } from "./redis-keys.ts";
import { readRunEvents } from "./run-stream.ts";

let space: QueueWorkspace;
/** The server's own workspace: a copy of the workers', at another place. */
let serverDir: string;
const options = { skip: skipWithoutRedis, timeout: 120_000 };
const launchers: RunLauncher[] = [];
const stores: RunStore[] = [];

before(async () => {
	if (skipWithoutRedis) return;
	space = await startQueueWorkspace();
	serverDir = await mkdtemp(join(tmpdir(), "crewkit-server-"));
	await cp(space.cwd, serverDir, { recursive: true });
});
after(async () => {
	for (const launcher of launchers) await launcher.close();
	for (const store of stores) store.close();
	await space?.close();
	if (serverDir) await rm(serverDir, { recursive: true, force: true });
});

/** A launcher on the server's workspace, with a store and a bus of its own unless given. */
function launch(overrides: Partial<QueueLauncherOptions> = {}) {
	const store = overrides.store ?? openRunStore(":memory:");
	if (!overrides.store) stores.push(store);
	const bus = createEventBus();
	const published: SequencedEvent[] = [];
	bus.subscribe("*", (event) => published.push(event));
	const errors: unknown[] = [];
	const launcher = createQueueLauncher({
		redisUrl: space.url,
		store,
		bus,
		workspace: serverDir,
		defaultModel: queueModel,
		deadlineCheckMs: 0,
		onError: (error) => errors.push(error),
		...overrides,
	});
	launchers.push(launcher);
	return { launcher, store, published, errors };
}

const statusOf = (store: RunStore, runId: string) => store.getRun(runId)?.status;

test(
	"a run started through the launcher runs on a worker; the server records it event by event and writes its report",
	options,
	async () => {
		const { launcher, store, published, errors } = launch();
		const { worker } = await space.startWorker("worker-l");
		try {
			const { runId } = await launcher.start({ crew: "crew", inputs: { topic: "tides" } });
			assert.match(runId, /^run_/);
			await until(() => statusOf(store, runId) === "completed");
			const run = store.getRun(runId);
			assert.equal(run?.crew, "crew");
			assert.deepEqual(run?.inputs, { topic: "tides" });
			assert.equal(
				(run?.definition as { workspace?: string } | undefined)?.workspace,
				serverDir,
				"rebased onto the server's workspace",
			);
			const inRedis = await readRunEvents(space.redis, runId);
			const recorded = store.events(runId);
			assert.deepEqual(
				recorded.map(({ seq, event }) => [seq, event.type]),
				inRedis.map(({ seq, event }) => [seq, event.type]),
			);
			assert.deepEqual(
				published.filter((event) => event.runId === runId).map(({ seq }) => seq),
				recorded.map(({ seq }) => seq),
				"every event published on the bus, in order",
			);
			const report = join(serverDir, ".crewkit", "reports", `${runId}.md`);
			await until(() =>
				readFile(report, "utf8").then(
					() => true,
					() => false,
				),
			);
			assert.equal(await readFile(report, "utf8"), "Output three.");
			assert.deepEqual(errors, []);
		} finally {
			await worker.close();
		}
	},
);

test(
	"cancelling a run no worker has taken finishes it as cancelled at once; a finished or unknown run is not cancelled",
	options,
	async () => {
		const { launcher, store } = launch();
		const { runId } = await launcher.start({ crew: "crew", inputs: { topic: "tides" } });
		assert.equal(await launcher.cancel(runId), true);
		assert.equal(await space.runQueue.queue.getJob(runId), undefined, "the job is gone");
		assert.deepEqual(await space.redis.hgetall(runKeys(runId).result), {
			status: "cancelled",
			report: "",
			reportPath: "",
			error: "The run was cancelled before it started.",
			worker: "",
			seq: "1",
			finishedAt: (await space.redis.hget(runKeys(runId).result, "finishedAt")) ?? "",
		});
		assert.equal(await space.redis.get(runKeys(runId).cancel), "1");
		assert.ok((await space.redis.ttl(runKeys(runId).cancel)) > 6 * 24 * 3600, "kept a week");
		await until(() => statusOf(store, runId) === "cancelled");
		assert.equal(await launcher.cancel(runId), false, "already finished");
		assert.equal(await launcher.cancel("run_unknown"), false);
	},
);

test(
	"cancelling a run in progress stops it on its worker and waits until it is finished",
	options,
	async () => {
		await space.closeGate();
		// A loaded machine (Stryker, CI) can take longer than the default 10 s to stop a run.
		const { launcher, store } = launch({ cancelWaitMs: 100_000 });
		const { worker } = await space.startWorker("worker-c");
		try {
			const runId = await space.enqueueGated({ topic: "tides" });
			await until(() => worker.running.includes(runId));
			assert.equal(await launcher.cancel(runId), true);
			assert.equal(
				await space.redis.get(runKeys(runId).done),
				"cancelled",
				"finished when cancel returns",
			);
			const result = await space.redis.hgetall(runKeys(runId).result);
			assert.equal(result.status, "cancelled");
			assert.equal(result.worker, "worker-c");
			await until(() => statusOf(store, runId) === "cancelled");
		} finally {
			await space.openGate();
			await worker.close();
		}
	},
);

test(
	"a waiting run is answered through the launcher; the server sees it wait, run again and complete",
	options,
	async () => {
		const { launcher, store } = launch();
		const { worker } = await space.startWorker("worker-a");
		try {
			const runId = await space.enqueueGated({ topic: "tides", ask: true });
			await until(() => statusOf(store, runId) === "waiting");
			const answered = await launcher.answer?.(runId, "yes");
			assert.equal(answered?.answer, true);
			assert.match(answered?.key ?? "", /approve/);
			await until(() => statusOf(store, runId) === "completed");
			const types = store.events(runId).map(({ event }) => event.type);
			assert.equal(types.filter((type) => type === "run-start").length, 2);
			assert.equal(types.filter((type) => type === "human-answer").length, 1);
		} finally {
			await worker.close();
		}
	},
);

test(
	"a launcher started again picks up the runs its store has, after their last recorded event",
	options,
	async () => {
		const store = openRunStore(":memory:");
		stores.push(store);
		await space.closeGate();
		const { worker } = await space.startWorker("worker-r");
		try {
			const first = launch({ store });
			const runId = await space.enqueueGated({ topic: "tides" });
			await until(() => store.events(runId).some(({ event }) => event.type === "model-end"));
			await first.launcher.close();
			await space.openGate();
			await until(async () => (await space.redis.exists(runKeys(runId).done)) === 1);

			const second = launch({ store });
			await until(() => statusOf(store, runId) === "completed");
			const seqs = store.events(runId).map(({ seq }) => seq);
			assert.deepEqual(
				seqs,
				Array.from({ length: seqs.length }, (_, index) => index + 1),
			);
			assert.equal(seqs.length, (await readRunEvents(space.redis, runId)).length);
			assert.deepEqual(second.errors, []);
		} finally {
			await space.openGate();
			await worker.close();
		}
	},
);

test(
	"a launcher gives due questions their default answer when asked to sweep",
	options,
	async () => {
		const { launcher, store, errors } = launch({ deadlineCheckMs: 50 });
		const { worker } = await space.startWorker("worker-d");
		try {
			const runId = await space.enqueueGated({ topic: "tides", ask: true, timeoutMs: 100 });
			await until(() => statusOf(store, runId) === "completed");
			const answers = store
				.events(runId)
				.flatMap(({ event }) => (event.type === "human-answer" ? [[event.answer, event.by]] : []));
			assert.deepEqual(answers, [[true, "timeout"]]);
			assert.deepEqual(errors, []);
		} finally {
			await launcher.close();
			await worker.close();
		}
	},
);

test("a closed launcher starts no runs", options, async () => {
	const { launcher } = launch();
	await launcher.close();
	await assert.rejects(
		launcher.start({ crew: "crew", inputs: { topic: "tides" } }),
		/^Error: The launcher is closed\.$/,
	);
});
