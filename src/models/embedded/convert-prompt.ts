import type {
	JSONValue,
	LanguageModelV4Prompt,
	LanguageModelV4ToolResultOutput,
	SharedV4Warning,
} from "@ai-sdk/provider";
import type { ChatHistoryItem, ChatModelResponse } from "node-llama-cpp";

/** A prompt in node-llama-cpp's shape, ending with the model response to generate. */
export interface ConvertedPrompt {
	history: ChatHistoryItem[];
	warnings: SharedV4Warning[];
}

/**
 * Converts an AI SDK prompt to node-llama-cpp chat history.
 *
 * - system and user messages map one to one (user text parts joined by a new line);
 * - an assistant message becomes a model response; its tool calls become function calls
 *   carrying the result from the tool message that answers them, and an assistant message
 *   that follows tool results continues the same model response, as node-llama-cpp
 *   renders a call, its result and the text after it as one turn. The calls of one
 *   assistant message form one batch (`startsNewChunk` on its first), so rounds render in
 *   order — calls, their results, the next round's calls — and each prompt extends the
 *   previous one;
 * - reasoning becomes a closed "thought" segment;
 * - the history always ends with a model response: an empty one after a user message,
 *   or the last assistant turn, which the model then continues (after tool results, for
 *   example).
 *
 * Files other than inline text cannot be shown to a text-only model; they are dropped
 * with a warning.
 */
export function convertPrompt(prompt: LanguageModelV4Prompt): ConvertedPrompt {
	const warnings: SharedV4Warning[] = [];
	const dropped = new Set<string>();
	const results = collectToolResults(prompt);
	const history: ChatHistoryItem[] = [];

	for (const message of prompt) {
		switch (message.role) {
			case "system":
				history.push({ type: "system", text: message.content });
				break;
			case "user": {
				const texts: string[] = [];
				for (const part of message.content) {
					if (part.type === "text") texts.push(part.text);
					else if (part.data.type === "text") texts.push(part.data.text);
					else dropped.add(`${part.mediaType} file parts`);
				}
				history.push({ type: "user", text: texts.join("\n") });
				break;
			}
			case "assistant": {
				const response = currentModelResponse(history);
				// Each assistant message is one round: its first call starts a new batch, so the
				// template shows the earlier round's results before it (append-only history).
				let firstCall = true;
				for (const part of message.content) {
					if (part.type === "text") appendText(response, part.text);
					else if (part.type === "reasoning") {
						response.push({
							type: "segment",
							segmentType: "thought",
							text: part.text,
							ended: true,
						});
					} else if (part.type === "tool-call") {
						response.push({
							type: "functionCall",
							name: part.toolName,
							params: parseToolInput(part.input),
							result: results.get(part.toolCallId) ?? "No result was recorded for this call.",
							...(firstCall && { startsNewChunk: true }),
						});
						firstCall = false;
					} else if (part.type !== "tool-result") dropped.add(`assistant ${part.type} parts`);
				}
				break;
			}
			case "tool":
				// Results travel with the calls they answer (see collectToolResults), so the
				// assistant message after them continues the same model response.
				break;
		}
	}
	if (history.at(-1)?.type !== "model") history.push({ type: "model", response: [] });

	for (const feature of dropped) {
		warnings.push({
			type: "unsupported",
			feature,
			details: "The embedded model reads text only; these parts were left out of the prompt.",
		});
	}
	return { history, warnings };
}

/** Maps each tool call id to the value node-llama-cpp shows the model as its result. */
function collectToolResults(prompt: LanguageModelV4Prompt): Map<string, unknown> {
	const results = new Map<string, unknown>();
	for (const message of prompt) {
		if (message.role !== "tool" && message.role !== "assistant") continue;
		for (const part of message.content) {
			if (part.type === "tool-result") results.set(part.toolCallId, toolResultValue(part.output));
		}
	}
	return results;
}

/** The value of a tool result: text as a string, JSON as itself, errors marked as such. */
export function toolResultValue(output: LanguageModelV4ToolResultOutput): JSONValue {
	switch (output.type) {
		case "text":
			return output.value;
		case "json":
			return output.value;
		case "error-text":
			return { error: output.value };
		case "error-json":
			return { error: output.value };
		case "execution-denied":
			return { error: `The tool call was not run: ${output.reason ?? "execution was denied."}` };
		case "content":
			return output.value
				.map((item) => (item.type === "text" ? item.text : `[${item.type} omitted]`))
				.join("\n");
	}
}

function currentModelResponse(history: ChatHistoryItem[]): ChatModelResponse["response"] {
	const last = history.at(-1);
	if (last?.type === "model") return last.response;
	const item: ChatModelResponse = { type: "model", response: [] };
	history.push(item);
	return item.response;
}

function appendText(response: ChatModelResponse["response"], text: string): void {
	const lastIndex = response.length - 1;
	const last = response[lastIndex];
	if (typeof last === "string") response[lastIndex] = last + text;
	else response.push(text);
}

/** Tool inputs arrive parsed; an input kept as a JSON string is parsed here. */
function parseToolInput(input: unknown): unknown {
	if (typeof input !== "string") return input;
	try {
		return JSON.parse(input);
	} catch {
		return input;
	}
}
