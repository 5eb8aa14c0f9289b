import assert from "node:assert/strict";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { CancelledError, ConfigError } from "../errors.ts";
import type { CrewEvent } from "../events.ts";
import { promptText } from "../models/count-tokens.ts";
import { createScriptedModel } from "../models/scripted-model.ts";
import { openRunStore } from "../store/sqlite-store.ts";
import { Agent } from "./agent.ts";
import { BatchError, Crew } from "./crew.ts";
import { Task } from "./task.ts";

const person = (name: string, model?: ReturnType<typeof createScriptedModel>) =>
	new Agent({
		name,
		role: `${name} of {topic}`,
		goal: "Do {topic} well",
		backstory: "Careful.",
		...(model ? { model } : {}),
	});

function twoStepCrew(model = createScriptedModel({ replies: ["ALPHA", "BETA"] })) {
	const writer = person("writer");
	const editor = person("editor");
	const draft = new Task({
		name: "draft",
		description: "Draft on {topic}",
		expectedOutput: "a draft",
		agent: writer,
	});
	const edit = new Task({
		name: "edit",
		description: "Edit the draft",
		expectedOutput: "an edit",
		agent: editor,
	});
	return new Crew({ name: "notes", agents: [writer, editor], tasks: [draft, edit], model });
}

/** Runs `work`, returning its result and the wall time it took: a bound for reported durations. */
async function timed<T>(work: () => Promise<T>): Promise<{ result: T; wallMs: number }> {
	const started = performance.now();
	const result = await work();
	return { result, wallMs: performance.now() - started };
}

const runEnd = (events: CrewEvent[]) => {
	const end = events.at(-1);
	assert.equal(end?.type, "run-end");
	return end as Extract<CrewEvent, { type: "run-end" }>;
};

test("a crew defined in code is stored readable: its agents and tasks as written, no parent run", async () => {
	const store = openRunStore(":memory:");
	const crew = twoStepCrew();
	const { runId } = await crew.kickoff({ inputs: { topic: "tides" }, store });
	const run = store.getRun(runId);
	assert.equal(run?.status, "completed");
	assert.equal(run?.parentRun, undefined);
	assert.deepEqual(run?.definition, {
		name: "notes",
		process: "sequential",
		agents: ["writer", "editor"].map((name) => ({
			name,
			role: `${name} of {topic}`,
			goal: "Do {topic} well",
			backstory: "Careful.",
		})),
		tasks: [
			{ name: "draft", agent: "writer", description: "Draft on {topic}" },
			{ name: "edit", agent: "editor", description: "Edit the draft" },
		],
	});
	// A definition given by the caller (the YAML the CLI loaded) is stored as given.
	const yaml = { source: "crew.yaml", agents: 2 };
	const second = await twoStepCrew().kickoff({
		inputs: { topic: "tides" },
		store,
		definition: yaml,
	});
	assert.deepEqual(store.getRun(second.runId)?.definition, yaml);
	store.close();
});

test("a completed run reports the last task's answer and a duration within the time it took", async () => {
	const events: CrewEvent[] = [];
	const model = createScriptedModel({ replies: ["ALPHA", "BETA"] });
	const { result, wallMs } = await timed(() =>
		twoStepCrew(model).kickoff({
			inputs: { topic: "tides" },
			onEvent: (event) => events.push(event),
		}),
	);
	assert.equal(result.raw, "BETA");
	assert.match(
		result.runId,
		/^run_[0-9a-z]+_[0-9a-f]{6}$/,
		"short, time-ordered, with a random tail",
	);
	assert.deepEqual(
		model.calls.map((call) => call.tools?.length ?? 0),
		[0, 0],
		"agents without tools or allowDelegation are offered no tools",
	);
	assert.ok(result.durationMs >= 0 && result.durationMs <= wallMs, `${result.durationMs}`);
	const end = runEnd(events);
	assert.equal(end.status, "completed");
	assert.equal(end.error, undefined);
	assert.equal("reason" in end, false, "only a verdict gives a reason");
	assert.ok(end.durationMs >= 0 && end.durationMs <= wallMs, `${end.durationMs}`);
	assert.deepEqual(end.usage, result.usage.total);
});

test("a failed run ends with its error, the usage so far and a duration within the time it took", async () => {
	const events: CrewEvent[] = [];
	const crew = twoStepCrew(createScriptedModel({ replies: ["ALPHA"] }));
	let failure: unknown;
	const { wallMs } = await timed(() =>
		crew
			.kickoff({ inputs: { topic: "tides" }, onEvent: (event) => events.push(event) })
			.catch((error: unknown) => {
				failure = error;
			}),
	);
	assert.ok(failure instanceof Error);
	assert.match(failure.message, /no reply left/);
	assert.equal(failure instanceof CancelledError, false);
	const end = runEnd(events);
	assert.equal(end.status, "failed");
	assert.equal(end.error, failure.message);
	assert.ok(end.durationMs >= 0 && end.durationMs <= wallMs, `${end.durationMs}`);
	assert.ok(end.usage.inputTokens > 0, "the first task's call counts");
});

