import assert from "node:assert/strict";
import { test } from "node:test";
import type { LanguageModelV4FunctionTool } from "@ai-sdk/provider";
import { z } from "zod";
import { LimitError } from "../errors.ts";
import type { CrewEvent } from "../events.ts";
import { answerRun } from "../human/answer-run.ts";
import { promptText } from "../models/count-tokens.ts";
import type { ModelWindow } from "../models/model-window.ts";
import { createScriptedModel } from "../models/scripted-model.ts";
import { openRunStore } from "../store/sqlite-store.ts";
import { defineTool } from "../tools/define-tool.ts";
import { Agent } from "./agent.ts";
import { Crew } from "./crew.ts";
import { GuardrailError, runTask, type TaskRun } from "./run-task.ts";
import { type Guardrail, Task } from "./task.ts";

const writer = new Agent({ name: "writer", role: "Writer", goal: "Write", backstory: "Careful." });

test("every guardrail is checked in order; retries are numbered and carry the failing check's reason", async () => {
	const model = createScriptedModel({ replies: ["D1", "D2", "D3"] });
	const checked: string[] = [];
	const always: Guardrail = (output) => {
		checked.push(`always ${output.raw}`);
		return { ok: true };
	};
	const final: Guardrail = (output) =>
		output.raw === "D3" ? { ok: true } : { ok: false, reason: `${output.raw} is not final` };
	const task = new Task({
		name: "write",
		description: "Write",
		expectedOutput: "text",
		agent: writer,
		guardrails: [always, final],
	});
	const events: CrewEvent[] = [];
	const started = performance.now();
	const result = await new Crew({ agents: [writer], tasks: [task], model }).kickoff({
		onEvent: (event) => events.push(event),
	});
	const wallMs = performance.now() - started;
	assert.equal(result.raw, "D3");
	assert.deepEqual(checked, ["always D1", "always D2", "always D3"]);
	assert.deepEqual(
		events.flatMap((event) => (event.type === "task-retry" ? [[event.attempt, event.reason]] : [])),
		[
			[1, "D1 is not final"],
			[2, "D2 is not final"],
		],
	);
	assert.match(promptText(model.calls[2]?.prompt ?? []), /D2 is not final/);
	const end = events.flatMap((event) => (event.type === "task-end" ? [event] : []))[0];
	assert.ok(end && end.durationMs >= 0 && end.durationMs <= wallMs, `${end?.durationMs}`);
	assert.ok(result.tasks[0] && result.tasks[0].durationMs <= wallMs);
});

test("a person's feedback starts the guardrail retries afresh; the review has no default answer", async () => {
	const model = createScriptedModel({ replies: ["D1", "D2", "D3"] });
	const task = new Task({
		name: "write",
		description: "Write",
		expectedOutput: "text",
		agent: writer,
		humanInput: true,
		guardrailRetries: 1,
		guardrails: [
			(output) => (output.raw === "D2" ? { ok: false, reason: "too short" } : { ok: true }),
		],
	});
	const defaults: boolean[] = [];
	const answers = ["Say more", ""];
	const result = await new Crew({ agents: [writer], tasks: [task], model }).kickoff({
		human: {
			answer: async (question) => {
				defaults.push(question.hasDefault);
				return answers.shift();
			},
		},
	});
	assert.equal(result.raw, "D3", "D2 failed its check once, within the one retry");
	assert.deepEqual(defaults, [false, false]);
});

test("an instruction guardrail's call is counted for the agent's guardrail, on the task's model", async () => {
	const model = createScriptedModel({
		modelId: "judge",
		replies: ["An answer.", '{"ok": true, "reason": ""}'],
	});
	const task = new Task({
		name: "write",
		description: "Write",
		expectedOutput: "text",
		agent: writer,
		guardrails: ["Names a year"],
	});
	const result = await new Crew({ agents: [writer], tasks: [task], model }).kickoff({});
	assert.deepEqual(
		result.usage.calls.map((call) => [call.task, call.agent, call.model]),
		[
			["write", "writer", `${model.provider}:judge`],
			["write", "writer (guardrail)", `${model.provider}:judge`],
		],
	);
	assert.equal(model.calls[1]?.prompt[0]?.role, "user");
	assert.match(promptText(model.calls[1]?.prompt ?? []), /Names a year[\s\S]*An answer\./);
});

