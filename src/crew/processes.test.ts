import assert from "node:assert/strict";
import { test } from "node:test";
import type { CrewEvent } from "../events.ts";
import { promptText } from "../models/count-tokens.ts";
import { createScriptedModel } from "../models/scripted-model.ts";
import { sumUsage } from "../usage.ts";
import { Agent } from "./agent.ts";
import { BatchError, Crew } from "./crew.ts";
import { createDelegationTool } from "./run-hierarchical.ts";
import { Task } from "./task.ts";

const agent = (name: string) => new Agent({ name, role: `${name}`, goal: "g", backstory: "b" });

test("async tasks overlap; a task that needs them waits for both", async () => {
	const model = createScriptedModel({
		latencyMs: 30,
		replies: [
			{ match: "Read A", text: "A done" },
			{ match: "Read B", text: "B done" },
			{ match: "Combine", text: "A and B combined" },
		],
	});
	const reader = agent("reader");
	const a = new Task({
		name: "a",
		description: "Read A",
		expectedOutput: "x",
		agent: reader,
		async: true,
	});
	const b = new Task({
		name: "b",
		description: "Read B",
		expectedOutput: "x",
		agent: reader,
		async: true,
	});
	const combine = new Task({
		name: "combine",
		description: "Combine",
		expectedOutput: "x",
		agent: reader,
		context: [a, b],
	});
	const events: CrewEvent[] = [];
	const result = await new Crew({ agents: [reader], tasks: [a, b, combine], model }).kickoff({
		onEvent: (event) => events.push(event),
	});
	const order = events
		.filter((event) => event.type === "task-start" || event.type === "task-end")
		.map((event) => `${event.type === "task-start" ? "start" : "end"}:${event.task}`);
	assert.deepEqual(
		order.slice(0, 2).sort(),
		["start:a", "start:b"],
		`both start before either ends: ${order}`,
	);
	assert.deepEqual(order.slice(4), ["start:combine", "end:combine"]);
	assert.deepEqual(
		result.tasks.map((t) => t.task),
		["a", "b", "combine"],
	);
	assert.match(promptText(model.calls[2]?.prompt ?? []), /A done[\s\S]*B done/);
});

test("a failing async task cancels its siblings and fails the run", async () => {
	// Reading A would take a minute: it ends at once only because B's failure cancels it.
	const model = createScriptedModel({ replies: [{ match: "Read A", text: "A", delayMs: 60_000 }] });
	const reader = agent("reader");
	const a = new Task({
		name: "a",
		description: "Read A",
		expectedOutput: "x",
		agent: reader,
		async: true,
	});
	const b = new Task({
		name: "b",
		description: "Read B",
		expectedOutput: "x",
		agent: reader,
		async: true,
	});
	const events: CrewEvent[] = [];
	await assert.rejects(
		new Crew({ agents: [reader], tasks: [a, b], model }).kickoff({
			onEvent: (event) => events.push(event),
		}),
		/no reply left/,
	);
	const end = events.at(-1);
	assert.equal(end?.type === "run-end" && end.status, "failed");
	assert.equal(
		events.some((event) => event.type === "task-end"),
		false,
		"the cancelled sibling did not finish",
	);
});

test("a task after an async one, without a context, waits for it and sees its output", async () => {
	const model = createScriptedModel({
		replies: [
			{ match: "Gather facts", text: "FACTS" },
			{ match: "Write it up", text: "REPORT" },
		],
	});
	const reader = agent("reader");
	const result = await new Crew({
		agents: [reader],
		tasks: [
			new Task({
				name: "gather",
				description: "Gather facts",
				expectedOutput: "x",
				agent: reader,
				async: true,
			}),
			new Task({ name: "write", description: "Write it up", expectedOutput: "x", agent: reader }),
		],
		model,
	}).kickoff();
	assert.equal(result.raw, "REPORT");
	const write = model.calls.find((call) => promptText(call.prompt).includes("Write it up"));
	assert.match(promptText(write?.prompt ?? []), /FACTS/);
});

