import type {
	LanguageModelV4,
	LanguageModelV4FunctionTool,
	LanguageModelV4Prompt,
} from "@ai-sdk/provider";
import { countTokens, promptText } from "./count-tokens.ts";

/**
 * What a model can read at once, and how to count for it: every prompt crewkit builds is
 * sized against this (see src/agent/token-budget.ts).
 */
export interface ModelWindow {
	/** Tokens the model holds at once: prompt and answer together. */
	contextSize: number;
	/** Tokens of a piece of text. */
	countTokens(text: string): number;
	/** Tokens of a whole prompt as the model will see it (chat template and tools included). */
	countPrompt(
		prompt: LanguageModelV4Prompt,
		tools?: readonly LanguageModelV4FunctionTool[],
	): number;
	/** `true` when the counts come from the model's own tokenizer, not an estimate. */
	exact: boolean;
}

/** A model that can describe its own window (the embedded model, once loaded). */
export interface WindowedModel {
	window(): Promise<ModelWindow>;
}

export const hasOwnWindow = (model: object): model is WindowedModel =>
	typeof (model as Partial<WindowedModel>).window === "function";

/**
 * Context sizes assumed when none is configured (`--context`). Hosted models: their
 * published limits. Local servers: Ollama's default context (larger windows must be set
 * there and with --context here). Scripted and replayed models have no real limit.
 */
const assumedContext: ReadonlyArray<[RegExp, number]> = [
	[/^anthropic/, 200_000],
	[/^google/, 1_000_000],
	[/^openai\./, 128_000],
	[/^ollama/, 4096],
	[/^(scripted|replay)/, 32_768],
];
const otherContext = 8192;

/** Allowance for the chat template around each message (role markers, separators). */
const tokensPerMessage = 8;

/**
 * The window of `model`: its own when it has one (the embedded model counts with its
 * tokenizer and the loaded context), else `contextSize` when configured, else a known
 * limit. Models without a tokenizer here are counted with an estimate that errs high
 * (a token per 3 characters); scripted and replayed models with the count their usage
 * reports (see `countTokens`).
 */
export async function modelWindowOf(
	model: LanguageModelV4,
	contextSize?: number,
): Promise<ModelWindow> {
	if (hasOwnWindow(model)) return model.window();
	const provider = model.provider;
	const size =
		contextSize ?? assumedContext.find(([pattern]) => pattern.test(provider))?.[1] ?? otherContext;
	const own = /^(scripted|replay)/.test(provider);
	const count = own ? countTokens : (text: string) => Math.ceil(text.length / 3);
	return {
		contextSize: size,
		countTokens: count,
		countPrompt: (prompt, tools) =>
			count(promptText(prompt)) +
			tokensPerMessage * (prompt.length + 1) +
			(tools?.length ? count(JSON.stringify(tools)) : 0),
		exact: false,
	};
}
