import type { Usage } from "../usage.ts";

/** US dollars per million tokens, input and output, for models whose list prices are known. */
const pricesPerMillion: Record<string, { input: number; output: number }> = {
	"openai:gpt-4.1": { input: 2, output: 8 },
	"openai:gpt-4.1-mini": { input: 0.4, output: 1.6 },
	"openai:gpt-4.1-nano": { input: 0.1, output: 0.4 },
	"openai:gpt-4o": { input: 2.5, output: 10 },
	"openai:gpt-4o-mini": { input: 0.15, output: 0.6 },
};

/**
 * The cost of some calls: a number when every call's price is known, undefined otherwise.
 * Local, scripted and replayed models have no price: their cost is unknown, not $0 (the
 * machine and its power are not free, and a replay stands for a model that was paid for).
 * Model names are as calls record them (`provider:modelId`).
 */
export function costOf(calls: ReadonlyArray<{ model: string; usage: Usage }>): number | undefined {
	let total = 0;
	for (const call of calls) {
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

/** The models among some calls whose price is not known, for "cost unknown (…)". */
export function unpricedModels(calls: ReadonlyArray<{ model: string }>): string[] {
	return [...new Set(calls.map((call) => call.model))].filter(
		(model) => !pricesPerMillion[normalize(model)],
	);
}

/** "$0.0123", or "unknown (no price for scripted:…)" when some call's price is not known. */
export function describeCost(calls: ReadonlyArray<{ model: string; usage: Usage }>): string {
	const cost = costOf(calls);
	if (cost !== undefined) return formatCost(cost);
	const unpriced = unpricedModels(calls);
	return unpriced.length ? `unknown (no price for ${unpriced.join(", ")})` : "unknown";
}