test("a task carried out by code: ask and measure without context; a tool sees which task and agent use it", async () => {
	const seen: Array<{ task: string; agent: string }> = [];
	const note = defineTool({
		name: "note",
		description: "Notes a word",
		parameters: z.object({ word: z.string() }),
		execute: async ({ word }, context) => {
			seen.push({ task: context.task, agent: context.agent });
			return word.toUpperCase();
		},
	});
	const tooled = new Agent({
		name: "noter",
		role: "Noter",
		goal: "Note",
		backstory: "Brief.",
		tools: [note],
	});
	const model = createScriptedModel({ replies: ["Summary."] });
	const measured: number[] = [];
	const task = new Task({
		name: "code",
		description: "Summarise",
		expectedOutput: "text",
		agent: tooled,
		run: async ({ ask, measure, useTool, window }) => {
			measured.push(await measure({ description: "Summarise", expectedOutput: "text" }));
			measured.push(
				await measure({ description: "Summarise", expectedOutput: "text", context: [] }),
			);
			measured.push((await window()).contextSize);
			const word = await useTool("note", { word: "hi" });
			const answer = await ask({
				description: `Summarise ${String(word)}`,
				expectedOutput: "text",
			});
			return answer.text;
		},
	});
	const events: CrewEvent[] = [];
	const result = await new Crew({ agents: [tooled], tasks: [task], model }).kickoff({
		onEvent: (event) => events.push(event),
	});
	assert.equal(result.raw, "Summary.");
	assert.deepEqual(seen, [{ task: "code", agent: "noter" }]);
	assert.ok((measured[0] ?? 0) > 0);
	assert.equal(measured[0], measured[1], "no context measures as an empty one");
	assert.ok((measured[2] ?? 0) > (measured[0] ?? 0), "the window holds the prompt");
	const asked = promptText(model.calls[0]?.prompt ?? []);
	assert.match(asked, /Summarise HI/);
	assert.doesNotMatch(asked, /undefined/);
	const toolEvents = events.flatMap((event) =>
		event.type === "tool-call" || event.type === "tool-result"
			? [[event.type, event.runId === result.runId, event.task, event.agent]]
			: [],
	);
	assert.deepEqual(toolEvents, [
		["tool-call", true, "code", "noter"],
		["tool-result", true, "code", "noter"],
	]);
});

test("a resumed review uses the draft the person saw: the agent is not asked again, the checks not re-run", async () => {
	const store = openRunStore(":memory:");
	const checked: string[] = [];
	const task = new Task({
		name: "write",
		description: "Write",
		expectedOutput: "text",
		agent: writer,
		humanInput: true,
		guardrails: [
			(output) => {
				checked.push(output.raw);
				return { ok: true };
			},
		],
	});
	const first = createScriptedModel({ replies: ["Draft."] });
	let runId = "";
	await assert.rejects(
		new Crew({ agents: [writer], tasks: [task], model: first }).kickoff({
			store,
			onEvent: (event) => {
				runId = event.runId;
			},
		}),
		(error: Error) => error.name === "WaitingForHumanError",
	);
	answerRun(store, runId, "");
	const second = createScriptedModel({ replies: [] });
	const result = await new Crew({ agents: [writer], tasks: [task], model: second }).resume(runId, {
		store,
	});
	assert.equal(result.raw, "Draft.");
	assert.equal(second.calls.length, 0);
	assert.deepEqual(checked, ["Draft."], "checked once, before the person saw it");
	assert.equal(store.getRun(runId)?.status, "completed");
	store.close();
});

