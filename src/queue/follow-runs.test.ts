import assert from "node:assert/strict";
import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import type { Redis } from "ioredis";
import { until } from "../../test/support/queue-workspace.ts";
import {
	type RedisServer,
	skipWithoutRedis,
	startRedisServer,
} from "../../test/support/redis-server.ts";
import type { RunDefinition } from "../service/run-definition.ts";
import type { RunStore } from "../store/run-store.ts";
import { openRunStore } from "../store/sqlite-store.ts";
import { followRuns, type RunFollower } from "./follow-runs.ts";
import { connectRedis } from "./redis-connection.ts";
import { runIndexKey, runKeys } from "./redis-keys.ts";

let server: RedisServer | undefined;
let redis: Redis;
let workspace: string;
const options = { skip: skipWithoutRedis, timeout: 60_000 };

before(async () => {
	if (skipWithoutRedis) return;
	server = await startRedisServer();
	redis = connectRedis(server.url);
	workspace = await mkdtemp(join(tmpdir(), "crewkit-follow-"));
});
after(async () => {
	redis?.disconnect();
	await server?.stop();
	if (workspace) await rm(workspace, { recursive: true, force: true });
});

/** A follower into a store of its own; `stop` also closes the store. */
function follow(store: RunStore = openRunStore(":memory:")) {
	const errors: Error[] = [];
	const follower: RunFollower = followRuns({
		blocking: redis.duplicate(),
		commands: redis,
		store,
		workspace,
		onError: (error) => errors.push(error as Error),
	});
	return { store, errors, stop: () => follower.stop() };
}

const definitionOf = (runId: string): RunDefinition => ({
	kind: "yaml",
	crewName: "crew",
	crewDir: "/elsewhere/crew",
	spec: { agents: [], tasks: [] } as unknown as RunDefinition["spec"],
	model: "scripted:script.json",
	out: `/elsewhere/.crewkit/reports/${runId}.md`,
	sections: undefined,
	workspace: "/elsewhere",
});

const index = (runId: string, definition: unknown = definitionOf(runId)) =>
	redis.xadd(
		runIndexKey,
		"*",
		"runId",
		runId,
		"crew",
		"crew",
		"inputs",
		JSON.stringify({ topic: "tides" }),
		"definition",
		JSON.stringify(definition),
	);
const event = (runId: string, seq: number, body: object | string) =>
	redis.xadd(
		runKeys(runId).stream,
		`${seq}-0`,
		"seq",
		seq,
		"event",
		typeof body === "string" ? body : JSON.stringify({ runId, ...body }),
	);
const runEnd = (status: string) => ({ type: "run-end", status, usage: {}, durationMs: 0 });

test(
	"a followed run is created at its first event, rebased onto this workspace; its report is written from the result",
	options,
	async () => {
		const { store, errors, stop } = follow();
		try {
			await index("run_f1");
			await new Promise((resolve) => setTimeout(resolve, 50));
			assert.equal(store.getRun("run_f1"), undefined, "queued: not in the store yet");
			await event("run_f1", 1, { type: "step-start", step: "a" });
			await until(() => store.getRun("run_f1") !== undefined);
			const run = store.getRun("run_f1");
			assert.equal(run?.crew, "crew");
			assert.deepEqual(run?.inputs, { topic: "tides" });
			assert.deepEqual(run?.definition, {
				...JSON.parse(JSON.stringify(definitionOf("run_f1"))),
				workspace,
				out: join(workspace, ".crewkit", "reports", "run_f1.md"),
			});
			await redis.hset(runKeys("run_f1").result, "status", "completed", "report", "The report.");
			await event("run_f1", 2, runEnd("completed"));
			const report = join(workspace, ".crewkit", "reports", "run_f1.md");
			await until(() =>
				readFile(report, "utf8").then(
					() => true,
					() => false,
				),
			);
			assert.equal(await readFile(report, "utf8"), "The report.");
			assert.equal(run && store.getRun("run_f1")?.status, "completed");
			assert.deepEqual(errors, []);
		} finally {
			await stop();
		}
	},
);

test(
	"an ungrounded run's report is written too; a failed run's, an existing file and a missing report are left alone",
	options,
	async () => {
		const { store, errors, stop } = follow();
		try {
			const existing = join(workspace, ".crewkit", "reports", "run_f3.md");
			for (const [runId, status] of [
				["run_f2", "ungrounded"],
				["run_f3", "completed"],
				["run_f4", "failed"],
				["run_f5", "completed"],
			] as const) {
				await index(runId);
				if (runId !== "run_f5")
					await redis.hset(runKeys(runId).result, "report", `Report of ${runId}.`);
				if (runId === "run_f3") {
					await mkdir(join(workspace, ".crewkit", "reports"), { recursive: true });
					await writeFile(existing, "Already here.");
				}
				await event(runId, 1, runEnd(status));
			}
			await until(() => ["run_f2", "run_f3", "run_f4", "run_f5"].every((id) => store.getRun(id)));
			const reports = join(workspace, ".crewkit", "reports");
			await until(() =>
				readFile(join(reports, "run_f2.md"), "utf8").then(
					() => true,
					() => false,
				),
			);
			assert.equal(await readFile(join(reports, "run_f2.md"), "utf8"), "Report of run_f2.");
			assert.equal(await readFile(existing, "utf8"), "Already here.");
			await assert.rejects(readFile(join(reports, "run_f4.md")), { code: "ENOENT" });
			await assert.rejects(readFile(join(reports, "run_f5.md")), { code: "ENOENT" });
			assert.deepEqual(errors, []);
		} finally {
			await stop();
		}
	},
);

