import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import {
	type RedisServer,
	skipWithoutRedis,
	startRedisServer,
} from "../../test/support/redis-server.ts";
import type { RunDefinition } from "../service/run-definition.ts";
import { runIndexKey } from "./redis-keys.ts";
import { enqueueRun, openRunQueue, type RunQueue } from "./run-queue.ts";

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

const definition = {
	kind: "flow",
	flowName: "gated",
	flowFile: "/work/flows/gated.ts",
	model: "scripted:script.json",
	out: "/work/.crewkit/reports/run_q1.md",
	workspace: "/work",
	spec: { agents: [], tasks: [] },
} as unknown as RunDefinition;

test(
	"a run is queued once under its run id, tried once, kept a day when done and a week when failed",
	options,
	async () => {
		const data = { runId: "run_q1", definition, inputs: { topic: "tides" } };
		await enqueueRun(runQueue, data);
		await enqueueRun(runQueue, data);
		assert.equal(await runQueue.queue.count(), 1, "adding the same run again does nothing");
		const job = await runQueue.queue.getJob("run_q1");
		assert.equal(job?.name, "run");
		assert.deepEqual(job?.data, data);
		assert.equal(job?.opts.attempts, 1);
		assert.deepEqual(job?.opts.removeOnComplete, { age: 86_400, count: 10_000 });
		assert.deepEqual(job?.opts.removeOnFail, { age: 604_800 });
	},
);

test(
	"every queued run is listed in the run index with its crew's name, inputs and definition",
	options,
	async () => {
		const entries = await runQueue.redis.xrange(runIndexKey, "-", "+");
		const fields = entries.map(([, values]) => values);
		assert.deepEqual(fields[0], [
			"runId",
			"run_q1",
			"crew",
			"gated",
			"inputs",
			JSON.stringify({ topic: "tides" }),
			"definition",
			JSON.stringify(definition),
		]);
	},
);
