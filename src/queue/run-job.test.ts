import assert from "node:assert/strict";
import { test } from "node:test";
import { ConfigError } from "../errors.ts";
import type { RunDefinition } from "../service/run-definition.ts";
import { crewNameOf, parseRunJobData, rebaseDefinition } from "./run-job.ts";

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

test("a run's crew is named by kind: research, the flow's name, or the crew's", () => {
	assert.equal(crewNameOf(definition), "crew");
	assert.equal(
		crewNameOf({ ...definition, kind: "research" } as unknown as RunDefinition),
		"research",
	);
	assert.equal(
		crewNameOf({ ...definition, kind: "flow", flowName: "gated" } as unknown as RunDefinition),
		"gated",
	);
});

test("a flow's module inside the defining workspace is looked for at the same place here; one outside keeps its path", () => {
	const flow = {
		...definition,
		kind: "flow",
		flowName: "gated",
		flowFile: "/server/work/flows/gated.ts",
	} as unknown as RunDefinition;
	const inside = rebaseDefinition(flow, "/worker");
	assert.equal(inside.kind === "flow" && inside.flowFile, "/worker/flows/gated.ts");
	assert.equal(inside.out, "/worker/.crewkit/reports/run_1.md");
	const outside = rebaseDefinition(
		{ ...flow, flowFile: "/opt/flows/gated.ts" } as RunDefinition,
		"/worker",
	);
	assert.equal(outside.kind === "flow" && outside.flowFile, "/opt/flows/gated.ts");
	const sibling = rebaseDefinition(
		{ ...flow, flowFile: "/server/work-2/gated.ts" } as RunDefinition,
		"/worker",
	);
	assert.equal(sibling.kind === "flow" && sibling.flowFile, "/server/work-2/gated.ts");
});

test("a report path that is the workspace itself, or a sibling folder's, lands in this workspace's reports", () => {
	assert.equal(
		rebaseDefinition({ ...definition, out: "/server/work" }, "/worker").out,
		"/worker/.crewkit/reports/work",
	);
	assert.equal(
		rebaseDefinition({ ...definition, out: "/server/work-2/r.md" }, "/worker").out,
		"/worker/.crewkit/reports/r.md",
	);
	assert.equal(
		rebaseDefinition({ ...definition, out: "/server/work/..r.md" }, "/worker").out,
		"/worker/..r.md",
		"a file whose name starts with two dots is still inside",
	);
});

test("job data must be an object with a string run id, a run definition and inputs", () => {
	const data = { runId: "run_1", definition, inputs: { topic: "tides" } };
	for (const broken of [
		null,
		"run_1",
		{ ...data, runId: 1 },
		{ ...data, definition: { kind: "other" } },
		{ ...data, inputs: null },
		{ ...data, inputs: "topic=tides" },
	]) {
		assert.throws(
			() => parseRunJobData(broken),
			(error) =>
				error instanceof ConfigError &&
				error.message ===
					"A queued job is not a crewkit run: it needs runId, definition and inputs. Enqueue runs with crewkit enqueue.",
		);
	}
});