test("the manager's work goes to the coworker it names, not the first one", async () => {
	const model = createScriptedModel({
		replies: [
			{
				match: "Suggested coworker",
				toolCalls: [
					{
						toolName: "delegate_work",
						input: { coworker: "editor", task: "Edit it", context: "" },
					},
				],
			},
			{ match: "Edit it", text: "EDITED" },
			"DONE",
		],
	});
	const [writer, editor] = [agent("writer"), agent("editor")];
	const result = await new Crew({
		agents: [writer, editor],
		tasks: [new Task({ name: "poem", description: "Poem", expectedOutput: "x", agent: writer })],
		process: "hierarchical",
		model,
	}).kickoff();
	assert.equal(result.raw, "DONE");
	assert.deepEqual(
		result.usage.calls.map((call) => call.agent),
		["editor", "manager", "manager"],
	);
});

test("a hierarchical crew's manager delegates to coworkers and reviews their answers", async () => {
	const model = createScriptedModel({
		replies: [
			{
				match: "Suggested coworker: writer",
				toolCalls: [
					{
						toolName: "delegate_work",
						input: { coworker: "writer", task: "Draft a haiku", context: "about tides" },
					},
				],
			},
			{ match: "Draft a haiku", text: "Tides rise, tides fall." },
			{ match: "Tides rise, tides fall.", text: "Final: Tides rise, tides fall." },
		],
	});
	const writer = agent("writer");
	const task = new Task({
		name: "poem",
		description: "Write a poem",
		expectedOutput: "a haiku",
		agent: writer,
	});
	const events: CrewEvent[] = [];
	const result = await new Crew({
		agents: [writer],
		tasks: [task],
		process: "hierarchical",
		model,
		managerModel: model,
	}).kickoff({
		onEvent: (event) => events.push(event),
	});
	assert.equal(result.raw, "Final: Tides rise, tides fall.");
	assert.equal(result.tasks[0]?.agent, "manager");
	assert.equal(result.usage.calls.length, 3);
	assert.deepEqual(Object.keys(result.usage.byAgent).sort(), ["manager", "writer"]);
	assert.deepEqual(sumUsage(Object.values(result.usage.byAgent)), result.usage.total);
	assert.ok(events.some((event) => event.type === "model-start" && event.agent === "writer"));
	assert.ok(model.calls[0]?.tools?.some((tool) => tool.name === "delegate_work"));
	const delegate = model.calls[0]?.tools?.find((tool) => tool.name === "delegate_work");
	assert.match(
		delegate && "description" in delegate ? (delegate.description ?? "") : "",
		/Coworkers: writer \(writer\)\./,
		"the manager is told who its coworkers are and what they do",
	);
	const schema = delegate && "inputSchema" in delegate ? delegate.inputSchema : undefined;
	assert.deepEqual(
		schema?.properties,
		{
			coworker: { type: "string", enum: ["writer"], description: "who does the work" },
			task: { type: "string", minLength: 1, description: "what to do, completely stated" },
			context: {
				type: "string",
				description: "everything they need to know; they see nothing else",
			},
		},
		"the model is told what each argument is for",
	);
	const coworkerPrompt = promptText(model.calls[1]?.prompt ?? []);
	assert.match(
		coworkerPrompt,
		/Draft a haiku\s+Expected output: A complete answer to the work asked for\./,
	);
	assert.match(
		coworkerPrompt,
		/<context task="manager">\s*about tides\s*<\/context>/,
		"the coworker sees the context the manager gave",
	);
});

test("kickoffForEach runs each input as its own run, bounded, in input order", async () => {
	let running = 0;
	let peak = 0;
	const model = createScriptedModel({
		replies: ({ prompt }) => {
			running++;
			peak = Math.max(peak, running);
			setTimeout(() => running--, 20);
			return `about ${/Topic (\w+)/.exec(promptText(prompt))?.[1]}`;
		},
		latencyMs: 20,
	});
	const writer = agent("writer");
	const task = new Task({
		name: "t",
		description: "Topic {topic}",
		expectedOutput: "x",
		agent: writer,
	});
	const crew = new Crew({ agents: [writer], tasks: [task], model });
	const topics = ["a", "b", "c", "d", "e", "f", "g"];
	const results = await crew.kickoffForEach(
		topics.map((topic) => ({ topic })),
		{ concurrency: 3 },
	);
	assert.deepEqual(
		results.map((r) => r.raw),
		topics.map((t) => `about ${t}`),
	);
	assert.equal(new Set(results.map((r) => r.runId)).size, topics.length);
	assert.ok(peak <= 3, `at most 3 at once, saw ${peak}`);

	const failing = new Crew({
		agents: [writer],
		tasks: [task],
		model: createScriptedModel({ replies: ["only one"] }),
	});
	await assert.rejects(
		failing.kickoffForEach([{ topic: "a" }, { topic: "b" }], { concurrency: 1 }),
		(error: unknown) => {
			assert.ok(error instanceof BatchError);
			assert.equal(error.results.filter((r) => r instanceof Error).length, 1);
			return true;
		},
	);
});

