/**
 * The fake model's answer as an AI SDK generate result, for the AI SDK and Mastra rows:
 * the reply picked by `replyFor`, with fixed usage.
 */
import type { LanguageModelV4CallOptions, LanguageModelV4GenerateResult } from "@ai-sdk/provider";
import type { CapturedMessage } from "./crew-runner.ts";
import { replyFor } from "./research-crew-text.ts";

/** The prompt's messages as text. */
export function captureAiSdkPrompt(options: LanguageModelV4CallOptions): CapturedMessage[] {
	return options.prompt.map((message) => ({
		role: message.role,
		text:
			typeof message.content === "string"
				? message.content
				: message.content.map((part) => ("text" in part ? part.text : "")).join(""),
	}));
}

/** The generate result answering these messages. */
export function fakeGenerateResult(messages: CapturedMessage[]): LanguageModelV4GenerateResult {
	return {
		content: [{ type: "text", text: replyFor(messages.map((message) => message.text).join("\n")) }],
		finishReason: { unified: "stop", raw: "stop" },
		usage: {
			inputTokens: { total: 100, noCache: 100, cacheRead: 0, cacheWrite: 0 },
			outputTokens: { total: 50, text: 50, reasoning: 0 },
		},
		warnings: [],
	};
}
