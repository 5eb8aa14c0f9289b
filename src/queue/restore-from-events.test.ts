import assert from "node:assert/strict";
import { test } from "node:test";
import type { CrewEvent } from "../events.ts";
import { completedTasksFromEvents } from "./restore-from-events.ts";

const usage = { inputTokens: 3, outputTokens: 2, totalTokens: 5 };
const ids = { runId: "run_1", agent: "writer" };
const start = (task: string): CrewEvent => ({ type: "task-start", ...ids, task, at: 0 });
const call = (task: string): CrewEvent => ({
	type: "model-end",
	...ids,
	task,
	model: "scripted",
	usage,
	finishReason: "stop",
	durationMs: 1,
	prompt: [],
	response: { text: "", toolCalls: [] },
});
const end = (task: string, output: string, value?: unknown): CrewEvent => ({
	type: "task-end",
	...ids,
	task,
	output,
	...(value === undefined ? {} : { value }),
	usage,
	durationMs: 7,
});

test("completed tasks carry output, value, usage and the calls of the attempt that finished them", () => {
	const events: CrewEvent[] = [
		start("one"),
		call("one"),
		end("one", "first", { items: [1] }),
		start("two"),
		call("two"), // a killed attempt: never ended
		start("two"),
		call("two"),
		end("two", "second"),
		start("three"),
	];
	const tasks = completedTasksFromEvents(events);
	assert.deepEqual(
		tasks.map((task) => [task.task, task.raw, task.calls.length]),
		[
			["one", "first", 1],
			["two", "second", 1],
		],
	);
	assert.deepEqual(tasks[0]?.value, { items: [1] });
	assert.deepEqual(tasks[0]?.usage, usage);
	assert.equal(tasks[0]?.durationMs, 7);
});

test("a task-restore of a later attempt does not replace the task-end with its value", () => {
	const restore: CrewEvent = {
		type: "task-restore",
		...ids,
		task: "one",
		output: "first",
		usage,
		fromRun: "run_1",
	};
	const tasks = completedTasksFromEvents([start("one"), end("one", "first", 42), restore]);
	assert.equal(tasks.length, 1);
	assert.equal(tasks[0]?.value, 42);
});

test("a task-restore alone still restores the task", () => {
	const tasks = completedTasksFromEvents([
		{ type: "task-restore", ...ids, task: "one", output: "first", usage, fromRun: "run_0" },
	]);
	assert.equal(tasks[0]?.raw, "first");
	assert.equal(tasks[0]?.value, undefined);
});

test("a task's first end counts; calls made before any task-start are kept; a task ended without calls has none", () => {
	const tasks = completedTasksFromEvents([
		call("one"),
		end("one", "first"),
		start("one"),
		call("one"),
		end("one", "again"),
		end("two", "second"),
		{ type: "step-start", runId: "run_1", step: "x", occurrence: 1, at: 0 } as CrewEvent,
	]);
	assert.deepEqual(
		tasks.map((task) => [task.task, task.raw, task.calls.length, task.agent]),
		[
			["one", "first", 1, "writer"],
			["two", "second", 0, "writer"],
		],
	);
	assert.deepEqual(tasks[0]?.calls[0], {
		task: "one",
		agent: "writer",
		model: "scripted",
		usage,
		durationMs: 1,
		finishReason: "stop",
	});
});