/** A task run without a crew around it: what a direct caller of runTask passes. */
function directRun(overrides: Partial<TaskRun> = {}): TaskRun {
	return {
		runId: "run-1",
		agent: { name: "writer", tools: [], maxIterations: 3 },
		persona: { role: "Writer", goal: "Write", backstory: "Careful." },
		prompt: { description: "Write", expectedOutput: "text" },
		context: [],
		contextOutputs: [],
		inputs: {},
		model: createScriptedModel({ replies: [] }),
		signal: new AbortController().signal,
		emit: () => {},
		calls: [],
		...overrides,
	};
}

test("a task a person reviews, run with no way to ask, fails with a limit error saying what to pass", async () => {
	const task = new Task({
		name: "review",
		description: "Write",
		expectedOutput: "text",
		agent: writer,
		humanInput: true,
		run: async () => "a draft",
	});
	await assert.rejects(
		runTask(task, directRun()),
		(error: Error) =>
			error instanceof LimitError &&
			error.message ===
				"Task 'review' asks for a person's review (human_input), but this run has no way to ask: run it with a store, or pass human: { answer } to kickoff.",
	);
});

test("measuring a prompt counts the tools offered with it: the agent's, or the prompt's own", async () => {
	const note = defineTool({
		name: "note",
		description: "Notes a word",
		parameters: z.object({ word: z.string() }),
		execute: async ({ word }) => word,
	});
	const offered: unknown[] = [];
	const window: ModelWindow = {
		contextSize: 4096,
		countTokens: () => 1,
		countPrompt: (_prompt, tools) => {
			offered.push(tools);
			return 1;
		},
		exact: true,
	};
	const task = new Task({
		name: "code",
		description: "Write",
		expectedOutput: "text",
		agent: writer,
		run: async ({ measure }) => {
			await measure({ description: "Write", expectedOutput: "text" });
			await measure({ description: "Write", expectedOutput: "text", tools: [] });
			return "done";
		},
	});
	const output = await runTask(
		task,
		directRun({
			agent: { name: "writer", tools: [note], maxIterations: 3 },
			window: async () => window,
		}),
	);
	assert.equal(output.raw, "done");
	const [agentTools, none] = offered as [LanguageModelV4FunctionTool[], undefined];
	assert.deepEqual(
		agentTools.map((tool) => [tool.type, tool.name, tool.description]),
		[["function", "note", "Notes a word"]],
	);
	assert.deepEqual(Object.keys(agentTools[0]?.inputSchema.properties ?? {}), ["word"]);
	assert.equal(none, undefined, "no tools: none offered");
});

test("a plain-text answer's task-end event carries no value; a structured one does", async () => {
	for (const structured of [false, true]) {
		const events: CrewEvent[] = [];
		const task = new Task({
			name: "write",
			description: "Write",
			expectedOutput: "text",
			agent: writer,
			...(structured ? { outputSchema: z.object({ title: z.string() }) } : {}),
		});
		await new Crew({
			agents: [writer],
			tasks: [task],
			model: createScriptedModel({ replies: ['{"title": "Tides"}'] }),
		}).kickoff({ onEvent: (event) => events.push(event) });
		const end = events.find((event) => event.type === "task-end");
		assert.deepEqual(
			end && "value" in end ? end.value : "no value",
			structured ? { title: "Tides" } : "no value",
		);
	}
});

test("an instruction guardrail that passes lets the next guardrail check the answer", async () => {
	const model = createScriptedModel({ replies: ["An answer.", '{"ok": true, "reason": ""}'] });
	const task = new Task({
		name: "write",
		description: "Write",
		expectedOutput: "text",
		agent: writer,
		guardrails: ["Names a year", () => ({ ok: false, reason: "too short" })],
		guardrailRetries: 0,
	});
	await assert.rejects(
		new Crew({ agents: [writer], tasks: [task], model }).kickoff({}),
		(error: Error) =>
			error instanceof GuardrailError &&
			error.message ===
				"Task 'write': the answer still fails its check after 1 attempts: too short",
	);
});