test(
	"a run without a crewkit definition is recorded as it is, and no report is written for it",
	options,
	async () => {
		const { store, errors, stop } = follow();
		try {
			await index("run_f6", { made: "elsewhere" });
			await redis.hset(runKeys("run_f6").result, "report", "Text.");
			await event("run_f6", 1, runEnd("completed"));
			await until(() => store.getRun("run_f6")?.status === "completed");
			assert.deepEqual(store.getRun("run_f6")?.definition, { made: "elsewhere" });
			assert.deepEqual(errors, []);
		} finally {
			await stop();
		}
	},
);

test(
	"a waiting run is followed on: its next run-start makes it running again",
	options,
	async () => {
		const { store, stop } = follow();
		try {
			await index("run_f7");
			await event("run_f7", 1, runEnd("waiting"));
			await until(() => store.getRun("run_f7")?.status === "waiting");
			await event("run_f7", 2, { type: "run-start", crew: "crew", inputs: {} });
			await until(() => store.getRun("run_f7")?.status === "running");
			assert.deepEqual(
				store.getRun("run_f7")?.inputs,
				{ topic: "tides" },
				"the run kept its inputs",
			);
			await event("run_f7", 3, runEnd("cancelled"));
			await until(() => store.getRun("run_f7")?.status === "cancelled");
			assert.deepEqual(
				store.events("run_f7").map(({ seq }) => seq),
				[1, 2, 3],
			);
		} finally {
			await stop();
		}
	},
);

test(
	"what cannot be recorded is reported and the follower goes on: a broken event, a gap in the numbers, a failed read",
	options,
	async () => {
		const { store, errors, stop } = follow();
		try {
			await index("run_f8");
			await event("run_f8", 1, "{not json");
			await event("run_f8", 2, { type: "step-start", step: "a" });
			await until(() => store.events("run_f8").length === 1);
			assert.equal(errors[0]?.name, "SyntaxError");
			assert.equal(
				errors[1]?.message,
				"Run run_f8: event 2 in Redis was recorded as 1.",
				"the store numbers on from 1",
			);
			// The index is briefly not a stream: the read fails, is reported and tried again.
			await redis.rename(runIndexKey, "saved-index");
			await redis.set(runIndexKey, "not a stream");
			await until(() => errors.some((error) => /WRONGTYPE/.test(error.message)));
			await redis.del(runIndexKey);
			await redis.rename("saved-index", runIndexKey);
			await index("run_f9");
			await event("run_f9", 1, runEnd("failed"));
			await until(() => store.getRun("run_f9")?.status === "failed");
		} finally {
			await stop();
		}
		assert.ok(errors.length >= 3);
	},
);

test(
	"a follower started again goes on after the last event its store holds, and leaves finished runs alone",
	options,
	async () => {
		const store = openRunStore(":memory:");
		try {
			const first = follow(store);
			await index("run_g1");
			await index("run_g2");
			await event("run_g1", 1, { type: "step-start", step: "a" });
			await event("run_g2", 1, runEnd("completed"));
			await until(
				() => store.events("run_g1").length === 1 && store.getRun("run_g2") !== undefined,
			);
			await first.stop();
			await event("run_g1", 2, { type: "step-start", step: "b" });
			await event("run_g1", 3, runEnd("failed"));
			await event("run_g2", 2, { type: "step-start", step: "late" });

			const second = follow(store);
			try {
				await until(() => store.getRun("run_g1")?.status === "failed");
				assert.deepEqual(
					store.events("run_g1").map(({ seq }) => seq),
					[1, 2, 3],
				);
				assert.equal(store.events("run_g2").length, 1, "a finished run is not followed again");
				assert.deepEqual(second.errors, []);
			} finally {
				await second.stop();
			}
		} finally {
			store.close();
		}
	},
);

test(
	"an index entry with only a run id makes a run of crew 'crew' with no inputs; stream entries that are no events are skipped",
	options,
	async () => {
		const { store, errors, stop } = follow();
		try {
			await redis.xadd(runIndexKey, "*", "runId", "run_bare");
			await redis.xadd(runIndexKey, "*", "note", "no run id");
			await redis.xadd(runKeys("run_bare").stream, "1-0", "note", "not an event");
			await event("run_bare", 2, runEnd("failed"));
			await until(() => store.getRun("run_bare")?.status === "failed");
			const run = store.getRun("run_bare");
			assert.deepEqual([run?.crew, run?.inputs, run?.definition], ["crew", {}, null]);
			assert.deepEqual(
				store.events("run_bare").map(({ event }) => event.type),
				["run-end"],
			);
			assert.deepEqual(
				errors.map((error) => error.message).filter((message) => message.includes("run_bare")),
				["Run run_bare: event 2 in Redis was recorded as 1."],
			);
		} finally {
			await stop();
		}
	},
);
