import { StructuredOutputError } from "../agent/run-agent.ts";
import { BudgetError, promptBudget, reserveOutput, trimToTokens } from "../agent/token-budget.ts";
import type { AskPrompt, TaskRunHelpers } from "../crew/task.ts";
import type { ModelWindow } from "../models/model-window.ts";
import { EmptyResponseError, RetriesExhaustedError } from "../models/retry-policy.ts";

type Helpers = Pick<TaskRunHelpers, "ask" | "measure" | "window">;

/** An item is shortened to fit only when this much room is left for it. */
const minimumShortenedTokens = 40;

/** What a bounded call is, for its error messages. */
export interface CallLabel {
	/** The task it belongs to. */
	task: string;
	/** Which call of the task: "outline, batch 2 of 3". */
	what: string;
	/** What the user can do when even the mandatory part does not fit. */
	advice?: string;
}

/**
 * Builds a prompt that fits the model's window with `reservedOutput` set aside: the
 * mandatory part (`build([])`) must fit, else a `BudgetError` names the task, the sizes and
 * what to do, before any model time is spent; then optional material is added in rank
 * order while it fits (counted piece by piece, then the whole prompt measured exactly and
 * the last pieces dropped until it fits).
 */
export async function fitPrompt<Item>(
	helpers: Helpers,
	options: CallLabel & {
		build: (items: readonly Item[]) => AskPrompt;
		ranked: readonly Item[];
		itemText: (item: Item) => string;
		/** The item cut to about `maxTokens` tokens (its text shortened), when it can be. */
		shorten?: (item: Item, maxTokens: number) => Item | undefined;
		reservedOutput: number;
	},
): Promise<{ prompt: AskPrompt; items: Item[] }> {
	const window = await helpers.window();
	const limit = promptBudget(window, options.reservedOutput);
	// Bounded calls offer no tools and show the answer's shape in their own words (the
	// schema itself goes as the response format), as `askOnce` sends them.
	const build = (items: readonly Item[]): AskPrompt => ({
		tools: [],
		schemaInPrompt: false,
		...options.build(items),
	});
	const base = await helpers.measure(build([]));
	if (base > limit) {
		throw new BudgetError({
			task: options.task,
			what: options.what,
			promptTokens: base,
			reservedOutputTokens: options.reservedOutput,
			contextSize: window.contextSize,
			...(options.advice ? { advice: options.advice } : {}),
		});
	}
	const items: Item[] = [];
	let total = base;
	for (const item of options.ranked) {
		const cost = window.countTokens(options.itemText(item)) + 4;
		if (total + cost <= limit) {
			items.push(item);
			total += cost;
			continue;
		}
		// The first item that does not fit whole may fit shortened, if enough room is left.
		const room = limit - total - 4;
		const shortened = room >= minimumShortenedTokens ? options.shorten?.(item, room) : undefined;
		if (shortened === undefined) continue;
		items.push(shortened);
		total += window.countTokens(options.itemText(shortened)) + 4;
	}
	// The piecewise count is close, not exact: shorten the last item by the overflow, or
	// drop it, until the whole prompt measures within the limit.
	for (let size = await helpers.measure(build(items)); size > limit && items.length > 0; ) {
		const last = items[items.length - 1] as Item;
		const shortened = options.shorten?.(
			last,
			window.countTokens(options.itemText(last)) - (size - limit) - 8,
		);
		// Shortening must make progress, else the item goes.
		const shorter =
			shortened !== undefined && options.itemText(shortened).length < options.itemText(last).length;
		if (shorter) items[items.length - 1] = shortened;
		else items.pop();
		size = await helpers.measure(build(items));
	}
	return { prompt: { ...build(items), maxOutputTokens: options.reservedOutput }, items };
}

/**
 * Asks once, with no re-asks: a structured answer that does not parse, or an empty answer,
 * gives `undefined` so the caller falls back on what code can do without the model.
 * Other errors (cancellation, budget, provider faults) propagate.
 */
export async function askOnce(
	helpers: Pick<TaskRunHelpers, "ask">,
	prompt: AskPrompt,
): Promise<{ text: string; value: unknown } | undefined> {
	try {
		return await helpers.ask({ tools: [], structuredRetries: 0, schemaInPrompt: false, ...prompt });
	} catch (error) {
		if (error instanceof StructuredOutputError || isEmptyAnswer(error)) return undefined;
		throw error;
	}
}

const isEmptyAnswer = (error: unknown): boolean =>
	error instanceof EmptyResponseError ||
	(error instanceof RetriesExhaustedError && error.cause instanceof EmptyResponseError);

/** The output to reserve for `wanted` tokens in the task model's window (see `reserveOutput`). */
export async function reserveFor(
	helpers: Pick<TaskRunHelpers, "window">,
	wanted: number,
): Promise<number> {
	return reserveOutput(await helpers.window(), wanted);
}

/** Characters per token of the model on English prose, rounded down with a margin, at least 1. */
export async function charactersPerToken(helpers: Pick<TaskRunHelpers, "window">): Promise<number> {
	const window = await helpers.window();
	const sample =
		"Open-weight language models closed much of the gap with closed ones this year, while context windows grew and agents learned to use tools.";
	return Math.max(1, (sample.length / Math.max(1, window.countTokens(sample))) * 0.8);
}

/** An item whose `text` is cut to about `maxTokens` tokens; undefined when nothing is left. */
export function shortenText<Item extends { text: string }>(
	item: Item,
	maxTokens: number,
	window: Pick<ModelWindow, "countTokens">,
): Item | undefined {
	const text = trimToTokens(item.text, maxTokens, window);
	return text ? { ...item, text } : undefined;
}

/** `text` cut to at most `maxCharacters`, after a whole word (a single longer word is cut). */
export function cutAtWord(text: string, maxCharacters: number): string {
	if (text.length <= maxCharacters) return text;
	const cut = text.slice(0, maxCharacters);
	if (/\s/.test(text.charAt(maxCharacters))) return cut.trimEnd();
	return cut.replace(/\s+\S*$/, "");
}
