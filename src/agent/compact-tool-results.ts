import type { LanguageModelV4Message, LanguageModelV4ToolResultOutput } from "@ai-sdk/provider";

/** Characters of a compacted result kept as a reminder of what it said. */
const excerptCharacters = 160;

/**
 * Replaces earlier tool results, oldest first, by a short reference until `fits` says the
 * conversation fits the model's budget: the tool's name, how long the result was, the
 * source ids it carried (still citable; their passages stay in the run's registry) and
 * its first words. The last `keepLast` results are never touched. Messages are rewritten
 * in place; returns how many results were compacted.
 */
export function compactToolResults(
	messages: LanguageModelV4Message[],
	fits: (messages: LanguageModelV4Message[]) => boolean,
	keepLast = 1,
): number {
	const positions: Array<[message: number, part: number]> = [];
	messages.forEach((message, messageIndex) => {
		if (message.role !== "tool") return;
		message.content.forEach((part, partIndex) => {
			if (part.type === "tool-result" && !isCompacted(part.output))
				positions.push([messageIndex, partIndex]);
		});
	});
	const candidates = positions.slice(0, Math.max(0, positions.length - keepLast));
	let compacted = 0;
	for (const [messageIndex, partIndex] of candidates) {
		if (fits(messages)) break;
		const message = messages[messageIndex] as Extract<LanguageModelV4Message, { role: "tool" }>;
		const part = message.content[partIndex];
		if (part?.type !== "tool-result") continue;
		const content = [...message.content];
		content[partIndex] = {
			...part,
			output: { type: "text", value: referenceTo(part.toolName, part.output) },
		};
		messages[messageIndex] = { ...message, content };
		compacted++;
	}
	return compacted;
}

const marker = "[Earlier result of ";

function isCompacted(output: LanguageModelV4ToolResultOutput): boolean {
	return output.type === "text" && output.value.startsWith(marker);
}

/** The short reference that stands for a result left out of the prompt. */
export function referenceTo(toolName: string, output: LanguageModelV4ToolResultOutput): string {
	const text =
		"value" in output
			? typeof output.value === "string"
				? output.value
				: JSON.stringify(output.value)
			: "";
	const ids = [
		...new Set(
			[...text.matchAll(/\bid="(\d+)"|Source \[(\d+)\]/g)].map((match) => match[1] ?? match[2]),
		),
	];
	const excerpt = text
		.replace(/<[^>]*>/g, " ")
		.replace(/\s+/g, " ")
		.trim()
		.slice(0, excerptCharacters);
	const sources = ids.length
		? ` Its sources stay citable: ${ids.map((id) => `[${id}]`).join(", ")}.`
		: "";
	return `${marker}${toolName}, ${text.length} characters, left out to fit the model's context.${sources} It began: "${excerpt}…"]`;
}
