import type { LanguageModelV4Usage } from "@ai-sdk/provider";

/** Token counts of one model call or of a sum of calls. */
export interface Usage {
	inputTokens: number;
	outputTokens: number;
	totalTokens: number;
	/**
	 * Of `inputTokens`, how many the model did not evaluate because they were already in its
	 * cache (a shared prefix with the previous call). Absent when the provider does not say.
	 */
	cachedInputTokens?: number;
}

export const emptyUsage = (): Usage => ({ inputTokens: 0, outputTokens: 0, totalTokens: 0 });

export function addUsage(a: Usage, b: Usage): Usage {
	const sum: Usage = {
		inputTokens: a.inputTokens + b.inputTokens,
		outputTokens: a.outputTokens + b.outputTokens,
		totalTokens: a.totalTokens + b.totalTokens,
	};
	if (a.cachedInputTokens !== undefined || b.cachedInputTokens !== undefined) {
		sum.cachedInputTokens = (a.cachedInputTokens ?? 0) + (b.cachedInputTokens ?? 0);
	}
	return sum;
}

/** Input tokens the model actually evaluated: all of them unless some came from its cache. */
export const evaluatedInputTokens = (usage: Usage): number =>
	usage.inputTokens - (usage.cachedInputTokens ?? 0);

export function sumUsage(usages: Iterable<Usage>): Usage {
	let total = emptyUsage();
	for (const usage of usages) total = addUsage(total, usage);
	return total;
}

/** Converts the AI SDK's usage (fields may be unknown) to crewkit's; unknown counts are 0. */
export function fromModelUsage(usage: LanguageModelV4Usage): Usage {
	const inputTokens = usage.inputTokens.total ?? 0;
	const outputTokens = usage.outputTokens.total ?? 0;
	const converted: Usage = { inputTokens, outputTokens, totalTokens: inputTokens + outputTokens };
	const cached = usage.inputTokens.cacheRead ?? 0;
	if (cached > 0) converted.cachedInputTokens = cached;
	return converted;
}

/**
 * Builds the AI SDK usage object for providers that know exact counts; `cachedInputTokens`
 * of the input were reused from the cache rather than evaluated.
 */
export function toModelUsage(
	inputTokens: number,
	outputTokens: number,
	cachedInputTokens = 0,
): LanguageModelV4Usage {
	return {
		inputTokens: {
			total: inputTokens,
			noCache: inputTokens - cachedInputTokens,
			cacheRead: cachedInputTokens,
			cacheWrite: 0,
		},
		outputTokens: { total: outputTokens, text: outputTokens, reasoning: 0 },
	};
}