test("kickoffForEach with callConcurrency keeps that many model calls in flight across runs, never more", async () => {
	/** Model calls wait here until the test lets a whole wave of them answer. */
	const held: Array<() => void> = [];
	let inFlight = 0;
	let peak = 0;
	const gated = () => {
		const base = createScriptedModel({
			replies: ({ prompt }) => `done ${/Topic (\w+)/.exec(promptText(prompt))?.[1]}`,
		});
		return {
			...base,
			async doStream(call: Parameters<typeof base.doStream>[0]) {
				inFlight++;
				peak = Math.max(peak, inFlight);
				await new Promise<void>((resolve) => held.push(resolve));
				inFlight--;
				return base.doStream(call);
			},
		};
	};
	const settle = async () => {
		// Runs move on in this process only: the count of held calls stops changing.
		let last = -1;
		for (let stable = 0; stable < 3; ) {
			await new Promise((resolve) => setTimeout(resolve, 10));
			stable = held.length === last ? stable + 1 : 0;
			last = held.length;
		}
	};
	/** Answers the held calls wave by wave; the number of waves the batch needed. */
	const waves = async (batch: Promise<unknown>) => {
		let done = false;
		void batch.finally(() => {
			done = true;
		});
		let count = 0;
		for (await settle(); !done && held.length > 0; await settle()) {
			count++;
			for (const release of held.splice(0)) release();
		}
		await batch;
		return count;
	};
	const writer = agent("writer");
	const twoCalls = (model: ReturnType<typeof gated>) =>
		new Crew({
			agents: [writer],
			tasks: [
				new Task({ name: "a", description: "Topic {topic}", expectedOutput: "x", agent: writer }),
				new Task({
					name: "b",
					description: "Topic {topic} again",
					expectedOutput: "x",
					agent: writer,
				}),
			],
			model,
		});
	const inputs = Array.from({ length: 10 }, (_, index) => ({ topic: `t${index}` }));

	// 20 calls, 3 at a time: ceil(20 / 3) = 7 waves.
	const byCalls = twoCalls(gated()).kickoffForEach(inputs, { callConcurrency: 3 });
	assert.equal(await waves(byCalls), 7);
	assert.equal(peak, 3);
	assert.deepEqual(
		(await byCalls).map((output) => output.raw),
		inputs.map((input) => `done ${input.topic}`),
	);

	// Whole runs 3 at a time: ceil(10 / 3) = 4 runs one after another, 2 calls each.
	peak = 0;
	assert.equal(await waves(twoCalls(gated()).kickoffForEach(inputs, { concurrency: 3 })), 8);
	assert.equal(peak, 3);

	// Runs under way at once: 4 by default, 4 × callConcurrency with a call limit.
	for (const [options, runs] of [
		[{}, 4],
		[{ callConcurrency: 2 }, 8],
	] as const) {
		const started: string[] = [];
		const batch = twoCalls(gated()).kickoffForEach(inputs, {
			...options,
			onEvent: (event) => {
				if (event.type === "run-start") started.push(event.runId);
			},
		});
		await settle();
		assert.equal(started.length, runs, JSON.stringify(options));
		await waves(batch);
	}

	await assert.rejects(
		twoCalls(gated()).kickoffForEach(inputs, { callConcurrency: 0 }),
		/callConcurrency must be a whole number of at least 1, got 0/,
	);
});

test("the delegation tool, called with a name no coworker has, refuses naming the coworkers", async () => {
	const coworker = (name: string) => ({
		agent: agent(name),
		persona: { role: name, goal: "g", backstory: "b" },
		tools: [],
		model: createScriptedModel({ replies: [] }),
		run: {
			runId: "run-1",
			taskName: "poem",
			model: createScriptedModel({ replies: [] }),
			signal: new AbortController().signal,
			calls: [],
			emit: () => {},
		},
	});
	const tool = createDelegationTool([coworker("writer"), coworker("editor")]);
	await assert.rejects(
		async () =>
			tool.execute(
				{ coworker: "critic", task: "Review", context: "" },
				{ signal: new AbortController().signal, task: "poem", agent: "manager" },
			),
		(error: Error) => error.message === "No coworker 'critic'. Coworkers: writer, editor",
	);
});
