import type {
	LanguageModelV4Content,
	LanguageModelV4GenerateResult,
	LanguageModelV4StreamPart,
} from "@ai-sdk/provider";

/**
 * Reads a model stream to its end and assembles the `doGenerate` result: one text or
 * reasoning content part per block, tool calls in order, warnings, usage, finish reason
 * and response metadata. An `error` part, or the stream erroring, rejects.
 */
export async function collectStream(
	stream: ReadableStream<LanguageModelV4StreamPart>,
): Promise<LanguageModelV4GenerateResult> {
	const content: LanguageModelV4Content[] = [];
	const blocks = new Map<string, { type: "text" | "reasoning"; text: string }>();
	let warnings: LanguageModelV4GenerateResult["warnings"] = [];
	let finish: Extract<LanguageModelV4StreamPart, { type: "finish" }> | undefined;
	let response: LanguageModelV4GenerateResult["response"];

	for await (const part of stream) {
		switch (part.type) {
			case "stream-start":
				warnings = part.warnings;
				break;
			case "response-metadata": {
				const { type: _type, ...metadata } = part;
				response = metadata;
				break;
			}
			case "text-start":
			case "reasoning-start": {
				const block: { type: "text" | "reasoning"; text: string } = {
					type: part.type === "text-start" ? "text" : "reasoning",
					text: "",
				};
				blocks.set(part.id, block);
				content.push(block);
				break;
			}
			case "text-delta":
			case "reasoning-delta": {
				const block = blocks.get(part.id);
				if (block) block.text += part.delta;
				break;
			}
			case "tool-call":
				content.push(part);
				break;
			case "finish":
				finish = part;
				break;
			case "error":
				throw part.error;
		}
	}
	if (!finish) throw new Error("The model stream ended without a finish part.");
	return {
		content,
		finishReason: finish.finishReason,
		usage: finish.usage,
		warnings,
		...(response ? { response } : {}),
	};
}