test("a run cancelled by its caller fails with CancelledError and is recorded as cancelled", async () => {
	// Cancelled while the model answers, and between two tasks.
	for (const trigger of ["model-start", "task-end"] as const) {
		const controller = new AbortController();
		const events: CrewEvent[] = [];
		const model = createScriptedModel({
			replies: [{ text: "ALPHA", delayMs: trigger === "model-start" ? 60_000 : 0 }, "BETA"],
		});
		let failure: unknown;
		const { wallMs } = await timed(() =>
			twoStepCrew(model)
				.kickoff({
					inputs: { topic: "tides" },
					signal: controller.signal,
					onEvent: (event) => {
						events.push(event);
						if (event.type === trigger) controller.abort();
					},
				})
				.catch((error: unknown) => {
					failure = error;
				}),
		);
		assert.ok(failure instanceof CancelledError, `${trigger}: ${String(failure)}`);
		assert.equal(failure.message, "The run was cancelled.");
		const end = runEnd(events);
		assert.equal(end.status, "cancelled");
		assert.ok(end.durationMs >= 0 && end.durationMs <= wallMs, `${end.durationMs}`);
		assert.equal(
			events.some((event) => event.type === "task-start" && event.task === "edit"),
			false,
			`${trigger}: no task starts after the cancel`,
		);
	}
});

test("a skipped conditional task is recorded as started and ended with no output; its condition sees the task before it", async () => {
	const model = createScriptedModel({ replies: ["ALPHA", "GAMMA"] });
	const writer = person("writer");
	const editor = person("editor");
	const seen: Array<string | undefined> = [];
	const tasks = [
		new Task({ name: "one", description: "One", expectedOutput: "x", agent: writer }),
		new Task({
			name: "two",
			description: "Two",
			expectedOutput: "x",
			agent: editor,
			condition: (previous) => {
				seen.push(previous?.raw);
				return false;
			},
		}),
		new Task({
			name: "three",
			description: "Three",
			expectedOutput: "x",
			agent: writer,
			condition: (previous) => {
				seen.push(previous?.raw);
				return true;
			},
		}),
	];
	const events: CrewEvent[] = [];
	const result = await new Crew({ agents: [writer, editor], tasks, model }).kickoff({
		inputs: { topic: "x" },
		onEvent: (event) => events.push(event),
	});
	assert.deepEqual(seen, ["ALPHA", ""], "each condition sees the output just before its task");
	const ofTwo = events.flatMap((event) =>
		(event.type === "task-start" || event.type === "task-end") && event.task === "two"
			? [event]
			: [],
	);
	assert.deepEqual(
		ofTwo.map((event) => [event.type, event.type === "task-end" ? event.output : "", event.agent]),
		[
			["task-start", "", "editor"],
			["task-end", "", "editor"],
		],
	);
	const skippedEnd = ofTwo[1] as Extract<CrewEvent, { type: "task-end" }>;
	assert.equal(skippedEnd.durationMs, 0);
	assert.equal(skippedEnd.usage.inputTokens + skippedEnd.usage.outputTokens, 0);
	assert.deepEqual(
		result.tasks.map((output) => [output.task, output.agent, output.raw, output.calls.length]),
		[
			["one", "writer", "ALPHA", 1],
			["two", "editor", "", 0],
			["three", "writer", "GAMMA", 1],
		],
	);
	assert.equal(result.raw, "GAMMA");
});

test("a hierarchical crew's manager works on the manager model, its own model, then the crew's", async () => {
	const answer = (text: string) =>
		createScriptedModel({ replies: () => ({ text }), modelId: text.toLowerCase() });
	const writer = person("writer");
	const task = new Task({ name: "poem", description: "Write", expectedOutput: "x", agent: writer });
	const cases = [
		{ managerModel: answer("MANAGER-MODEL"), own: answer("OWN"), expected: "MANAGER-MODEL" },
		{ managerModel: undefined, own: answer("OWN"), expected: "OWN" },
		{ managerModel: undefined, own: undefined, expected: "CREW" },
	];
	for (const { managerModel, own, expected } of cases) {
		const boss = new Agent({
			name: "boss",
			role: "Lead",
			goal: "Lead",
			backstory: "Calm.",
			...(own ? { model: own } : {}),
		});
		const result = await new Crew({
			agents: [writer],
			tasks: [task],
			process: "hierarchical",
			manager: boss,
			model: answer("CREW"),
			...(managerModel ? { managerModel } : {}),
		}).kickoff({ inputs: { topic: "x" } });
		assert.equal(result.raw, expected);
		assert.equal(result.tasks[0]?.agent, "boss");
	}
	assert.throws(
		() =>
			new Crew({
				agents: [writer],
				tasks: [task],
				process: "hierarchical",
				manager: writer,
			}),
		/the manager must not also be one of its agents/,
	);
});

