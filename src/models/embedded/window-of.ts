import type { ModelWindow } from "../model-window.ts";
import { convertPrompt } from "./convert-prompt.ts";
import { convertTools } from "./convert-tools.ts";
import type { LoadedModel } from "./loaded-model.ts";

/**
 * The window of a loaded model: its context's size, and counts from its own tokenizer,
 * prompts rendered by its chat template exactly as a call renders them.
 */
export function windowOf(loaded: Pick<LoadedModel, "context" | "model" | "chat">): ModelWindow {
	const countTokens = (text: string) => loaded.model.tokenize(text).length;
	return {
		contextSize: loaded.context.contextSize,
		countTokens,
		countPrompt(prompt, tools) {
			const { history } = convertPrompt(prompt);
			const { functions } = convertTools(tools ? [...tools] : undefined, { type: "auto" });
			const { contextText } = loaded.chat.chatWrapper.generateContextState({
				chatHistory: history,
				...(functions && { availableFunctions: functions }),
			});
			return contextText.tokenize(loaded.model.tokenizer).length;
		},
		exact: true,
	};
}
