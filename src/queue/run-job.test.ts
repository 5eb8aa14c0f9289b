import assert from "node:assert/strict";
import { test } from "node:test";
import type { RunDefinition } from "../service/run-definition.ts";
import { parseRunJobData, rebaseDefinition } from "./run-job.ts";

const definition: RunDefinition = {
	kind: "yaml",
	crewName: "crew",
	crewDir: "/server/work/crew",
	spec: { agents: [], tasks: [] } as unknown as RunDefinition["spec"],
	model: "scripted:script.json",
	out: "/server/work/.crewkit/reports/run_1.md",
	sections: undefined,
	workspace: "/server/work",
};

test("a definition from another machine is rebased onto this workspace", () => {
	const rebased = rebaseDefinition(definition, "/worker/here");
	assert.equal(rebased.workspace, "/worker/here");
	assert.equal(rebased.out, "/worker/here/.crewkit/reports/run_1.md");
});

test("a report path outside the defining workspace lands in this workspace's reports", () => {
	const rebased = rebaseDefinition({ ...definition, out: "/elsewhere/report.md" }, "/worker");
	assert.equal(rebased.out, "/worker/.crewkit/reports/report.md");
});

test("job data that is not a run is refused with a clear message", () => {
	assert.throws(() => parseRunJobData({ runId: "x" }), /not a crewkit run/);
	const data = { runId: "run_1", definition, inputs: { topic: "tides" } };
	assert.deepEqual(parseRunJobData(data), data);
});
