import type { LlamaChat } from "node-llama-cpp";
import { LimitError } from "../../errors.ts";
import type { GenerationPlan } from "./plan-generation.ts";

/** How a call fits the context window: its prompt, and the output it may generate. */
export interface PromptFit {
	/** Tokens of the rendered prompt (chat template, function documentation, history). */
	promptTokens: number;
	contextSize: number;
	/** The output cap: what the call asked for, else all the room left in the context. */
	maxOutputTokens: number;
	/** Tokens at the start of the prompt the sequence already holds (not evaluated again). */
	sharedPrefixTokens: number;
}

/**
 * Measures the rendered prompt with the model's own tokenizer and decides the output cap.
 * Throws a `LimitError` before anything is evaluated when the prompt plus the output the
 * call reserves does not fit the context window: node-llama-cpp would otherwise shift the
 * context, silently erasing the start of the conversation (for a crew, sources an agent
 * never saw).
 */
export function checkPromptFits(
	chat: LlamaChat,
	plan: Pick<GenerationPlan, "history" | "functions" | "sampling">,
): PromptFit {
	const { contextText } = chat.chatWrapper.generateContextState({
		chatHistory: plan.history,
		...(plan.functions && { availableFunctions: plan.functions }),
	});
	const tokens = contextText.tokenize(chat.model.tokenizer);
	const held = chat.sequence.contextTokens;
	let shared = 0;
	while (shared < tokens.length && shared < held.length && tokens[shared] === held[shared])
		shared++;
	return {
		...fitOutput(tokens.length, chat.sequence.contextSize, plan.sampling.maxTokens),
		sharedPrefixTokens: shared,
	};
}

/** The output cap for a prompt of `promptTokens` in a context of `contextSize` (see above). */
export function fitOutput(
	promptTokens: number,
	contextSize: number,
	requestedOutput: number | undefined,
): Omit<PromptFit, "sharedPrefixTokens"> {
	const room = contextSize - promptTokens;
	if (room < 1 || (requestedOutput !== undefined && requestedOutput > room)) {
		const reserved =
			requestedOutput === undefined ? "" : ` plus ${requestedOutput} reserved for the answer`;
		throw new LimitError(
			`The prompt is ${promptTokens} tokens${reserved}, but the embedded model's context holds ${contextSize}. ` +
				"Give the model a larger context size (--context), or shorten the input (fewer or shorter sources, a shorter history).",
		);
	}
	return { promptTokens, contextSize, maxOutputTokens: requestedOutput ?? room };
}
