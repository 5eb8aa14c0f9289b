import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { z } from "zod";
import { Agent } from "../crew/agent.ts";
import { Crew } from "../crew/crew.ts";
import { Task } from "../crew/task.ts";
import type { CrewEvent } from "../events.ts";
import { createScriptedModel, type ScriptedReply } from "../models/scripted-model.ts";
import { defineTool } from "../tools/define-tool.ts";
import { redacted } from "./redact-secrets.ts";
import { openRunStore } from "./sqlite-store.ts";

const secret = "sk-test-abcdefghijklmnopqrstuvwx";

function crewOn(replies: ScriptedReply[]) {
	const echo = defineTool({
		name: "echo",
		description: "Echoes text.",
		parameters: z.object({ text: z.string() }),
		execute: ({ text }) => `echo: ${text}`,
	});
	const agent = new Agent({
		name: "writer",
		role: "Writer on {topic}",
		goal: "g",
		backstory: "b",
		tools: [echo],
	});
	const tasks = ["one", "two", "three"].map(
		(name) => new Task({ name, description: `Do ${name} on {topic}`, expectedOutput: name, agent }),
	);
	const model = createScriptedModel({ replies });
	return { crew: new Crew({ name: "steps", agents: [agent], tasks, model }), model };
}

const openStore = async () =>
	openRunStore(join(await mkdtemp(join(tmpdir(), "crewkit-store-")), "runs.db"), {
		env: { OPENAI_API_KEY: secret },
	});

test("the store keeps the run, task outputs, model calls, tool calls and every event", async () => {
	const store = await openStore();
	const { crew } = crewOn([
		{ match: "Do one", toolCalls: [{ toolName: "echo", input: { text: `key ${secret}` } }] },
		{ match: "Do one", text: "ONE" },
		{ match: "Do two", text: "TWO" },
		{ match: "Do three", text: "THREE" },
	]);
	const result = await crew.kickoff({ inputs: { topic: "tides" }, store });
	const run = store.getRun(result.runId);
	assert.equal(run?.status, "completed");
	assert.deepEqual(run?.usage, result.usage.total);
	assert.deepEqual(run?.inputs, { topic: "tides" });
	assert.deepEqual(
		store.completedTasks(result.runId).map((t) => t.raw),
		["ONE", "TWO", "THREE"],
	);
	assert.equal(store.modelCalls(result.runId).length, 4);
	const [toolCall] = store.toolCalls(result.runId);
	assert.equal(toolCall?.toolName, "echo");
	assert.equal(toolCall?.isError, false);
	const events = store.events(result.runId);
	assert.deepEqual(
		events.map((e) => e.seq),
		events.map((_, index) => index + 1),
	);
	assert.equal(events[0]?.event.type, "run-start");
	assert.equal(events.at(-1)?.event.type, "run-end");
	assert.equal(store.events(result.runId, events.length - 2).length, 2);
	const everything = JSON.stringify([
		store.toolCalls(result.runId),
		store.modelCalls(result.runId),
		events,
	]);
	assert.ok(!everything.includes(secret), "the key is never stored");
	assert.ok(everything.includes(redacted));
	store.close();
});

test("a failed run resumes: completed tasks are restored, not executed again", async () => {
	const store = await openStore();
	const failing = crewOn([
		{ match: "Do one", text: "ONE" },
		{ match: "Do two", text: "TWO" },
	]);
	await assert.rejects(
		failing.crew.kickoff({ inputs: { topic: "tides" }, store }),
		/no reply left/,
	);
	const [run] = store.listRuns();
	assert.equal(run?.status, "failed");
	assert.equal(store.modelCalls(run?.id ?? "").length, 2);

	const resumed = crewOn([{ match: "Do three", text: "THREE" }]);
	const result = await resumed.crew.resume(run?.id ?? "", { store });
	assert.equal(result.runId, run?.id);
	assert.deepEqual(
		result.tasks.map((t) => t.raw),
		["ONE", "TWO", "THREE"],
	);
	assert.equal(resumed.model.calls.length, 1, "only the third task calls the model");
	assert.match(JSON.stringify(resumed.model.calls[0]?.prompt), /ONE[\s\S]*TWO/);
	assert.equal(store.getRun(run?.id ?? "")?.status, "completed");
	assert.equal(store.modelCalls(run?.id ?? "").length, 3);
	assert.deepEqual(store.getRun(run?.id ?? "")?.usage, result.usage.total);
	await assert.rejects(resumed.crew.resume(run?.id ?? "", { store }), /already complete/);
	store.close();
});

