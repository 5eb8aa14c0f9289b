import { LimitError } from "../errors.ts";
import type { ModelWindow } from "../models/model-window.ts";

/**
 * The prompt of a model call, mandatory part alone, does not fit the model's context with
 * the output reserved for the answer. Raised before the call, so no model time is spent.
 */
export class BudgetError extends LimitError {
	readonly promptTokens: number;
	readonly reservedOutputTokens: number;
	readonly contextSize: number;

	constructor(details: {
		task: string;
		what: string;
		promptTokens: number;
		reservedOutputTokens: number;
		contextSize: number;
		advice?: string;
	}) {
		super(
			`Task '${details.task}' (${details.what}): the prompt needs at least ${details.promptTokens} tokens ` +
				`and the answer ${details.reservedOutputTokens} more, but the model's context holds ${details.contextSize}. ` +
				(details.advice ??
					"Give the model a larger context (--context, or a model with a bigger window), or shorten the task's description, persona or inputs."),
		);
		this.promptTokens = details.promptTokens;
		this.reservedOutputTokens = details.reservedOutputTokens;
		this.contextSize = details.contextSize;
	}
}

/** Output reserved for an agent-loop call when the caller names no cap. */
export const defaultReservedOutput = 4096;

/**
 * The output to reserve for a call that wants `wanted` tokens: never more than a quarter
 * of the context, so the prompt keeps most of the window, and at least 16.
 */
export function reserveOutput(window: Pick<ModelWindow, "contextSize">, wanted: number): number {
	return Math.max(16, Math.min(wanted, Math.floor(window.contextSize / 4)));
}

/** Tokens a prompt may take in a window once `reservedOutput` is set aside. */
export const promptBudget = (window: Pick<ModelWindow, "contextSize">, reservedOutput: number) =>
	window.contextSize - reservedOutput;

/**
 * Picks optional material in rank order while the prompt still fits: `measure(picked)` is
 * the prompt's size with those items, `limit` the budget. Items that do not fit are
 * skipped (a smaller one further down may still fit). Measures once per candidate.
 */
export function pickByRank<Item>(
	ranked: readonly Item[],
	measure: (picked: readonly Item[]) => number,
	limit: number,
): Item[] {
	const picked: Item[] = [];
	for (const item of ranked) {
		const candidate = [...picked, item];
		if (measure(candidate) <= limit) picked.push(item);
	}
	return picked;
}

/**
 * Cuts `text` to about `maxTokens` tokens of `window` (whole words, an ellipsis when cut).
 * Measures, so the result is within the limit by the window's own count.
 */
export function trimToTokens(
	text: string,
	maxTokens: number,
	window: Pick<ModelWindow, "countTokens">,
): string {
	if (maxTokens <= 0) return "";
	const total = window.countTokens(text);
	if (total <= maxTokens) return text;
	let characters = Math.floor((text.length * maxTokens) / total);
	for (;;) {
		const cut = `${text.slice(0, characters).replace(/\s+\S*$/, "")}…`;
		if (characters <= 1 || window.countTokens(cut) <= maxTokens) return characters <= 1 ? "" : cut;
		characters = Math.floor(characters * 0.85);
	}
}
