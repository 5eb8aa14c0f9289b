import type {
	LanguageModelV4,
	LanguageModelV4CallOptions,
	LanguageModelV4ToolCall,
} from "@ai-sdk/provider";
import { CancelledError, ProviderError } from "../errors.ts";
import { fromModelUsage, type Usage } from "../usage.ts";

/** One model call's answer, collected from the stream. */
export interface ModelResponse {
	text: string;
	toolCalls: LanguageModelV4ToolCall[];
	finishReason: string;
	usage: Usage;
	durationMs: number;
}

/**
 * Calls the model's stream directly (no `generateText` layer), passing each text delta to
 * `onDelta` as it arrives, and returns the whole answer with its exact usage.
 */
export async function callModel(
	model: LanguageModelV4,
	options: LanguageModelV4CallOptions,
	onDelta: (delta: string) => void,
): Promise<ModelResponse> {
	const started = performance.now();
	const { stream } = await model.doStream(options);
	const reader = stream.getReader();
	let text = "";
	const toolCalls: LanguageModelV4ToolCall[] = [];
	let finishReason = "unknown";
	let usage: Usage | undefined;
	try {
		for (;;) {
			const { done, value: part } = await reader.read();
			if (done) break;
			switch (part.type) {
				case "text-delta":
					text += part.delta;
					onDelta(part.delta);
					break;
				case "tool-call":
					toolCalls.push(part);
					break;
				case "finish":
					finishReason = part.finishReason.unified;
					usage = fromModelUsage(part.usage);
					break;
				case "error":
					throw toProviderError(part.error);
				default:
					break;
			}
		}
	} finally {
		reader.releaseLock();
	}
	if (options.abortSignal?.aborted) throw new CancelledError("The run was cancelled.");
	if (!usage)
		throw new ProviderError(`The stream of ${model.modelId} ended without a finish part.`);
	return { text, toolCalls, finishReason, usage, durationMs: performance.now() - started };
}

function toProviderError(error: unknown): ProviderError {
	if (error instanceof ProviderError) return error;
	const message = error instanceof Error ? error.message : String(error);
	return new ProviderError(`The model stream failed: ${message}`, {}, { cause: error });
}