test("replay from a later task restores the earlier outputs from the stored run, named as its parent", async () => {
	const store = openRunStore(":memory:");
	const first = await twoStepCrew().kickoff({ inputs: { topic: "tides" }, store });
	const events: CrewEvent[] = [];
	const model = createScriptedModel({ replies: ["BETA-2"] });
	const replayed = await twoStepCrew(model).replay(first.runId, "edit", {
		store,
		onEvent: (event) => events.push(event),
	});
	assert.notEqual(replayed.runId, first.runId);
	assert.deepEqual(
		replayed.tasks.map((output) => output.raw),
		["ALPHA", "BETA-2"],
	);
	const restore = events.find((event) => event.type === "task-restore");
	assert.deepEqual(
		restore && {
			task: restore.task,
			agent: restore.agent,
			output: restore.output,
			fromRun: restore.fromRun,
		},
		{ task: "draft", agent: "writer", output: "ALPHA", fromRun: first.runId },
	);
	assert.match(promptText(model.calls[0]?.prompt ?? []), /ALPHA/, "the restored output is context");
	assert.equal(store.getRun(replayed.runId)?.parentRun, first.runId);

	// From the first task nothing is restored: every task runs again.
	const again = await twoStepCrew(createScriptedModel({ replies: ["A3", "B3"] })).replay(
		first.runId,
		"draft",
		{ store },
	);
	assert.deepEqual(
		again.tasks.map((output) => output.raw),
		["A3", "B3"],
	);
	await assert.rejects(
		twoStepCrew().replay(first.runId, "publish", { store }),
		(error: Error) =>
			error instanceof ConfigError &&
			error.message === "Crew 'notes' has no task 'publish'. Tasks: draft, edit.",
	);
	store.close();
});

test("kickoffForEach's BatchError counts the failed runs and quotes the first failure", async () => {
	const crew = twoStepCrew(createScriptedModel({ replies: ["ALPHA", "BETA"] }));
	await assert.rejects(
		crew.kickoffForEach([{ topic: "a" }, { topic: "b" }], { concurrency: 1 }),
		(error: unknown) => {
			assert.ok(error instanceof BatchError);
			assert.match(
				error.message,
				/^1 of 2 runs failed\. First: The scripted model has no reply left for call 3/,
			);
			assert.equal(error.results.length, 2);
			assert.equal((error.results[0] as { raw: string }).raw, "BETA");
			return true;
		},
	);
});

test("an async task without a context sees the outputs of the earlier tasks that do not run beside it", async () => {
	const model = createScriptedModel({
		replies: [
			{ match: "Plan the trip", text: "PLAN" },
			{ match: "Book trains", text: "TRAINS" },
			{ match: "Book hotels", text: "HOTELS" },
		],
	});
	const planner = person("planner");
	const task = (name: string, description: string, async: boolean) =>
		new Task({ name, description, expectedOutput: "x", agent: planner, async });
	await new Crew({
		agents: [planner],
		tasks: [
			task("plan", "Plan the trip", false),
			task("trains", "Book trains", true),
			task("hotels", "Book hotels", true),
		],
		model,
	}).kickoff({ inputs: { topic: "x" } });
	for (const description of ["Book trains", "Book hotels"]) {
		const prompt = promptText(
			model.calls.find((call) => promptText(call.prompt).includes(description))?.prompt ?? [],
		);
		assert.match(prompt, /PLAN/, description);
	}
	const hotels = promptText(
		model.calls.find((call) => promptText(call.prompt).includes("Book hotels"))?.prompt ?? [],
	);
	assert.doesNotMatch(hotels, /TRAINS/, "an async sibling's output is not its context");
});

