import assert from "node:assert/strict";
import { test } from "node:test";
import type { CrewEvent } from "../events.ts";
import { failedModelCalls } from "./failed-model-calls.ts";
import type { StoredEvent } from "./run-store.ts";

const stored = (events: CrewEvent[]): StoredEvent[] =>
	events.map((event, index) => ({ seq: index + 1, event }));
const usage = { inputTokens: 1, outputTokens: 1, totalTokens: 2 };
const start = (task: string, agent: string, at: number): CrewEvent => ({
	type: "model-start",
	runId: "r",
	task,
	agent,
	model: `model-${task}`,
	at,
});
const retry = (task: string, agent: string, reason: string): CrewEvent => ({
	type: "model-retry",
	runId: "r",
	task,
	agent,
	model: `model-${task}`,
	attempt: 1,
	delayMs: 10,
	reason,
});
const end = (task: string, agent: string): CrewEvent => ({
	type: "model-end",
	runId: "r",
	task,
	agent,
	model: `model-${task}`,
	usage,
	finishReason: "stop",
	durationMs: 1,
	prompt: [],
	response: { text: "ok", toolCalls: [] },
});

test("a call that started and never ended is reported with its retries and the run's error", () => {
	const events = stored([
		start("research", "analyst", 100),
		end("research", "analyst"),
		start("write", "writer", 200),
		retry("write", "writer", "429 rate limited"),
		retry("write", "writer", "socket hang up"),
		{
			type: "run-end",
			runId: "r",
			status: "failed",
			usage,
			durationMs: 5,
			error: "out of retries",
		},
	]);
	assert.deepEqual(failedModelCalls({ status: "failed", error: "out of retries" }, events), [
		{
			task: "write",
			agent: "writer",
			model: "model-write",
			at: 200,
			attempts: 3,
			reasons: ["429 rate limited", "socket hang up"],
			error: "out of retries",
		},
	]);
});

test("what ended the call: the process stopping, the run's error, or the run's status", () => {
	const events = stored([start("t", "a", 1)]);
	const errorOf = (status: string, error: string | undefined) =>
		failedModelCalls({ status: "failed", error }, events, status)[0]?.error;
	assert.equal(errorOf("interrupted", "ignored"), "the process stopped during this call");
	assert.equal(errorOf("failed", "model gone"), "model gone");
	assert.equal(errorOf("cancelled", undefined), "the run ended cancelled before it answered");
	assert.deepEqual(
		failedModelCalls({ status: "running", error: undefined }, events),
		[],
		"a running run's open call may still answer",
	);
	assert.equal(
		failedModelCalls({ status: "running", error: undefined }, events, "failed").length,
		1,
	);
});

test("calls are told apart by task and agent; a second start without an answer closes the first; sorted by start", () => {
	const events = stored([
		start("t", "b", 50),
		start("t", "a", 10),
		start("u", "a", 20),
		end("u", "a"),
		start("t", "a", 30),
		retry("v", "a", "not started: ignored"),
		{ type: "task-start", runId: "r", task: "t", agent: "a", at: 40 },
		{ type: "run-end", runId: "r", status: "failed", usage, durationMs: 5 },
	]);
	assert.deepEqual(
		failedModelCalls({ status: "failed", error: "x" }, events).map(
			({ task, agent, at, error, attempts }) => ({ task, agent, at, error, attempts }),
		),
		[
			{ task: "t", agent: "a", at: 10, error: "no answer was recorded", attempts: 1 },
			{ task: "t", agent: "a", at: 30, error: "x", attempts: 1 },
			{ task: "t", agent: "b", at: 50, error: "x", attempts: 1 },
		],
	);
	assert.deepEqual(failedModelCalls({ status: "completed", error: undefined }, []), []);
});
