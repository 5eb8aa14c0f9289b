import assert from "node:assert/strict";
import { test } from "node:test";
import { promptText } from "../models/count-tokens.ts";
import { createScriptedModel } from "../models/scripted-model.ts";
import { planningPrompt, planTasks } from "./plan-tasks.ts";
import type { ModelCallRecord } from "./task.ts";

const tasks = [
	{ name: "gather", agentRole: "Researcher", description: "Find sources", expectedOutput: "" },
	{ name: "write", agentRole: "Writer", description: "Write it up", expectedOutput: "A report" },
];

test("the planning prompt lists every task in order, with who does it and what it answers", () => {
	const prompt = planningPrompt(tasks);
	assert.match(
		prompt,
		/1\. gather \(done by: Researcher\)\n {3}What: Find sources\n {3}Answer: \(not specified\)\n2\. write \(done by: Writer\)\n {3}What: Write it up\n {3}Answer: A report\n/,
	);
});

test("plans are kept for the crew's tasks only, trimmed; empty plans and unreadable answers give none", async () => {
	const model = createScriptedModel({
		modelId: "planner-model",
		replies: [
			JSON.stringify({
				plans: [
					{ task: "gather", plan: "  Search, then read.  " },
					{ task: "write", plan: "   " },
					{ task: "publish", plan: "Post it." },
				],
			}),
			"no JSON here",
		],
	});
	const calls: ModelCallRecord[] = [];
	const signal = new AbortController().signal;
	const plans = await planTasks({ tasks, model, signal, calls, taskName: "gather" });
	assert.deepEqual([...plans], [["gather", "Search, then read."]]);
	assert.equal(model.calls[0]?.prompt[0]?.role, "user");
	const format = model.calls[0]?.responseFormat;
	assert.equal(format?.type, "json", "the planner is asked for JSON");
	assert.deepEqual(
		format?.type === "json" && Object.keys(format.schema?.properties ?? {}),
		["plans"],
		"in the plans' shape",
	);
	assert.equal(promptText(model.calls[0]?.prompt ?? []), planningPrompt(tasks));
	assert.deepEqual(
		calls.map((call) => [call.task, call.agent, call.model]),
		[["gather", "planner", `${model.provider}:planner-model`]],
	);
	const none = await planTasks({
		tasks,
		model,
		signal,
		calls,
		taskName: "write",
		agentName: "writer (reasoning)",
	});
	assert.equal(none.size, 0);
	assert.equal(calls[1]?.agent, "writer (reasoning)");
});
