import type { Usage } from "../usage.ts";

/** US dollars per million tokens, input and output, for models whose list prices are known. */
const pricesPerMillion: Record<string, { input: number; output: number }> = {
	"openai:gpt-4.1": { input: 2, output: 8 },
	"openai:gpt-4.1-mini": { input: 0.4, output: 1.6 },
	"openai:gpt-4.1-nano": { input: 0.1, output: 0.4 },
	"openai:gpt-4o": { input: 2.5, output: 10 },
	"openai:gpt-4o-mini": { input: 0.15, output: 0.6 },
};

/** Providers that cost nothing per token: in-process, scripted and replayed models. */
const freeProviders = ["crewkit.local", "scripted", "replay"];

/**
 * The cost of some calls: a number when every call's price is known (free providers cost
 * 0), undefined otherwise. Model names are as calls record them (`provider:modelId`).
 */
export function costOf(calls: ReadonlyArray<{ model: string; usage: Usage }>): number | undefined {
	let total = 0;
	for (const call of calls) {
		const [provider = ""] = call.model.split(":");
		if (freeProviders.includes(provider)) continue;
		const price = pricesPerMillion[normalize(call.model)];
		if (!price) return undefined;
		total += (call.usage.inputTokens * price.input + call.usage.outputTokens * price.output) / 1e6;
	}
	return total;
}

export const formatCost = (cost: number | undefined) =>
	cost === undefined ? "unknown" : `$${cost.toFixed(4)}`;

/** `openai.responses:gpt-4.1-mini` and `openai.chat:…` are both `openai:…`. */
function normalize(model: string): string {
	const colon = model.indexOf(":");
	return `${model.slice(0, colon).split(".")[0]}${model.slice(colon)}`;
}
