import assert from "node:assert/strict";
import { test } from "node:test";
import { z } from "zod";
import type { CrewEvent } from "../events.ts";
import { promptText } from "../models/count-tokens.ts";
import { createScriptedModel, type ScriptedReply } from "../models/scripted-model.ts";
import { defineTool } from "../tools/define-tool.ts";
import { type AgentRunOptions, runAgent } from "./run-agent.ts";

const add = defineTool({
	name: "add",
	description: "Adds two numbers.",
	parameters: z.object({ a: z.number(), b: z.number() }),
	execute: ({ a, b }) => ({ sum: a + b }),
});

function run(replies: ScriptedReply[], overrides: Partial<AgentRunOptions> = {}) {
	const model = createScriptedModel({ replies });
	const events: Array<{ type: CrewEvent["type"] } & Record<string, unknown>> = [];
	const result = runAgent({
		persona: { role: "Calculator", goal: "Add", backstory: "Exact." },
		task: { description: "Add 2 and 3", expectedOutput: "the sum", context: [] },
		taskName: "sum",
		agentName: "calculator",
		model,
		tools: [add],
		maxIterations: 3,
		signal: new AbortController().signal,
		emit: (event) => events.push(event),
		...overrides,
	});
	return { model, events, result };
}

test("native tool calls run the tool and feed the result back", async () => {
	const { model, events, result } = run([
		{ toolCalls: [{ toolName: "add", input: { a: 2, b: 3 } }] },
		"The sum is 5.",
	]);
	assert.equal((await result).text, "The sum is 5.");
	assert.equal(model.calls[0]?.tools?.[0]?.name, "add");
	assert.match(promptText(model.calls[1]?.prompt ?? []), /"sum":5/);
	const toolResult = events.find((event) => event.type === "tool-result");
	assert.deepEqual(toolResult?.output, { sum: 5 });
	assert.equal(toolResult?.isError, false);
});

test("invalid arguments and unknown tools are reported to the model, which corrects itself", async () => {
	const { model, events, result } = run(
		[
			{ toolCalls: [{ toolName: "add", input: { a: "two", b: 3 } }] },
			{ toolCalls: [{ toolName: "multiply", input: { a: 2, b: 3 } }] },
			{ toolCalls: [{ toolName: "add", input: { a: 2, b: 3 } }] },
			"5",
		],
		{ maxIterations: 5 },
	);
	assert.equal((await result).text, "5");
	assert.match(promptText(model.calls[1]?.prompt ?? []), /Invalid arguments for 'add': a: /);
	assert.match(
		promptText(model.calls[2]?.prompt ?? []),
		/There is no tool 'multiply'. Available tools: add/,
	);
	assert.deepEqual(
		events.filter((event) => event.type === "tool-result").map((event) => event.isError),
		[true, true, false],
	);
});

test("after maxIterations the agent must answer without tools", async () => {
	const call = { toolCalls: [{ toolName: "add", input: { a: 1, b: 1 } }] };
	const { model, result } = run([call, call, call, "final answer"]);
	const output = await result;
	assert.equal(output.text, "final answer");
	assert.equal(model.calls.length, 4);
	assert.equal(model.calls[3]?.tools, undefined);
	assert.match(promptText(model.calls[3]?.prompt ?? []), /used all 3 tool rounds/);
	assert.equal(output.calls.length, 4);
});

test("a tool that throws becomes an error result, not a crashed run", async () => {
	const broken = defineTool({
		name: "broken",
		description: "Always fails.",
		parameters: z.object({}),
		execute: () => {
			throw new Error("disk on fire");
		},
	});
	const { model, result } = run([{ toolCalls: [{ toolName: "broken", input: {} }] }, "gave up"], {
		tools: [broken],
	});
	assert.equal((await result).text, "gave up");
	assert.match(promptText(model.calls[1]?.prompt ?? []), /Tool 'broken' failed: disk on fire/);
});

test("defineTool refuses bad definitions when they are made", () => {
	assert.throws(
		() =>
			defineTool({
				name: "bad name",
				description: "x",
				parameters: z.object({}),
				execute: () => 1,
			}),
		/not valid/,
	);
	assert.throws(
		() => defineTool({ name: "ok", description: " ", parameters: z.object({}), execute: () => 1 }),
		/no description/,
	);
});

const readPage = defineTool({
	name: "read_page",
	description: "Reads a page.",
	parameters: z.object({ page: z.number() }),
	execute: ({ page }) =>
		`<source id="${page}">\n${"Words of a long page. ".repeat(300)}\n</source>`,
});

/** A window counted in words (as the scripted model counts its usage). */
const wordWindow = (contextSize: number): NonNullable<AgentRunOptions["window"]> => ({
	contextSize,
	countTokens: (text) =>
		promptText([{ role: "user", content: [{ type: "text", text }] }]).match(
			/[\p{L}\p{N}_]+|[^\s\p{L}\p{N}_]/gu,
		)?.length ?? 0,
	countPrompt: (prompt) =>
		(promptText(prompt).match(/[\p{L}\p{N}_]+|[^\s\p{L}\p{N}_]/gu)?.length ?? 0) +
		8 * (prompt.length + 1),
	exact: false,
});

test("with a window, every call reserves its output, big results are cut and old ones compacted to fit", async () => {
	const window = wordWindow(3000);
	const { model, events, result } = run(
		[1, 2, 3, 4]
			.map((page) => ({ toolCalls: [{ toolName: "read_page", input: { page } }] }))
			.concat([{ text: "Done." } as never]),
		{ tools: [readPage], maxIterations: 6, window },
	);
	assert.equal((await result).text, "Done.");
	for (const call of model.calls) {
		assert.equal(call.maxOutputTokens, 750, "a quarter of the window");
		assert.ok(window.countPrompt(call.prompt) <= 3000 - 750);
	}
	// Each page (about 1,500 words) is cut to a third of the prompt budget when it arrives …
	assert.match(promptText(model.calls[1]?.prompt ?? []), /Cut to fit the model's context/);
	// … and the oldest pages are left out, by reference, once the conversation outgrows it.
	const last = promptText(model.calls[4]?.prompt ?? []);
	assert.match(
		last,
		/Earlier result of read_page, \d+ characters, left out to fit the model's context\. Its sources stay citable: \[1\]/,
	);
	const ends = events.filter((event) => event.type === "model-end");
	assert.deepEqual(ends[0]?.window, { contextSize: 3000, reservedOutputTokens: 750 });
});

test("with a window too small for the task itself, the loop fails before calling the model", async () => {
	const { model, result } = run(["never"], { window: wordWindow(40) });
	await assert.rejects(
		result,
		/Task 'sum' \(agent 'calculator', model call 1\): the prompt needs at least \d+ tokens and the answer 16 more, but the model's context holds 40/,
	);
	assert.equal(model.calls.length, 0);
});

test("an empty answer is recorded as a completed call (its tokens count) before the error", async () => {
	const { events, result } = run(["   "], { reliability: { retry: { maxRetries: 0 } } });
	await assert.rejects(result, /empty response/);
	const ends = events.filter((event) => event.type === "model-end");
	assert.equal(ends.length, 1);
	const usage = ends[0]?.usage as { inputTokens: number; outputTokens: number };
	assert.ok(usage.inputTokens > 0, "the prompt's tokens are counted");
	assert.deepEqual(ends[0]?.response, { text: "", toolCalls: [] });
	// The end follows the start and any streamed whitespace.
	const types = events.map((event) => event.type);
	assert.equal(types.at(-1), "model-end");
});
