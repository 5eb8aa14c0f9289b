import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { test } from "node:test";
import { displayStatus } from "./run-status.ts";
import type { RunRecord } from "./run-store.ts";

const run = (status: RunRecord["status"], pid: number | undefined): RunRecord => ({
	id: "run_1",
	crew: "c",
	status,
	inputs: {},
	definition: null,
	createdAt: 1,
	updatedAt: 1,
	endedAt: undefined,
	error: undefined,
	usage: { inputTokens: 0, outputTokens: 0, totalTokens: 0 },
	pid,
	parentRun: undefined,
});

test("a running run whose process is gone shows as interrupted; every other status as stored", () => {
	const exited = spawnSync(process.execPath, ["-e", ""]).pid;
	assert.equal(displayStatus(run("running", process.pid)), "running");
	assert.equal(displayStatus(run("running", exited)), "interrupted");
	assert.equal(displayStatus(run("running", undefined)), "running", "no process recorded");
	assert.equal(displayStatus(run("failed", exited)), "failed");
	assert.equal(displayStatus(run("completed", process.pid)), "completed");
});
