import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import type { LanguageModelV4Prompt, LanguageModelV4StreamPart } from "@ai-sdk/provider";
import { Llama2ChatWrapper, LlamaChat, type LlamaContext } from "node-llama-cpp";
import { createConcurrencyLimit } from "../concurrency-limit.ts";
import {
	acquireLoadedModel,
	type LoadedModel,
	type LoadSettings,
	releaseLoadedModel,
} from "./loaded-model.ts";
import { planGeneration } from "./plan-generation.ts";
import { skipWithoutStoriesModel as skip, storiesModelPath } from "./stories-fixture.ts";
import { streamChatResponse } from "./stream-chat-response.ts";

/**
 * Llama 2's chat format, except that a function call starts with "One", a word this
 * story model writes on its own. That makes a model with no idea of tools take
 * node-llama-cpp's real function-calling path, deterministically.
 */
class CallsOnOneWrapper extends Llama2ChatWrapper {
	override readonly settings = {
		...Llama2ChatWrapper.defaultSettings,
		functions: {
			...Llama2ChatWrapper.defaultSettings.functions,
			call: {
				...Llama2ChatWrapper.defaultSettings.functions.call,
				optionalPrefixSpace: true,
				prefix: "One",
			},
		},
	};
}

const settings: LoadSettings = {
	modelPath: storiesModelPath,
	threads: 1,
	contextSize: 2048,
	gpu: false,
};
const prompt: LanguageModelV4Prompt = [
	{ role: "user", content: [{ type: "text", text: "Once upon a time" }] },
];
let loaded: LoadedModel;
let context: LlamaContext;

before(async () => {
	if (skip) return;
	loaded = await acquireLoadedModel(settings);
	context = await loaded.model.createContext({ contextSize: 2048, threads: 1 });
});
after(async () => {
	if (skip) return;
	await context.dispose();
	await releaseLoadedModel(settings);
});

async function readAll(stream: ReadableStream<LanguageModelV4StreamPart>) {
	const parts: LanguageModelV4StreamPart[] = [];
	for await (const part of stream) parts.push(part);
	return parts;
}

test("function calls stop generation and come back as tool-call parts, not run", {
	skip,
	timeout: 30_000,
}, async () => {
	const chat = new LlamaChat({
		contextSequence: context.getSequence(),
		chatWrapper: new CallsOnOneWrapper(),
	});
	const plan = planGeneration({
		prompt,
		maxOutputTokens: 200,
		tools: [
			{
				type: "function",
				name: "getWeather",
				description: "Get weather",
				inputSchema: {
					type: "object",
					properties: { city: { type: "string", maxLength: 12 } },
					required: ["city"],
				},
			},
		],
	});
	const parts = await readAll(
		streamChatResponse({
			loaded: { llama: loaded.llama, chat, queue: createConcurrencyLimit(1) },
			plan,
			modelId: "stories260K.gguf",
			abortSignal: undefined,
		}),
	);
	chat.dispose({ disposeSequence: true });

	const types = parts.map((part) => part.type);
	assert.ok(types.indexOf("text-end") < types.indexOf("tool-input-start"), types.join(" "));
	const start = parts.find((part) => part.type === "tool-input-start");
	const call = parts.find((part) => part.type === "tool-call");
	assert.ok(start && call);
	assert.equal(call.toolName, "getWeather");
	assert.equal(call.toolCallId, start.id);
	assert.match(call.toolCallId, /^call_/);
	const input = JSON.parse(call.input);
	assert.equal(typeof input.city, "string");
	assert.ok(input.city.length <= 12);
	const streamedInput = parts
		.map((part) => (part.type === "tool-input-delta" && part.id === start.id ? part.delta : ""))
		.join("");
	assert.deepEqual(JSON.parse(streamedInput), input);

	const finish = parts.at(-1);
	assert.equal(finish?.type, "finish");
	assert.deepEqual(finish.finishReason, { unified: "tool-calls", raw: "functionCalls" });
	assert.ok((finish.usage.outputTokens.total ?? 0) < 200);
});

test("cancelling the stream stops generation and frees the queue", {
	skip,
	timeout: 30_000,
}, async () => {
	const queue = createConcurrencyLimit(1);
	const chat = new LlamaChat({ contextSequence: context.getSequence() });
	const request = {
		loaded: { llama: loaded.llama, chat, queue },
		plan: planGeneration({ prompt, maxOutputTokens: 1500 }),
		modelId: "stories260K.gguf",
		abortSignal: undefined,
	};
	const reader = streamChatResponse(request).getReader();
	let part = await reader.read();
	while (!part.done && part.value.type !== "text-delta") part = await reader.read();
	const cancelledAt = Date.now();
	await reader.cancel();
	await queue.run(async () => {});
	assert.ok(Date.now() - cancelledAt < 1000, `queue freed after ${Date.now() - cancelledAt} ms`);

	const parts = await readAll(
		streamChatResponse({ ...request, plan: planGeneration({ prompt, maxOutputTokens: 5 }) }),
	);
	assert.equal(parts.at(-1)?.type, "finish");
	chat.dispose({ disposeSequence: true });
});
