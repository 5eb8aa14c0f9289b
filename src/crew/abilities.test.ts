import assert from "node:assert/strict";
import { test } from "node:test";
import { z } from "zod";
import { LimitError } from "../errors.ts";
import { promptText } from "../models/count-tokens.ts";
import { createScriptedModel } from "../models/scripted-model.ts";
import { defineTool } from "../tools/define-tool.ts";
import { Agent } from "./agent.ts";
import { Crew } from "./crew.ts";
import { Task } from "./task.ts";

const writer = () =>
	new Agent({ name: "writer", role: "Writer", goal: "Write", backstory: "Clear." });
const checker = () =>
	new Agent({ name: "checker", role: "Checker", goal: "Check", backstory: "Careful." });

test("planning: one planner call first, each task's prompt carries its plan, usage counted", async () => {
	const model = createScriptedModel({
		replies: [
			JSON.stringify({
				plans: [
					{ task: "draft", plan: "List three points, then write." },
					{ task: "review", plan: "Check each point against the draft." },
				],
			}),
			"the draft",
			"the review",
		],
	});
	const [a, b] = [writer(), checker()];
	const draft = new Task({
		name: "draft",
		description: "Draft a note.",
		expectedOutput: "A note",
		agent: a,
	});
	const review = new Task({
		name: "review",
		description: "Review it.",
		expectedOutput: "Notes",
		agent: b,
	});
	const result = await new Crew({ agents: [a, b], tasks: [draft, review], planning: true }).kickoff(
		{
			model,
			tracing: false,
		},
	);
	assert.equal(model.calls.length, 3);
	assert.match(
		promptText(model.calls[0]?.prompt ?? []),
		/1\. draft \(done by: Writer\)[\s\S]*2\. review/,
	);
	assert.match(promptText(model.calls[1]?.prompt ?? []), /Plan:\nList three points, then write\./);
	assert.match(
		promptText(model.calls[2]?.prompt ?? []),
		/Plan:\nCheck each point against the draft\./,
	);
	assert.deepEqual(
		result.tasks.map((output) => output.raw),
		["the draft", "the review"],
	);
	assert.equal(result.usage.calls[0]?.agent, "planner");
	assert.equal(result.usage.calls.length, 3, "the planner's call counts towards the run");

	// A task the planner leaves out gets no plan, and its description stays as written.
	const partial = createScriptedModel({
		replies: [JSON.stringify({ plans: [{ task: "draft", plan: "Be brief." }] }), "d", "r"],
	});
	await new Crew({ agents: [a, b], tasks: [draft, review], planning: true }).kickoff({
		model: partial,
		tracing: false,
	});
	assert.doesNotMatch(promptText(partial.calls[2]?.prompt ?? []), /Plan:/);
});

test("max_execution_time: a task that takes too long fails with a clear limit error", async () => {
	const model = createScriptedModel({ replies: [{ text: "late", delayMs: 5_000 }] });
	const slow = new Agent({
		name: "slow",
		role: "Slow",
		goal: "Answer",
		backstory: "Slow.",
		maxExecutionTime: 0.2,
	});
	const task = new Task({
		name: "answer",
		description: "Answer.",
		expectedOutput: "An answer",
		agent: slow,
	});
	await assert.rejects(
		new Crew({ agents: [slow], tasks: [task] }).kickoff({ model, tracing: false }),
		(error) =>
			error instanceof LimitError &&
			/Task 'answer' ran out of time: agent 'slow' may take 0\.2 s per task \(max_execution_time\)/.test(
				error.message,
			),
	);
});

test("allow_delegation in a sequential crew: the agent hands work to a coworker", async () => {
	const model = createScriptedModel({
		replies: [
			{
				toolCalls: [
					{
						toolName: "delegate_work",
						input: {
							coworker: "checker",
							task: "Check the sum 2+2.",
							context: "It is for a note.",
						},
					},
				],
			},
			{ match: "Check the sum 2+2.", text: "2+2 is 4." },
			"The checker says 2+2 is 4.",
		],
	});
	const lead = new Agent({
		name: "writer",
		role: "Writer",
		goal: "Write",
		backstory: "Clear.",
		allowDelegation: true,
	});
	const helper = checker();
	const task = new Task({
		name: "note",
		description: "Write a note on 2+2.",
		expectedOutput: "A note",
		agent: lead,
	});
	const result = await new Crew({ agents: [lead, helper], tasks: [task] }).kickoff({
		model,
		tracing: false,
	});
	assert.equal(result.raw, "The checker says 2+2 is 4.");
	assert.deepEqual(
		result.usage.calls.map((call) => call.agent).sort(),
		["checker", "writer", "writer"],
		"the coworker's call counts towards the task",
	);
	const delegate = model.calls[0]?.tools?.find((tool) => tool.name === "delegate_work");
	assert.match(
		delegate && "description" in delegate ? (delegate.description ?? "") : "",
		/Coworkers: checker \([^)]*\)\.$/,
		"the agent's coworkers are the others, not itself",
	);
	assert.equal(
		model.calls
			.find((call) => promptText(call.prompt).startsWith("You are Checker."))
			?.tools?.some((tool) => tool.name === "delegate_work") ?? false,
		false,
		"a coworker without allowDelegation cannot hand the work on",
	);
	assert.doesNotMatch(promptText(model.calls[0]?.prompt ?? []), /Suggested coworker/);
});

test("a task's own tools replace its agent's", async () => {
	const model = createScriptedModel({ replies: ["done"] });
	const tool = (name: string) =>
		defineTool({ name, description: name, parameters: z.object({}), execute: () => name });
	const agent = new Agent({
		name: "writer",
		role: "Writer",
		goal: "Write",
		backstory: "Clear.",
		tools: [tool("agent_tool")],
	});
	const task = new Task({
		name: "t",
		description: "Do it.",
		expectedOutput: "",
		agent,
		tools: [tool("task_tool")],
	});
	await new Crew({ agents: [agent], tasks: [task] }).kickoff({ model, tracing: false });
	assert.deepEqual(
		model.calls[0]?.tools?.map((each) => each.name),
		["task_tool"],
	);
});

test("reasoning: the agent works out its approach first; a ConditionalTask can be skipped", async () => {
	const model = createScriptedModel({
		replies: [
			JSON.stringify({ plans: [{ task: "draft", plan: "Outline, then write." }] }),
			"short draft",
		],
	});
	const agent = new Agent({
		name: "writer",
		role: "Writer",
		goal: "Write",
		backstory: "Clear.",
		reasoning: true,
	});
	const plain = new Agent({ name: "editor", role: "Editor", goal: "Edit", backstory: "Sharp." });
	const draft = new Task({
		name: "draft",
		description: "Draft a note.",
		expectedOutput: "A note",
		agent,
	});
	const expand = new Task({
		name: "expand",
		description: "Expand the draft.",
		expectedOutput: "A longer note",
		agent: plain,
		condition: (previous) => (previous?.raw.length ?? 0) > 100,
	});
	const result = await new Crew({ agents: [agent, plain], tasks: [draft, expand] }).kickoff({
		model,
		tracing: false,
	});
	assert.equal(model.calls.length, 2, "the reasoning call and the draft; the expansion is skipped");
	assert.match(promptText(model.calls[1]?.prompt ?? []), /Your approach:\nOutline, then write\./);
	assert.deepEqual(
		result.tasks.map((output) => [output.task, output.raw]),
		[
			["draft", "short draft"],
			["expand", ""],
		],
	);
	assert.equal(result.usage.calls[0]?.agent, "writer (reasoning)");
});