test("replay from a task reuses earlier outputs in a new run", async () => {
	const store = await openStore();
	const first = crewOn([
		{ match: "Do one", text: "ONE" },
		{ match: "Do two", text: "TWO" },
		{ match: "Do three", text: "THREE" },
	]);
	const original = await first.crew.kickoff({ inputs: { topic: "tides" }, store });
	const again = crewOn([
		{ match: "Do two", text: "TWO again" },
		{ match: "Do three", text: "THREE again" },
	]);
	const replayed = await again.crew.replay(original.runId, "two", { store });
	assert.notEqual(replayed.runId, original.runId);
	assert.deepEqual(
		replayed.tasks.map((t) => t.raw),
		["ONE", "TWO again", "THREE again"],
	);
	assert.equal(store.getRun(replayed.runId)?.parentRun, original.runId);
	await assert.rejects(again.crew.replay(original.runId, "nope", { store }), /has no task 'nope'/);
	store.close();
});

test("a model call keeps its evaluated and cached prompt tokens and the window it was sized for", async () => {
	const path = join(await mkdtemp(join(tmpdir(), "crewkit-store-")), "runs.db");
	// A store from before these columns existed opens and gains them.
	const { DatabaseSync } = await import("node:sqlite");
	const old = new DatabaseSync(path);
	old.exec(
		"CREATE TABLE model_calls (id INTEGER PRIMARY KEY, run_id TEXT NOT NULL, task TEXT NOT NULL, agent TEXT NOT NULL, model TEXT NOT NULL, prompt TEXT NOT NULL, response TEXT NOT NULL, input_tokens INTEGER NOT NULL, output_tokens INTEGER NOT NULL, duration_ms REAL NOT NULL, finish_reason TEXT NOT NULL, at INTEGER NOT NULL)",
	);
	old.close();
	const store = openRunStore(path);
	store.createRun({ id: "r1", crew: "c", inputs: {}, definition: {}, parentRun: undefined });
	const base = {
		runId: "r1",
		task: "t",
		agent: "a",
		model: "m",
		finishReason: "stop",
		durationMs: 5,
	};
	const response = { text: "x", toolCalls: [] };
	store.record({
		...base,
		type: "model-end",
		usage: { inputTokens: 900, outputTokens: 40, totalTokens: 940, cachedInputTokens: 700 },
		window: { contextSize: 2048, reservedOutputTokens: 512 },
		prompt: [],
		response,
	});
	store.record({
		...base,
		type: "model-end",
		usage: { inputTokens: 10, outputTokens: 2, totalTokens: 12 },
		prompt: [],
		response,
	});
	const [sized, plain] = store.modelCalls("r1");
	assert.deepEqual(sized?.usage, {
		inputTokens: 900,
		outputTokens: 40,
		totalTokens: 940,
		cachedInputTokens: 700,
	});
	assert.deepEqual(sized?.window, { contextSize: 2048, reservedOutputTokens: 512 });
	assert.deepEqual(plain?.usage, { inputTokens: 10, outputTokens: 2, totalTokens: 12 });
	assert.equal(plain?.window, undefined);
	store.close();
});

test("replay from a task refuses a run that never stored the outputs before it", async () => {
	const store = await openStore();
	const failing = crewOn([{ match: "Do one", text: "ONE" }]);
	await assert.rejects(failing.crew.kickoff({ inputs: { topic: "tides" }, store }));
	const [run] = store.listRuns();
	const again = crewOn([{ match: "Do three", text: "THREE" }]);
	await assert.rejects(
		again.crew.replay(run?.id ?? "", "three", { store }),
		/has no stored output for two: replay from an earlier task/,
	);
	assert.equal(again.model.calls.length, 0, "nothing ran");
	assert.equal(store.listRuns().length, 1, "no new run was recorded");
	store.close();
});

test("a replayed run keeps the restored tasks, so it can itself be replayed later", async () => {
	const store = await openStore();
	const first = crewOn([
		{ match: "Do one", text: "ONE" },
		{ match: "Do two", text: "TWO" },
		{ match: "Do three", text: "THREE" },
	]);
	const original = await first.crew.kickoff({ inputs: { topic: "tides" }, store });
	const second = crewOn([{ match: "Do three", text: "THREE again" }]);
	const replayed = await second.crew.replay(original.runId, "three", { store });
	assert.deepEqual(
		store.completedTasks(replayed.runId).map((task) => [task.task, task.raw]),
		[
			["one", "ONE"],
			["two", "TWO"],
			["three", "THREE again"],
		],
	);
	const third = crewOn([{ match: "Do three", text: "THREE once more" }]);
	const again = await third.crew.replay(replayed.runId, "three", { store });
	assert.deepEqual(
		again.tasks.map((task) => task.raw),
		["ONE", "TWO", "THREE once more"],
	);
	assert.equal(store.getRun(again.runId)?.parentRun, replayed.runId);
	store.close();
});

