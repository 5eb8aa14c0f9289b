import type { LanguageModelV4Usage } from "@ai-sdk/provider";

/** Token counts of one model call or of a sum of calls. */
export interface Usage {
	inputTokens: number;
	outputTokens: number;
	totalTokens: number;
}

export const emptyUsage = (): Usage => ({ inputTokens: 0, outputTokens: 0, totalTokens: 0 });

export function addUsage(a: Usage, b: Usage): Usage {
	return {
		inputTokens: a.inputTokens + b.inputTokens,
		outputTokens: a.outputTokens + b.outputTokens,
		totalTokens: a.totalTokens + b.totalTokens,
	};
}

export function sumUsage(usages: Iterable<Usage>): Usage {
	let total = emptyUsage();
	for (const usage of usages) total = addUsage(total, usage);
	return total;
}

/** Converts the AI SDK's usage (fields may be unknown) to crewkit's; unknown counts are 0. */
export function fromModelUsage(usage: LanguageModelV4Usage): Usage {
	const inputTokens = usage.inputTokens.total ?? 0;
	const outputTokens = usage.outputTokens.total ?? 0;
	return { inputTokens, outputTokens, totalTokens: inputTokens + outputTokens };
}

/** Builds the AI SDK usage object for providers that know exact counts. */
export function toModelUsage(inputTokens: number, outputTokens: number): LanguageModelV4Usage {
	return {
		inputTokens: { total: inputTokens, noCache: inputTokens, cacheRead: 0, cacheWrite: 0 },
		outputTokens: { total: outputTokens, text: outputTokens, reasoning: 0 },
	};
}
