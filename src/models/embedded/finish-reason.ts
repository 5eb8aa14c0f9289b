import type { LanguageModelV4FinishReason } from "@ai-sdk/provider";
import type { LlamaChatResponse } from "node-llama-cpp";

/**
 * Maps why node-llama-cpp stopped to the AI SDK's finish reason: the end-of-turn token,
 * the chat template's stop text and a caller's stop sequence are `stop`; the token limit
 * is `length`; function calls are `tool-calls`. `raw` keeps node-llama-cpp's reason.
 */
export function toFinishReason(
	metadata: LlamaChatResponse["metadata"],
	calledFunctions: boolean,
): LanguageModelV4FinishReason {
	const raw = metadata.stopReason;
	if (calledFunctions || raw === "functionCalls") return { unified: "tool-calls", raw };
	switch (raw) {
		case "eogToken":
		case "stopGenerationTrigger":
		case "customStopTrigger":
			return { unified: "stop", raw };
		case "maxTokens":
			return { unified: "length", raw };
		case "abort":
			return { unified: "interrupted", raw };
		default:
			return { unified: "other", raw };
	}
}
