import assert from "node:assert/strict";
import { test } from "node:test";
import type { TaskOutput } from "../crew/task.ts";
import { emptyUsage } from "../usage.ts";
import { reportStructure } from "./report-structure.ts";

const output = (raw: string): TaskOutput => ({
	task: "report",
	agent: "writer",
	raw,
	value: raw,
	usage: emptyUsage(),
	calls: [],
	durationMs: 0,
});

test("the guardrail passes a report with the sections asked for", async () => {
	const guardrail = reportStructure(2);
	const report = "# Title\n\n## 1. One\n\nText.\n\n## 2. Two\n\nText.";
	assert.deepEqual(await guardrail(output(report)), { ok: true });
});

test("the guardrail gives the agent every problem, one per line", async () => {
	const guardrail = reportStructure(3);
	const report = "# Title\n\n## 1. One\n\nText.\n\n## 2. Two\n\nText.";
	assert.deepEqual(await guardrail(output(report)), {
		ok: false,
		reason:
			"the report's structure is wrong:\nline 7: Expected 3 numbered sections, found 2: the report must have sections '## 1. Title' to '## 3. Title'.",
	});
});