test("a resumed run keeps its id and has no parent run", async () => {
	const store = await openStore();
	const failing = crewOn([{ match: "Do one", text: "ONE" }]);
	await assert.rejects(failing.crew.kickoff({ inputs: { topic: "tides" }, store }));
	const [run] = store.listRuns();
	const resumed = crewOn([
		{ match: "Do two", text: "TWO" },
		{ match: "Do three", text: "THREE" },
	]);
	const result = await resumed.crew.resume(run?.id ?? "", { store });
	assert.equal(result.runId, run?.id);
	assert.equal(store.getRun(result.runId)?.status, "completed");
	assert.equal(store.getRun(result.runId)?.parentRun, undefined);
	assert.equal(store.listRuns().length, 1);
	store.close();
});

test("a run resumed into another store (another worker's) is recorded there without a parent", async () => {
	const first = await openStore();
	const failing = crewOn([{ match: "Do one", text: "ONE" }]);
	await assert.rejects(failing.crew.kickoff({ inputs: { topic: "tides" }, store: first }));
	const [run] = first.listRuns();
	const runId = run?.id ?? "";
	const second = await openStore();
	const resumed = crewOn([
		{ match: "Do two", text: "TWO" },
		{ match: "Do three", text: "THREE" },
	]);
	await resumed.crew.kickoff({
		inputs: { topic: "tides" },
		runId,
		restore: { fromRun: runId, tasks: first.completedTasks(runId) },
		store: second,
	});
	assert.equal(second.getRun(runId)?.status, "completed");
	assert.equal(second.getRun(runId)?.parentRun, undefined);
	assert.deepEqual(
		second.completedTasks(runId).map((task) => task.raw),
		["ONE", "TWO", "THREE"],
	);
	first.close();
	second.close();
});

test("a secret named by the environment, whatever its shape, is kept out of every stored field", async () => {
	const passphrase = "correct-horse-battery-staple-42";
	const store = openRunStore(join(await mkdtemp(join(tmpdir(), "crewkit-store-")), "runs.db"), {
		env: { BILLING_SERVICE_PASSWORD: passphrase },
	});
	const agent = new Agent({ name: "writer", role: "Writer", goal: "g", backstory: "b" });
	const tasks = [
		new Task({
			name: "one",
			description: `Do one with ${passphrase}`,
			expectedOutput: "one",
			agent,
			run: async () => ({ text: `used ${passphrase}`, value: { key: passphrase } }),
		}),
		new Task({
			name: "two",
			description: "Do two",
			expectedOutput: "two",
			agent,
			run: async () => {
				throw new Error(`the billing service refused ${passphrase}`);
			},
		}),
	];
	const crew = new Crew({
		name: "secrets",
		agents: [agent],
		tasks,
		model: createScriptedModel({ replies: [] }),
	});
	await assert.rejects(
		crew.kickoff({ inputs: { topic: passphrase }, store }),
		/billing service refused/,
	);
	const [run] = store.listRuns();
	assert.equal(run?.status, "failed");
	assert.equal(run?.error, `the billing service refused ${redacted}`);
	assert.deepEqual(run?.inputs, { topic: redacted });
	const [one] = store.completedTasks(run?.id ?? "");
	assert.equal(one?.raw, `used ${redacted}`);
	assert.deepEqual(one?.value, { key: redacted });
	const everything = JSON.stringify([
		store.listRuns(),
		store.completedTasks(run?.id ?? ""),
		store.modelCalls(run?.id ?? ""),
		store.toolCalls(run?.id ?? ""),
		store.events(run?.id ?? ""),
	]);
	assert.ok(!everything.includes(passphrase), everything);
	store.close();
});

