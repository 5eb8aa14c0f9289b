import type { LanguageModelV4Prompt } from "@ai-sdk/provider";

const tokenPattern = /[\p{L}\p{N}_]+|[^\s\p{L}\p{N}_]/gu;

/**
 * A deterministic token count for models that have no tokenizer of their own (scripted and
 * replayed models): words and single punctuation marks. Not any vendor's count, but exact
 * and stable, so usage sums can be checked.
 */
export function countTokens(text: string): number {
	return text.match(tokenPattern)?.length ?? 0;
}

/** All the text of a prompt, in order: message contents, tool calls and tool results. */
export function promptText(prompt: LanguageModelV4Prompt): string {
	const pieces: string[] = [];
	for (const message of prompt) {
		if (typeof message.content === "string") {
			pieces.push(message.content);
			continue;
		}
		for (const part of message.content) {
			switch (part.type) {
				case "text":
				case "reasoning":
					pieces.push(part.text);
					break;
				case "tool-call":
					pieces.push(part.toolName, JSON.stringify(part.input));
					break;
				case "tool-result":
					pieces.push(part.toolName, JSON.stringify(part.output));
					break;
				default:
					break;
			}
		}
	}
	return pieces.join("\n");
}
