import assert from "node:assert/strict";
import { mkdtemp, readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { z } from "zod";
import { MissingInputError } from "../errors.ts";
import type { CrewEvent } from "../events.ts";
import { promptText } from "../models/count-tokens.ts";
import { createScriptedModel } from "../models/scripted-model.ts";
import { defineTool } from "../tools/define-tool.ts";
import { sumUsage } from "../usage.ts";
import { Agent } from "./agent.ts";
import { Crew } from "./crew.ts";
import { Task } from "./task.ts";

const agent = (name: string) =>
	new Agent({ name, role: `${name} of {topic}`, goal: "Do {topic} well", backstory: "Careful." });

function threeTasks(contextOfThird?: "all" | "first" | "none") {
	const writer = agent("writer");
	const first = new Task({
		name: "first",
		description: "Step one on {topic}",
		expectedOutput: "one",
		agent: writer,
	});
	const second = new Task({
		name: "second",
		description: "Step two",
		expectedOutput: "two",
		agent: writer,
	});
	const third = new Task({
		name: "third",
		description: "Step three",
		expectedOutput: "three",
		agent: writer,
		...(contextOfThird === "first"
			? { context: [first] }
			: contextOfThird === "none"
				? { context: [] }
				: {}),
	});
	return { writer, tasks: [first, second, third] };
}

test("a task without context sees every earlier output; placeholders are filled", async () => {
	const model = createScriptedModel({ replies: ["ALPHA", "BETA", "GAMMA"] });
	const { writer, tasks } = threeTasks("all");
	const result = await new Crew({ agents: [writer], tasks, model }).kickoff({
		inputs: { topic: "tides" },
	});
	assert.deepEqual(
		result.tasks.map((t) => t.raw),
		["ALPHA", "BETA", "GAMMA"],
	);
	const third = promptText(model.calls[2]?.prompt ?? []);
	assert.match(third, /ALPHA/);
	assert.match(third, /BETA/);
	assert.match(promptText(model.calls[0]?.prompt ?? []), /writer of tides[\s\S]*Step one on tides/);
});

test("an explicit context passes exactly those outputs, and [] passes none", async () => {
	for (const [rule, expected] of [
		["first", ["ALPHA"]],
		["none", []],
	] as const) {
		const model = createScriptedModel({ replies: ["ALPHA", "BETA", "GAMMA"] });
		const { writer, tasks } = threeTasks(rule);
		await new Crew({ agents: [writer], tasks, model }).kickoff({ inputs: { topic: "tides" } });
		const third = promptText(model.calls[2]?.prompt ?? []);
		for (const word of ["ALPHA", "BETA"]) {
			assert.equal(
				third.includes(word),
				(expected as readonly string[]).includes(word),
				`${rule}: ${word}`,
			);
		}
	}
});

test("usage is exact per call, task, agent and run", async () => {
	const model = createScriptedModel({ replies: ["one two three", "four five", "six"] });
	const { writer, tasks } = threeTasks();
	const result = await new Crew({ agents: [writer], tasks, model }).kickoff({
		inputs: { topic: "x" },
	});
	assert.equal(result.usage.calls.length, 3);
	assert.deepEqual(result.usage.total, sumUsage(result.usage.calls.map((c) => c.usage)));
	assert.deepEqual(result.usage.byAgent.writer, result.usage.total);
	assert.deepEqual(sumUsage(Object.values(result.usage.byTask)), result.usage.total);
	assert.deepEqual(
		result.usage.calls.map((c) => c.usage.outputTokens),
		[3, 2, 1],
	);
	for (const output of result.tasks)
		assert.deepEqual(output.usage, sumUsage(output.calls.map((c) => c.usage)));
});

test("a missing input names the input and every place it is used", async () => {
	const { writer, tasks } = threeTasks();
	const crew = new Crew({ agents: [writer], tasks, model: createScriptedModel({ replies: [] }) });
	await assert.rejects(crew.kickoff({ inputs: {} }), (error: unknown) => {
		assert.ok(error instanceof MissingInputError);
		assert.match(error.message, /'topic'/);
		assert.match(error.message, /agent 'writer' role/);
		assert.match(error.message, /task 'first' description/);
		return true;
	});
	const author = agent("writer");
	const task = new Task({
		name: "write",
		description: "Write",
		expectedOutput: "Notes in {style}",
		agent: author,
		outputFile: "out/{style}-{topic}.md",
	});
	await assert.rejects(
		new Crew({
			agents: [author],
			tasks: [task],
			model: createScriptedModel({ replies: [] }),
		}).kickoff({
			inputs: { topic: "x" },
		}),
		(error: Error) =>
			error.message.startsWith(
				"Missing input 'style', used in task 'write' expected output, task 'write' output file.",
			),
	);
});

test("a placeholder used only in a backstory is an input like any other: required before the run, filled in the prompt", async () => {
	const writer = new Agent({
		name: "writer",
		role: "Writer",
		goal: "Write",
		backstory: "You write for {audience}.",
	});
	const task = new Task({
		name: "only",
		description: "Write.",
		expectedOutput: "Text",
		agent: writer,
	});
	const events: CrewEvent[] = [];
	const model = createScriptedModel({ replies: ["DONE"] });
	const crew = new Crew({ agents: [writer], tasks: [task], model });
	await assert.rejects(
		crew.kickoff({ inputs: {}, onEvent: (event) => events.push(event) }),
		(error: unknown) => {
			assert.ok(error instanceof MissingInputError);
			assert.match(error.message, /'audience'/);
			assert.match(error.message, /agent 'writer' backstory/);
			return true;
		},
	);
	assert.deepEqual(events, [], "nothing ran");
	assert.equal(model.calls.length, 0);
	const alsoInTask = new Task({
		name: "also",
		description: "Write for {audience}.",
		expectedOutput: "Text",
		agent: writer,
	});
	await assert.rejects(
		new Crew({ agents: [writer], tasks: [alsoInTask], model }).kickoff({ inputs: {} }),
		/'audience'.*agent 'writer' backstory.*task 'also' description/s,
		"the error names every place, the backstory too",
	);
	await crew.kickoff({ inputs: { audience: "engineers" } });
	const prompt = promptText(model.calls[0]?.prompt ?? []);
	assert.match(prompt, /You write for engineers\./);
	assert.doesNotMatch(prompt, /\{audience\}/);
});

test("an output schema yields the parsed value; bad JSON is re-asked", async () => {
	const model = createScriptedModel({ replies: ["not json", '```json\n{"count": 3}\n```'] });
	const counter = agent("counter");
	const task = new Task({
		name: "count",
		description: "Count",
		expectedOutput: "a count",
		agent: counter,
		outputSchema: z.object({ count: z.number() }),
	});
	const result = await new Crew({ agents: [counter], tasks: [task], model }).kickoff({
		inputs: { topic: "x" },
	});
	assert.deepEqual(result.tasks[0]?.value, { count: 3 });
	assert.equal(model.calls.length, 2);
	assert.equal(model.calls[0]?.responseFormat?.type, "json");
});

test("a failing guardrail feeds its reason back and the agent retries; events tell the story", async () => {
	const model = createScriptedModel({ replies: ["short", "a longer answer"] });
	const writer = agent("writer");
	const task = new Task({
		name: "write",
		description: "Write",
		expectedOutput: "text",
		agent: writer,
		guardrails: [
			(output) => (output.raw.length > 5 ? { ok: true } : { ok: false, reason: "too short" }),
		],
	});
	const events: CrewEvent[] = [];
	const directory = await mkdtemp(join(tmpdir(), "crewkit-"));
	const outputFile = join(directory, "nested", "out.md");
	const result = await new Crew({ agents: [writer], tasks: [task], model }).kickoff({
		inputs: { topic: "x" },
		onEvent: (event) => events.push(event),
		outputFile,
	});
	assert.equal(result.raw, "a longer answer");
	assert.match(promptText(model.calls[1]?.prompt ?? []), /not accepted: too short/);
	assert.equal(await readFile(outputFile, "utf8"), "a longer answer");
	const types = events.map((event) => event.type).filter((type) => type !== "model-delta");
	assert.deepEqual(types, [
		"run-start",
		"task-start",
		"model-start",
		"model-end",
		"task-retry",
		"model-start",
		"model-end",
		"task-end",
		"run-end",
	]);
	assert.ok(events.some((event) => event.type === "model-delta"));
});

test("a crew whose task uses an agent outside the crew is refused when defined", () => {
	const { tasks } = threeTasks();
	assert.throws(() => new Crew({ agents: [agent("other")], tasks }), /not in the crew's agents/);
});

test("a task carried out by code asks its agent several times; every call counts", async () => {
	const model = createScriptedModel({
		replies: [
			{ match: "Write part A", text: "Part A." },
			{ match: "Write part B", text: "Part B." },
		],
	});
	const writer = agent("writer");
	const first = new Task({
		name: "plan",
		description: "Plan",
		expectedOutput: "x",
		agent: writer,
		run: async () => ({ text: "plan", value: ["A", "B"] }),
	});
	const parts = new Task({
		name: "parts",
		description: "Write the parts",
		expectedOutput: "text",
		agent: writer,
		run: async ({ ask, context }) => {
			const names = context[0]?.value as string[];
			const texts = [];
			for (const name of names)
				texts.push(
					(await ask({ description: `Write part ${name}`, expectedOutput: "a sentence" })).text,
				);
			return { text: texts.join(" "), value: texts.length };
		},
	});
	const result = await new Crew({ agents: [writer], tasks: [first, parts], model }).kickoff({
		inputs: { topic: "x" },
	});
	assert.equal(result.raw, "Part A. Part B.");
	assert.equal(result.tasks[1]?.value, 2);
	assert.equal(result.tasks[1]?.calls.length, 2);
	assert.deepEqual(result.usage.total, sumUsage(result.usage.calls.map((call) => call.usage)));
});

test("a reviewed task goes back to its agent with the person's feedback until they accept", async () => {
	const model = createScriptedModel({ replies: ["Draft one.", "Draft two, with 2026."] });
	const writer = agent("writer");
	const task = new Task({
		name: "write",
		description: "Write",
		expectedOutput: "text",
		agent: writer,
		humanInput: true,
	});
	const questions: Array<{ type: string; draft?: string; prompt: string; key: string }> = [];
	const answers = ["Add the year", " Yes "];
	const result = await new Crew({ agents: [writer], tasks: [task], model }).kickoff({
		inputs: { topic: "x" },
		human: {
			answer: async (question) => {
				questions.push({
					type: question.type,
					...(question.draft === undefined ? {} : { draft: question.draft }),
					prompt: question.prompt,
					key: question.key,
				});
				return answers.shift();
			},
		},
	});
	assert.equal(result.raw, "Draft two, with 2026.");
	assert.deepEqual(
		questions.map(({ type, draft, key }) => ({ type, draft, key })),
		[
			{ type: "feedback", draft: "Draft one.", key: "task:write/1" },
			{ type: "feedback", draft: "Draft two, with 2026.", key: "task:write/2" },
		],
	);
	assert.match(questions[0]?.prompt ?? "", /Review the answer of task 'write'/);
	assert.match(
		promptText(model.calls[1]?.prompt ?? []),
		/A person reviewed your answer and asks for changes: Add the year/,
	);
	assert.equal(model.calls.length, 2);
});

test("a crew with a reviewed task and nobody to ask is refused before it starts", async () => {
	const writer = agent("writer");
	const task = new Task({
		name: "write",
		description: "Write",
		expectedOutput: "text",
		agent: writer,
		humanInput: true,
	});
	const model = createScriptedModel({ replies: ["Draft."] });
	await assert.rejects(
		new Crew({ agents: [writer], tasks: [task], model }).kickoff({ inputs: { topic: "x" } }),
		/Crew 'crew' has tasks a person reviews \(human_input\): pass human: \{ answer \} to kickoff, or a store/,
	);
	assert.equal(model.calls.length, 0);
});

test("a review that never accepts stops after ten rounds", async () => {
	const writer = agent("writer");
	const task = new Task({
		name: "write",
		description: "Write",
		expectedOutput: "text",
		agent: writer,
		humanInput: true,
	});
	const model = createScriptedModel({
		replies: Array.from({ length: 11 }, (_, index) => `D${index}`),
	});
	let asked = 0;
	await assert.rejects(
		new Crew({ agents: [writer], tasks: [task], model }).kickoff({
			inputs: { topic: "x" },
			human: {
				answer: async () => {
					asked++;
					return "more";
				},
			},
		}),
		/Task 'write': 10 rounds of review without acceptance/,
	);
	assert.equal(asked, 10);
});

test("an instruction guardrail is judged by the task's model; its reason goes back; its call counts", async () => {
	const model = createScriptedModel({
		replies: [
			"An answer without a year.",
			'{"ok": false, "reason": "no year is named"}',
			"An answer from 2026.",
			'{"ok": true, "reason": ""}',
		],
	});
	const writer = agent("writer");
	const task = new Task({
		name: "write",
		description: "Write",
		expectedOutput: "text",
		agent: writer,
		guardrails: ["The answer names a year."],
	});
	const result = await new Crew({ agents: [writer], tasks: [task], model }).kickoff({
		inputs: { topic: "x" },
	});
	assert.equal(result.raw, "An answer from 2026.");
	assert.match(promptText(model.calls[1]?.prompt ?? []), /The answer names a year\./);
	assert.match(promptText(model.calls[1]?.prompt ?? []), /An answer without a year\./);
	assert.equal(model.calls[1]?.responseFormat?.type, "json");
	assert.match(promptText(model.calls[2]?.prompt ?? []), /no year is named/);
	assert.deepEqual(
		result.tasks[0]?.calls.map((call) => call.agent),
		["writer", "writer (guardrail)", "writer", "writer (guardrail)"],
	);
	assert.deepEqual(result.usage.total, sumUsage(result.usage.calls.map((call) => call.usage)));
});

test("a guardrail verdict that cannot be read fails the check; retries run out with a GuardrailError", async () => {
	const model = createScriptedModel({ replies: ["First.", "not json at all"] });
	const writer = agent("writer");
	const task = new Task({
		name: "write",
		description: "Write",
		expectedOutput: "text",
		agent: writer,
		guardrails: ["The answer is polite."],
		guardrailRetries: 0,
	});
	await assert.rejects(
		new Crew({ agents: [writer], tasks: [task], model }).kickoff({ inputs: { topic: "x" } }),
		(error: Error) =>
			error.name === "GuardrailError" &&
			/^Task 'write': the answer still fails its check after 1 attempts: the check's verdict could not be read: /.test(
				error.message,
			),
	);
});

test("a crew's definition is checked when it is made: process, manager, tasks, unique names, context order", () => {
	const writer = agent("writer");
	const editor = agent("editor");
	const task = (name: string, by = writer, context?: Task[]) =>
		new Task({
			name,
			description: "d",
			expectedOutput: "e",
			agent: by,
			...(context ? { context } : {}),
		});
	const refused = (options: ConstructorParameters<typeof Crew>[0], message: string) =>
		assert.throws(
			() => new Crew(options),
			(error: Error) => error.name === "ConfigError" && error.message === message,
		);
	refused(
		{ name: "c", agents: [writer], tasks: [task("a")], process: "parallel" as "sequential" },
		"Crew 'c': unknown process 'parallel'. Use 'sequential' or 'hierarchical'.",
	);
	refused(
		{ name: "c", agents: [writer], tasks: [task("a")], process: "hierarchical", manager: writer },
		"Crew 'c': the manager must not also be one of its agents.",
	);
	refused({ name: "c", agents: [writer], tasks: [] }, "Crew 'c' has no tasks.");
	refused(
		{ name: "c", agents: [writer, agent("writer")], tasks: [task("a")] },
		"Crew 'c' has two agents named 'writer'.",
	);
	refused(
		{ name: "c", agents: [writer], tasks: [task("a"), task("a")] },
		"Crew 'c' has two tasks named 'a'.",
	);
	refused(
		{ name: "c", agents: [writer], tasks: [task("a", editor)] },
		"Task 'a' uses agent 'editor', which is not in the crew's agents (writer). Add it to agents.",
	);
	refused(
		{ name: "c", agents: [writer, agent("critic")], tasks: [task("a", editor)] },
		"Task 'a' uses agent 'editor', which is not in the crew's agents (writer, critic). Add it to agents.",
	);
	const later = task("later");
	refused(
		{ name: "c", agents: [writer], tasks: [task("first", writer, [later]), later] },
		"Task 'first' takes context from 'later', which does not come before it in the crew. Order the tasks so context comes first.",
	);
	const first = task("first");
	assert.equal(
		new Crew({
			name: "c",
			agents: [writer, editor],
			tasks: [first, task("second", editor, [first])],
		}).tasks.length,
		2,
	);
});

test("kickoffForEach refuses a concurrency that is not a whole number of at least 1", async () => {
	const { writer, tasks } = threeTasks();
	const crew = new Crew({ agents: [writer], tasks, model: createScriptedModel({ replies: [] }) });
	for (const concurrency of [0, 1.5]) {
		await assert.rejects(
			crew.kickoffForEach([{ topic: "a" }], { concurrency }),
			new RegExp(
				`kickoffForEach: concurrency must be a whole number of at least 1, got ${concurrency}\\.`,
			),
		);
	}
});

test("an input that would move a task's output file to another folder is refused before the run", async () => {
	const writer = agent("writer");
	const directory = await mkdtemp(join(tmpdir(), "crewkit-"));
	const task = new Task({
		name: "write",
		description: "Write on {topic}",
		expectedOutput: "text",
		agent: writer,
		outputFile: join(directory, "{topic}.md"),
	});
	const model = createScriptedModel({ replies: ["Text."] });
	const crew = new Crew({ agents: [writer], tasks: [task], model });
	for (const topic of ["../escape", "a/b", "a\\b", "..", "."]) {
		await assert.rejects(
			crew.kickoff({ inputs: { topic } }),
			(error: Error) =>
				error.message.startsWith(
					`Input 'topic' (${JSON.stringify(topic)}) is used in the output file of task 'write'`,
				) &&
				error.message.endsWith("would change its folder: give a value without '/', '\\' or '..'."),
			topic,
		);
	}
	assert.equal(model.calls.length, 0);
	// Dots are fine in a name, at its start or end too: only '.' and '..' themselves move it.
	for (const topic of ["ai..llms", ".hidden", "draft.."]) {
		await new Crew({
			agents: [writer],
			tasks: [task],
			model: createScriptedModel({ replies: ["Text."] }),
		}).kickoff({ inputs: { topic } });
		assert.equal(await readFile(join(directory, `${topic}.md`), "utf8"), "Text.", topic);
	}
});

test("a reviewed output replaces the task's for later tasks; a review that keeps it changes nothing", async () => {
	const model = createScriptedModel({ replies: ["ALPHA", "BETA", "GAMMA"] });
	const { writer, tasks } = threeTasks("all");
	const events: CrewEvent[] = [];
	const asked: string[] = [];
	const result = await new Crew({ agents: [writer], tasks, model }).kickoff({
		inputs: { topic: "x" },
		onEvent: (event) => events.push(event),
		human: { answer: async () => "edited by a person" },
		reviews: {
			first: async (output, ask) => {
				asked.push(output.raw);
				return {
					text: String(
						await ask({
							key: "outline",
							type: "text",
							prompt: "Edit",
							hasDefault: false,
							task: "first",
						}),
					),
					value: 7,
				};
			},
			second: async () => undefined,
		},
	});
	assert.deepEqual(asked, ["ALPHA"]);
	assert.deepEqual(
		result.tasks.map((task) => [task.raw, task.value]),
		[
			["edited by a person", 7],
			["BETA", undefined],
			["GAMMA", undefined],
		],
	);
	assert.match(promptText(model.calls[1]?.prompt ?? []), /edited by a person/);
	assert.doesNotMatch(promptText(model.calls[1]?.prompt ?? []), /ALPHA/);
	const ends = events.flatMap((event) =>
		event.type === "task-end" ? [[event.task, event.output, event.value]] : [],
	);
	assert.deepEqual(ends, [
		["first", "ALPHA", undefined],
		["first", "edited by a person", 7],
		["second", "BETA", undefined],
		["third", "GAMMA", undefined],
	]);
});

test("a run whose reviewer is away is stored as waiting", async () => {
	const { openRunStore } = await import("../store/sqlite-store.ts");
	const store = openRunStore(":memory:");
	const writer = agent("writer");
	const task = new Task({
		name: "write",
		description: "Write",
		expectedOutput: "t",
		agent: writer,
		humanInput: true,
	});
	const model = createScriptedModel({ replies: ["Draft."] });
	const events: CrewEvent[] = [];
	await assert.rejects(
		new Crew({ agents: [writer], tasks: [task], model }).kickoff({
			inputs: { topic: "x" },
			store,
			onEvent: (event) => events.push(event),
		}),
		(error: Error) => error.name === "WaitingForHumanError",
	);
	const end = events.at(-1);
	assert.equal(end?.type, "run-end");
	assert.equal(end?.type === "run-end" && end.status, "waiting");
	assert.equal(store.listRuns()[0]?.status, "waiting");
	store.close();
});

test("a task carried out by code uses its agent's tools by name; each use is a tool call and result", async () => {
	const shout = defineTool({
		name: "shout",
		description: "Upper-cases text.",
		parameters: z.object({ text: z.string() }),
		execute: ({ text }) => text.toUpperCase(),
	});
	const writer = new Agent({
		name: "writer",
		role: "Writer",
		goal: "g",
		backstory: "b",
		tools: [shout],
	});
	const failures: string[] = [];
	const task = new Task({
		name: "code",
		description: "Use the tool",
		expectedOutput: "text",
		agent: writer,
		run: async ({ useTool }) => {
			const loud = await useTool("shout", { text: "hi" });
			for (const [name, input] of [
				["whisper", { text: "x" }],
				["shout", { text: 3 }],
			] as const) {
				await useTool(name, input).catch((error: Error) => failures.push(error.message));
			}
			return String(loud);
		},
	});
	const events: CrewEvent[] = [];
	const result = await new Crew({
		agents: [writer],
		tasks: [task],
		model: createScriptedModel({ replies: [] }),
	}).kickoff({ onEvent: (event) => events.push(event) });
	assert.equal(result.raw, "HI");
	assert.equal(failures[0], "Task 'code': agent 'writer' has no tool 'whisper'.");
	assert.equal(failures.length, 2, "input the tool's schema refuses is an error too");
	const tools = events.flatMap((event) =>
		event.type === "tool-call"
			? [["call", event.toolName, event.input]]
			: event.type === "tool-result"
				? [["result", event.toolName, event.isError, typeof event.output]]
				: [],
	);
	assert.deepEqual(tools, [
		["call", "shout", { text: "hi" }],
		["result", "shout", false, "string"],
		["call", "shout", { text: 3 }],
		["result", "shout", true, "string"],
	]);
	const ids = events.flatMap((event) => (event.type === "tool-call" ? [event.toolCallId] : []));
	assert.notEqual(ids[0], ids[1], "each use has its own id");
	assert.match(ids[0] ?? "", /^code_\d+$/);
});

test("a task carried out by code measures a prompt in tokens before it asks", async () => {
	const writer = agent("writer");
	let small = 0;
	let large = 0;
	const task = new Task({
		name: "measure",
		description: "Measure",
		expectedOutput: "text",
		agent: writer,
		run: async ({ measure }) => {
			small = await measure({ description: "Short.", expectedOutput: "x" });
			large = await measure({ description: "Long. ".repeat(200), expectedOutput: "x" });
			return "done";
		},
	});
	await new Crew({
		agents: [writer],
		tasks: [task],
		model: createScriptedModel({ replies: [] }),
	}).kickoff({
		inputs: { topic: "x" },
	});
	assert.ok(small > 0);
	assert.ok(large > small + 150, `${large} tokens for 200 more words than ${small}`);
});
