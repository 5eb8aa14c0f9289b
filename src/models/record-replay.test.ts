import assert from "node:assert/strict";
import { mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import type {
	LanguageModelV4,
	LanguageModelV4CallOptions,
	LanguageModelV4StreamPart,
} from "@ai-sdk/provider";
import { z } from "zod";
import { Agent } from "../crew/agent.ts";
import { Crew } from "../crew/crew.ts";
import { Task } from "../crew/task.ts";
import { ModelBehaviorError } from "../errors.ts";
import { defineTool } from "../tools/define-tool.ts";
import { toModelUsage } from "../usage.ts";
import { createRecorder } from "./record-model.ts";
import { hashCall } from "./recording.ts";
import { createReplayModel, loadReplayModel } from "./replay-model.ts";
import { createScriptedModel } from "./scripted-model.ts";

function crew(model: LanguageModelV4) {
	const lookup = defineTool({
		name: "lookup",
		description: "Looks a word up.",
		parameters: z.object({ word: z.string() }),
		execute: ({ word }) => `${word}: a thing`,
	});
	const agent = new Agent({
		name: "a",
		role: "Reader of {topic}",
		goal: "g",
		backstory: "b",
		tools: [lookup],
	});
	const first = new Task({
		name: "first",
		description: "Look up {topic}",
		expectedOutput: "a note",
		agent,
	});
	const second = new Task({
		name: "second",
		description: "Write it up",
		expectedOutput: "text",
		agent,
	});
	return new Crew({ agents: [agent], tasks: [first, second], model });
}

test("a recorded run replays to the same outputs and usage, without the original model", async () => {
	const scripted = createScriptedModel({
		replies: [
			{ toolCalls: [{ toolName: "lookup", input: { word: "tide" } }] },
			"Tide is a thing.",
			"Report: tide.",
		],
	});
	const recorder = createRecorder();
	const original = await crew(scripted).kickoff({
		inputs: { topic: "tide" },
		wrapModel: recorder.wrap,
	});
	const file = join(await mkdtemp(join(tmpdir(), "crewkit-")), "calls.json");
	await recorder.save(file);
	assert.equal(JSON.parse(await readFile(file, "utf8")).calls.length, 3);

	const replayed = await crew(await loadReplayModel(file)).kickoff({ inputs: { topic: "tide" } });
	assert.deepEqual(
		replayed.tasks.map((t) => t.raw),
		original.tasks.map((t) => t.raw),
	);
	assert.deepEqual(replayed.usage.total, original.usage.total);

	await assert.rejects(
		crew(await loadReplayModel(file)).kickoff({ inputs: { topic: "moon" } }),
		(error: unknown) => error instanceof ModelBehaviorError && /record again/.test(error.message),
	);
});

const ask = (text: string): LanguageModelV4CallOptions => ({
	prompt: [{ role: "user", content: [{ type: "text", text }] }],
});

/** A provider answer with reasoning, two text parts and a tool call, as some providers give. */
function reasoningModel(): LanguageModelV4 {
	return {
		specificationVersion: "v4",
		provider: "thinker",
		modelId: "t-1",
		supportedUrls: {},
		async doGenerate() {
			return {
				content: [
					{ type: "reasoning", text: "Let me think." },
					{ type: "text", text: "High tide " },
					{ type: "tool-call", toolCallId: "c1", toolName: "lookup", input: '{"word":"tide"}' },
					{ type: "text", text: "at noon." },
				],
				finishReason: { unified: "tool-calls", raw: "tool_calls" },
				usage: toModelUsage(11, 4),
				warnings: [],
			};
		},
		async doStream() {
			throw new Error("not used");
		},
	};
}

test("a recording stores, per call, the model, prompt hash and tail, the answer's text and tool calls, finish reason and usage, as tab-indented JSON", async () => {
	const recorder = createRecorder();
	const wrapped = recorder.wrap(reasoningModel());
	assert.equal(wrapped.specificationVersion, "v4");
	const result = await wrapped.doGenerate(ask("What is the tide?"));
	assert.equal(result.content.length, 4, "the caller still gets the whole answer");
	const expected = {
		model: "thinker:t-1",
		promptHash: "dc21b35a71d67e617b711faa76c94ab6",
		promptTail: "What is the tide?",
		response: {
			text: "High tide at noon.",
			toolCalls: [{ toolCallId: "c1", toolName: "lookup", input: '{"word":"tide"}' }],
			finishReason: "tool-calls",
			usage: { inputTokens: 11, outputTokens: 4 },
		},
	};
	assert.deepEqual(recorder.calls, [expected]);
	const file = join(await mkdtemp(join(tmpdir(), "crewkit-")), "nested", "calls.json");
	await recorder.save(file);
	assert.equal(
		await readFile(file, "utf8"),
		`${JSON.stringify({ version: 1, calls: [expected] }, null, "\t")}\n`,
	);
	const replayed = await (await loadReplayModel(file)).doGenerate(ask("What is the tide?"));
	assert.deepEqual(replayed.content, [
		{ type: "text", text: "High tide at noon." },
		{ type: "tool-call", toolCallId: "c1", toolName: "lookup", input: '{"word":"tide"}' },
	]);
});

test("a recording's prompt hash is stable, so recordings made earlier keep replaying", async () => {
	// The hash of a plain prompt with no tools, tool choice or answer format, as written by
	// crewkit since recordings exist: changing it would orphan every saved recording.
	const replay = createReplayModel([
		{
			model: "m:1",
			promptHash: "dc21b35a71d67e617b711faa76c94ab6",
			promptTail: "",
			response: {
				text: "Twice a day.",
				toolCalls: [],
				finishReason: "stop",
				usage: { inputTokens: 1, outputTokens: 1 },
			},
		},
	]);
	const answer = await replay.doGenerate(ask("What is the tide?"));
	assert.deepEqual(answer.content, [{ type: "text", text: "Twice a day." }]);
});

test("a call whose tools, tool choice or answer format changed does not replay", async () => {
	const scripted = createScriptedModel({ replies: () => "ok" });
	const lookup = {
		type: "function" as const,
		name: "lookup",
		inputSchema: { type: "object", properties: {} },
	};
	const base = ask("Same prompt");
	const variants: Array<[string, LanguageModelV4CallOptions, LanguageModelV4CallOptions]> = [
		["tools", { ...base, tools: [lookup] }, { ...base, tools: [{ ...lookup, name: "search" }] }],
		[
			"tool choice",
			{ ...base, toolChoice: { type: "required" } },
			{ ...base, toolChoice: { type: "auto" } },
		],
		[
			"answer format",
			{ ...base, responseFormat: { type: "json" } },
			{ ...base, responseFormat: { type: "text" } },
		],
	];
	for (const [what, recordedCall, changedCall] of variants) {
		const recorder = createRecorder();
		await recorder.wrap(scripted).doGenerate(recordedCall);
		const replay = createReplayModel(recorder.calls);
		await assert.rejects(
			async () => replay.doGenerate(changedCall),
			ModelBehaviorError,
			`changed ${what}`,
		);
		const again = await createReplayModel(recorder.calls).doGenerate(recordedCall);
		assert.deepEqual(again.content, [{ type: "text", text: "ok" }], `same ${what}`);
	}
});

test("the prompt tail keeps the last 160 characters; a mismatch quotes the last 80 and says to record again", async () => {
	const long = `${"a".repeat(100)}${"b".repeat(100)}${"c".repeat(80)}`;
	const recorder = createRecorder();
	await recorder.wrap(createScriptedModel({ replies: ["ok"] })).doGenerate(ask(long));
	assert.equal(recorder.calls[0]?.promptTail, long.slice(-160));

	// Shorter than the tail: the message quotes its last 80 characters, not all 100.
	const unexpected = `${"x".repeat(20)}${"y".repeat(80)}`;
	await assert.rejects(
		async () => createReplayModel(recorder.calls).doGenerate(ask(unexpected)),
		(error: unknown) =>
			error instanceof ModelBehaviorError &&
			error.message ===
				`recording has no recorded answer for this prompt (…"${"y".repeat(80)}"). ` +
					"The crew, its inputs or its model settings changed since it was recorded: record again with --record.",
	);
});

test("every finish reason a model reports can be recorded and replayed", async () => {
	const reasons = [
		"stop",
		"length",
		"content-filter",
		"tool-calls",
		"error",
		"interrupted",
		"other",
	] as const;
	const calls = reasons.map((reason) => ({
		model: "m:1",
		promptHash: hashCall(ask(reason)),
		promptTail: reason,
		response: {
			text: reason,
			toolCalls: [],
			finishReason: reason,
			usage: { inputTokens: 1, outputTokens: 1 },
		},
	}));
	const file = join(await mkdtemp(join(tmpdir(), "crewkit-")), "reasons.json");
	await writeFile(file, JSON.stringify({ version: 1, calls }));
	const replay = await loadReplayModel(file);
	assert.equal(replay.provider, "replay");
	assert.equal(replay.specificationVersion, "v4");
	assert.equal(replay.modelId, file);
	for (const reason of reasons) {
		assert.equal((await replay.doGenerate(ask(reason))).finishReason.unified, reason);
	}
});

test("a JSON file that is not a recording is refused, naming the file and what is wrong", async () => {
	const file = join(await mkdtemp(join(tmpdir(), "crewkit-")), "wrong.json");
	await writeFile(file, JSON.stringify({ version: 2, calls: [] }));
	await assert.rejects(loadReplayModel(file), (error: unknown) => {
		assert.ok(error instanceof Error);
		// The path is named once, first, as every configuration error names its file.
		assert.match(error.message, /^[^ ]+wrong\.json: Not a crewkit recording: version/);
		assert.equal(error.message.split("wrong.json").length, 2, error.message);
		return true;
	});
});

test("a replayed stream cancelled before it starts ends at once as interrupted, with no text", async () => {
	const recorder = createRecorder();
	await recorder.wrap(createScriptedModel({ replies: ["A long answer."] })).doGenerate(ask("Go"));
	const controller = new AbortController();
	controller.abort();
	const { stream } = await createReplayModel(recorder.calls).doStream({
		...ask("Go"),
		abortSignal: controller.signal,
	});
	const parts: LanguageModelV4StreamPart[] = [];
	for await (const part of stream) parts.push(part);
	assert.deepEqual(
		parts.map((part) => part.type),
		["finish"],
	);
	assert.equal(parts[0]?.type === "finish" && parts[0].finishReason.unified, "interrupted");
});

test("two runs saving their recordings to the same file at once both succeed; the file holds one whole", async () => {
	const folder = await mkdtemp(join(tmpdir(), "crewkit-"));
	try {
		const recorders = await Promise.all(
			["tide", "moon"].map(async (topic) => {
				const recorder = createRecorder();
				await crew(
					createScriptedModel({ replies: [`About ${topic}.`, `Report: ${topic}.`] }),
				).kickoff({ inputs: { topic }, wrapModel: recorder.wrap });
				return recorder;
			}),
		);
		const file = join(folder, "calls.json");
		await Promise.all(recorders.map((recorder) => recorder.save(file)));
		const saved = await readFile(file, "utf8");
		assert.ok(
			recorders.some(
				(recorder) =>
					saved === `${JSON.stringify({ version: 1, calls: recorder.calls }, null, "\t")}\n`,
			),
		);
		assert.deepEqual(await readdir(folder), ["calls.json"], "no temporary file left");
	} finally {
		await rm(folder, { recursive: true, force: true });
	}
});
