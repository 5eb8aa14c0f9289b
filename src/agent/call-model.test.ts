import assert from "node:assert/strict";
import { test } from "node:test";
import type {
	LanguageModelV4,
	LanguageModelV4CallOptions,
	LanguageModelV4StreamPart,
} from "@ai-sdk/provider";
import type { PromptProgress } from "../models/embedded/prompt-progress.ts";
import { toModelUsage } from "../usage.ts";
import { callModel } from "./call-model.ts";

/** A model that streams a progress part (when raw chunks are asked for) and then "ok". */
function progressModel(provider: string) {
	const asked: Array<boolean | undefined> = [];
	const model: LanguageModelV4 = {
		specificationVersion: "v4",
		provider,
		modelId: "m",
		supportedUrls: {},
		doGenerate: () => Promise.reject(new Error("not used")),
		async doStream(options: LanguageModelV4CallOptions) {
			asked.push(options.includeRawChunks);
			const progress: PromptProgress = {
				type: "prompt-progress",
				evaluatedTokens: 512,
				promptTokens: 900,
				tokensPerSecond: 20,
			};
			const parts: LanguageModelV4StreamPart[] = [
				...(options.includeRawChunks
					? [
							{ type: "raw", rawValue: { type: "other" } } as const,
							{ type: "raw", rawValue: progress } as const,
						]
					: []),
				{ type: "text-start", id: "t" },
				{ type: "text-delta", id: "t", delta: "ok" },
				{ type: "text-end", id: "t" },
				{
					type: "finish",
					finishReason: { unified: "stop", raw: "stop" },
					usage: toModelUsage(900, 1),
				},
			];
			return {
				stream: new ReadableStream({
					start(controller) {
						for (const part of parts) controller.enqueue(part);
						controller.close();
					},
				}),
			};
		},
	};
	return { model, asked };
}

test("the embedded model's prompt progress reaches onPromptProgress; others are not asked for it", async () => {
	const local = progressModel("crewkit.local");
	const reports: PromptProgress[] = [];
	const response = await callModel(
		local.model,
		{ prompt: [] },
		() => {},
		{},
		(progress) => reports.push(progress),
	);
	assert.equal(response.text, "ok");
	assert.deepEqual(local.asked, [true]);
	assert.deepEqual(reports, [
		{ type: "prompt-progress", evaluatedTokens: 512, promptTokens: 900, tokensPerSecond: 20 },
	]);

	const hosted = progressModel("openai.chat");
	await callModel(
		hosted.model,
		{ prompt: [] },
		() => {},
		{},
		(progress) => reports.push(progress),
	);
	assert.deepEqual(hosted.asked, [undefined], "raw chunks are asked of the embedded model only");
	const quiet = progressModel("crewkit.local");
	await callModel(quiet.model, { prompt: [] }, () => {});
	assert.deepEqual(quiet.asked, [undefined], "nor when nobody listens");
	assert.equal(reports.length, 1);
});
