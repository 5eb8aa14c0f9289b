import type { LanguageModelV4Prompt } from "@ai-sdk/provider";

const wordCharacter = /[\p{L}\p{N}_]/u;
const space = /\s/u;

/**
 * A deterministic token count for models that have no tokenizer of their own (scripted and
 * replayed models): runs of letters, digits and `_` count one each, and so does every other
 * character that is not white space (`/[\p{L}\p{N}_]+|[^\s\p{L}\p{N}_]/gu` matches). Not any
 * vendor's count, but exact and stable, so usage sums can be checked. Counted in one pass
 * that keeps nothing: it runs on every prompt of a scripted model.
 */
export function countTokens(text: string): number {
	let count = 0;
	let inWord = false;
	for (let index = 0; index < text.length; index++) {
		const code = text.charCodeAt(index);
		let kind: "word" | "space" | "mark";
		if (code < 128) {
			kind = isAsciiWord(code)
				? "word"
				: code === 32 || (code >= 9 && code <= 13)
					? "space"
					: "mark";
		} else {
			const character = String.fromCodePoint(text.codePointAt(index) ?? code);
			index += character.length - 1;
			kind = wordCharacter.test(character) ? "word" : space.test(character) ? "space" : "mark";
		}
		if (kind === "word" && !inWord) count++;
		if (kind === "mark") count++;
		inWord = kind === "word";
	}
	return count;
}

const isAsciiWord = (code: number): boolean =>
	(code >= 48 && code <= 57) ||
	(code >= 65 && code <= 90) ||
	(code >= 97 && code <= 122) ||
	code === 95;

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
