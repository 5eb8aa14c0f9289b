import assert from "node:assert/strict";
import { test } from "node:test";
import type { LanguageModelV4StreamPart } from "@ai-sdk/provider";
import { toModelUsage } from "../../usage.ts";
import { collectStream } from "./collect-stream.ts";

function streamOf(parts: LanguageModelV4StreamPart[]) {
	return new ReadableStream<LanguageModelV4StreamPart>({
		start(controller) {
			for (const part of parts) controller.enqueue(part);
			controller.close();
		},
	});
}

test("assembles blocks, tool calls, warnings, usage and finish reason", async () => {
	const timestamp = new Date(0);
	const result = await collectStream(
		streamOf([
			{ type: "stream-start", warnings: [{ type: "other", message: "note" }] },
			{ type: "response-metadata", modelId: "m.gguf", timestamp },
			{ type: "reasoning-start", id: "r" },
			{ type: "reasoning-delta", id: "r", delta: "hmm" },
			{ type: "reasoning-end", id: "r" },
			{ type: "text-start", id: "t" },
			{ type: "text-delta", id: "t", delta: "Hel" },
			{ type: "text-delta", id: "t", delta: "lo" },
			{ type: "text-end", id: "t" },
			{ type: "tool-call", toolCallId: "c", toolName: "f", input: "{}" },
			{
				type: "finish",
				finishReason: { unified: "tool-calls", raw: "functionCalls" },
				usage: toModelUsage(3, 4),
			},
		]),
	);
	assert.deepEqual(result, {
		content: [
			{ type: "reasoning", text: "hmm" },
			{ type: "text", text: "Hello" },
			{ type: "tool-call", toolCallId: "c", toolName: "f", input: "{}" },
		],
		finishReason: { unified: "tool-calls", raw: "functionCalls" },
		usage: toModelUsage(3, 4),
		warnings: [{ type: "other", message: "note" }],
		response: { modelId: "m.gguf", timestamp },
	});
});

test("an error part rejects", async () => {
	await assert.rejects(
		collectStream(streamOf([{ type: "error", error: new Error("broken") }])),
		/broken/,
	);
});
