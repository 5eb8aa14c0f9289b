import type { LlamaChat } from "node-llama-cpp";
import { LimitError } from "../../errors.ts";
import type { GenerationPlan } from "./plan-generation.ts";

/**
 * Throws a `LimitError` when the rendered prompt (chat template, function documentation
 * and history) does not fit the context window. node-llama-cpp would otherwise cut
 * messages down until it fits, silently dropping part of the input, which for a crew
 * means sources an agent never saw.
 */
export function checkPromptFits(
	chat: LlamaChat,
	plan: Pick<GenerationPlan, "history" | "functions">,
): void {
	const { contextText } = chat.chatWrapper.generateContextState({
		chatHistory: plan.history,
		...(plan.functions && { availableFunctions: plan.functions }),
	});
	const promptTokens = contextText.tokenize(chat.model.tokenizer).length;
	const contextSize = chat.sequence.contextSize;
	if (promptTokens >= contextSize) {
		throw new LimitError(
			`The prompt is ${promptTokens} tokens, but the embedded model's context holds ${contextSize}. ` +
				"Give the model a larger context size, or shorten the input (fewer or shorter sources, a shorter history).",
		);
	}
}
