import type {
	LanguageModelV4Content,
	LanguageModelV4FinishReason,
	LanguageModelV4GenerateResult,
	LanguageModelV4StreamPart,
	LanguageModelV4StreamResult,
} from "@ai-sdk/provider";
import { toModelUsage } from "../usage.ts";

/** A complete model answer, as scripted and replayed models hold it. */
export interface CannedResponse {
	text: string;
	toolCalls: Array<{ toolCallId: string; toolName: string; input: string }>;
	finishReason: LanguageModelV4FinishReason["unified"];
	usage: { inputTokens: number; outputTokens: number };
}

/** Turns a canned answer into the SDK's generate result. */
export function toGenerateResult(response: CannedResponse): LanguageModelV4GenerateResult {
	const content: LanguageModelV4Content[] = [];
	if (response.text) content.push({ type: "text", text: response.text });
	for (const call of response.toolCalls) content.push({ type: "tool-call", ...call });
	return {
		content,
		finishReason: { unified: response.finishReason, raw: response.finishReason },
		usage: toModelUsage(response.usage.inputTokens, response.usage.outputTokens),
		warnings: [],
	};
}

/**
 * Turns a canned answer into the SDK's stream: text in chunks of about `chunkSize`
 * characters (split at spaces), then tool calls, then the finish part with usage.
 */
export function toStreamResult(
	response: CannedResponse,
	options: { chunkSize?: number; delayMs?: number; signal?: AbortSignal | undefined } = {},
): LanguageModelV4StreamResult {
	const parts: LanguageModelV4StreamPart[] = [{ type: "stream-start", warnings: [] }];
	if (response.text) {
		parts.push({ type: "text-start", id: "0" });
		for (const delta of chunkText(response.text, options.chunkSize ?? 24)) {
			parts.push({ type: "text-delta", id: "0", delta });
		}
		parts.push({ type: "text-end", id: "0" });
	}
	for (const call of response.toolCalls) parts.push({ type: "tool-call", ...call });
	parts.push({
		type: "finish",
		finishReason: { unified: response.finishReason, raw: response.finishReason },
		usage: toModelUsage(response.usage.inputTokens, response.usage.outputTokens),
	});
	let index = 0;
	const stream = new ReadableStream<LanguageModelV4StreamPart>({
		async pull(controller) {
			if (index === 0 && options.delayMs) await sleep(options.delayMs, options.signal);
			if (options.signal?.aborted) {
				controller.enqueue({
					type: "finish",
					finishReason: { unified: "interrupted", raw: "aborted" },
					usage: toModelUsage(response.usage.inputTokens, 0),
				});
				controller.close();
				return;
			}
			const part = parts[index++];
			if (part) controller.enqueue(part);
			if (index >= parts.length) controller.close();
		},
	});
	return { stream };
}

function chunkText(text: string, size: number): string[] {
	const chunks: string[] = [];
	let start = 0;
	while (start < text.length) {
		let end = Math.min(text.length, start + size);
		const space = text.indexOf(" ", end);
		end = space === -1 || space - end > size ? end : space + 1;
		chunks.push(text.slice(start, end));
		start = end;
	}
	return chunks;
}

/** Waits `ms` milliseconds, or less if the signal aborts. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
	if (ms <= 0) return Promise.resolve();
	return new Promise((resolve) => {
		const timer = setTimeout(resolve, ms);
		signal?.addEventListener(
			"abort",
			() => {
				clearTimeout(timer);
				resolve();
			},
			{ once: true },
		);
	});
}