test("a manager's delegation tool names each coworker with their role; the coworker gets the work and its context", async () => {
	const model = createScriptedModel({
		replies: [
			{
				match: "Suggested coworker: writer",
				toolCalls: [
					{
						toolName: "delegate_work",
						input: { coworker: "writer", task: "Draft a haiku", context: "" },
					},
				],
			},
			{ match: "Draft a haiku", text: "Tides rise." },
			{ match: "Tides rise.", text: "Final." },
		],
	});
	const writer = person("writer");
	const editor = person("editor");
	const task = new Task({ name: "poem", description: "Poem", expectedOutput: "x", agent: writer });
	const events: CrewEvent[] = [];
	await new Crew({
		agents: [writer, editor],
		tasks: [task],
		process: "hierarchical",
		model,
	}).kickoff({ inputs: { topic: "verse" }, onEvent: (event) => events.push(event) });
	const delegate = model.calls[0]?.tools?.find((tool) => tool.name === "delegate_work");
	assert.equal(
		delegate && "description" in delegate ? delegate.description : undefined,
		"Hands work to a coworker and returns their answer. Coworkers: writer (writer of verse), editor (editor of verse).",
	);
	const coworkerPrompt = promptText(model.calls[1]?.prompt ?? []);
	assert.match(coworkerPrompt, /Draft a haiku/);
	assert.match(coworkerPrompt, /A complete answer to the work asked for\./);
	assert.doesNotMatch(coworkerPrompt, /manager/i, "an empty context passes nothing");
	assert.doesNotMatch(coworkerPrompt, /<context/, "not even an empty context block");
	const coworkerStart = events.flatMap((event) =>
		event.type === "model-start" && event.agent === "writer" ? [event] : [],
	)[0];
	assert.deepEqual(
		coworkerStart && [coworkerStart.runId === events[0]?.runId, coworkerStart.task],
		[true, "poem"],
	);
});

test("a model named by a string is loaded once per run and shared by the agents that name it", async () => {
	const folder = await mkdtemp(join(tmpdir(), "crewkit-run-crew-"));
	const script = join(folder, "script.json");
	await writeFile(script, JSON.stringify(["ALPHA", "BETA"]));
	const spec = `scripted:${script}`;
	const writer = new Agent({ name: "writer", role: "W", goal: "G", backstory: "B", model: spec });
	const editor = new Agent({ name: "editor", role: "E", goal: "G", backstory: "B", model: spec });
	const result = await new Crew({
		agents: [writer, editor],
		tasks: [
			new Task({ name: "draft", description: "Draft", expectedOutput: "x", agent: writer }),
			new Task({ name: "edit", description: "Edit", expectedOutput: "x", agent: editor }),
		],
	}).kickoff({});
	assert.deepEqual(
		result.tasks.map((output) => output.raw),
		["ALPHA", "BETA"],
		"one model, its replies in turn",
	);
	assert.deepEqual(
		result.usage.calls.map((call) => call.model),
		[`scripted:${script}`, `scripted:${script}`],
	);
	await rm(folder, { recursive: true, force: true });
});

test("a crew's knowledge and memory settings are checked when it is defined, naming the crew", () => {
	const writer = person("writer");
	const tasks = [new Task({ name: "t", description: "T", expectedOutput: "x", agent: writer })];
	assert.throws(
		() => new Crew({ name: "docs", agents: [writer], tasks, knowledge: ["  "] }),
		(error: Error) =>
			error instanceof ConfigError &&
			error.message ===
				`Crew 'docs': each knowledge entry must be a file or folder path, got "  ".`,
	);
	assert.throws(
		() => new Crew({ agents: [writer], tasks, memory: { limit: 0 } }),
		(error: Error) =>
			error instanceof ConfigError &&
			error.message === "memory: limit must be a whole number from 1 to 50, got 0.",
	);
});

test("a stored run that is complete, grounded or not, is not resumed", async () => {
	const store = openRunStore(":memory:");
	for (const assessRun of [
		undefined,
		() => ({ status: "ungrounded" as const, reason: "no sources" }),
	]) {
		const { runId } = await twoStepCrew().kickoff({
			inputs: { topic: "tides" },
			store,
			...(assessRun ? { assessRun } : {}),
		});
		await assert.rejects(
			twoStepCrew().resume(runId, { store }),
			(error: Error) =>
				error instanceof ConfigError &&
				error.message ===
					`Run '${runId}' is already complete. Re-run part of it with: crewkit replay ${runId} --from <task>`,
		);
	}
	store.close();
});

test("a hierarchical crew plans on its manager's model, and the manager's prompt carries the plan", async () => {
	const managerModel = createScriptedModel({
		modelId: "boss-model",
		replies: [JSON.stringify({ plans: [{ task: "poem", plan: "Rhyme it." }] }), "FINAL"],
	});
	const writer = person("writer", createScriptedModel({ replies: [] }));
	const task = new Task({ name: "poem", description: "Write", expectedOutput: "x", agent: writer });
	const result = await new Crew({
		agents: [writer],
		tasks: [task],
		process: "hierarchical",
		planning: true,
		managerModel,
	}).kickoff({ inputs: { topic: "x" } });
	assert.equal(result.raw, "FINAL");
	assert.deepEqual(
		result.usage.calls.map((call) => [call.agent, call.model]),
		[
			["planner", `${managerModel.provider}:boss-model`],
			["manager", `${managerModel.provider}:boss-model`],
		],
	);
	assert.match(
		promptText(managerModel.calls[1]?.prompt ?? []),
		/Plan:\nRhyme it\.\n\nSuggested coworker: writer\./,
	);
});