test("each event is read back from its table: tasks with their own calls, tool results, values, the end", async () => {
	const path = join(await mkdtemp(join(tmpdir(), "crewkit-store-")), "runs.db");
	const store = openRunStore(path);
	store.createRun({ id: "run_a", crew: "c", inputs: {}, definition: null });
	const usage = { inputTokens: 3, outputTokens: 1, totalTokens: 4 };
	const call = (task: string): CrewEvent => ({
		type: "model-end",
		runId: "run_a",
		task,
		agent: "a",
		model: `m-${task}`,
		usage,
		finishReason: "stop",
		durationMs: 2,
		prompt: [],
		response: { text: task, toolCalls: [] },
	});
	const tool = (toolCallId: string) =>
		({ runId: "run_a", task: "t1", agent: "a", toolCallId, toolName: "echo" }) as const;
	store.record({
		type: "task-restore",
		runId: "run_a",
		task: "t0",
		agent: "a",
		output: "restored",
		usage,
		fromRun: "run_old",
	});
	store.record(call("t1"));
	store.record({ ...tool("c1"), type: "tool-call", input: { text: "hi" } });
	store.record({ ...tool("c1"), type: "tool-result", output: { echoed: "hi" }, isError: false });
	store.record({ ...tool("c2"), type: "tool-call", input: {} });
	store.record({ ...tool("c2"), type: "tool-result", output: "no such file", isError: true });
	store.record({ ...tool("c3"), type: "tool-call", input: {} });
	store.record({
		type: "task-end",
		runId: "run_a",
		task: "t1",
		agent: "a",
		output: "one",
		value: { x: 1 },
		usage,
		durationMs: 12,
	});
	store.record(call("t2"));
	store.record(call("t2"));
	store.record({
		type: "task-end",
		runId: "run_a",
		task: "t2",
		agent: "a",
		output: "two",
		usage,
		durationMs: 7,
	});
	store.record({
		type: "run-end",
		runId: "run_a",
		status: "failed",
		usage,
		durationMs: 30,
		error: "boom",
	});

	const tasks = store.completedTasks("run_a");
	assert.deepEqual(
		tasks.map(({ task, raw, value, durationMs, calls }) => ({
			task,
			raw,
			value,
			durationMs,
			models: calls.map((entry) => entry.model),
		})),
		[
			{ task: "t0", raw: "restored", value: undefined, durationMs: 0, models: [] },
			{ task: "t1", raw: "one", value: { x: 1 }, durationMs: 12, models: ["m-t1"] },
			{ task: "t2", raw: "two", value: undefined, durationMs: 7, models: ["m-t2", "m-t2"] },
		],
	);
	assert.deepEqual(
		store.toolCalls("run_a").map(({ toolCallId, input, output, isError }) => ({
			toolCallId,
			input,
			output,
			isError,
		})),
		[
			{ toolCallId: "c1", input: { text: "hi" }, output: { echoed: "hi" }, isError: false },
			{ toolCallId: "c2", input: {}, output: "no such file", isError: true },
			{ toolCallId: "c3", input: {}, output: undefined, isError: false },
		],
	);
	const run = store.getRun("run_a");
	assert.equal(run?.status, "failed");
	assert.equal(run?.error, "boom");
	assert.equal(typeof run?.endedAt, "number");
	assert.equal(run?.pid, process.pid, "the process that runs it");
	assert.throws(
		() => store.record({ type: "task-start", runId: "run_missing", task: "t", agent: "a", at: 1 }),
		/run_missing is not in the store: call createRun first/,
	);
	store.close();
	assert.throws(() => store.getRun("run_a"), "a closed store reads nothing");

	// The task table says which run a restored task came from.
	const { DatabaseSync } = await import("node:sqlite");
	const database = new DatabaseSync(path);
	assert.deepEqual(
		database
			.prepare("SELECT name, restored_from FROM tasks ORDER BY position")
			.all()
			.map((row) => ({ ...row })),
		[
			{ name: "t0", restored_from: "run_old" },
			{ name: "t1", restored_from: null },
			{ name: "t2", restored_from: null },
		],
	);
	database.close();

	// Opened again, the same store has everything (and no column is added twice).
	const reopened = openRunStore(path);
	assert.equal(reopened.completedTasks("run_a").length, 3);
	assert.equal(reopened.modelCalls("run_a").length, 3);
	reopened.close();
});

test("runs are listed newest first, filtered by status, crew, start time and id prefix", async () => {
	const store = await openStore();
	const ids = ["run_1", "run_2", "run_3"];
	for (const [index, id] of ids.entries()) {
		store.createRun({ id, crew: index === 0 ? "alpha" : "beta", inputs: {}, definition: null });
	}
	const usage = { inputTokens: 0, outputTokens: 0, totalTokens: 0 };
	store.record({ type: "run-end", runId: "run_2", status: "completed", usage, durationMs: 1 });
	const listed = (options: Parameters<typeof store.listRuns>[0]) =>
		store
			.listRuns(options)
			.map((run) => run.id)
			.sort();
	assert.deepEqual(listed({}), ids);
	assert.deepEqual(listed({ status: "completed" }), ["run_2"]);
	assert.deepEqual(listed({ status: "running" }), ["run_1", "run_3"]);
	assert.deepEqual(listed({ crew: "alpha" }), ["run_1"]);
	assert.deepEqual(listed({ crew: "beta", status: "running" }), ["run_3"]);
	assert.deepEqual(listed({ since: Date.now() + 60_000 }), []);
	assert.deepEqual(listed({ since: 0 }), ids);
	assert.deepEqual(listed({ idPrefix: "run_3" }), ["run_3"]);
	assert.equal(store.listRuns({ limit: 2 }).length, 2);
	store.close();
});

test("an in-memory store leaves no file behind", () => {
	const store = openRunStore(":memory:");
	store.createRun({ id: "run_m", crew: "c", inputs: {}, definition: null });
	store.close();
	assert.equal(existsSync(":memory:"), false);
});
