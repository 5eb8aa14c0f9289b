/**
 * The crew as two AI SDK `generateText` calls, the research passed in the second prompt:
 * what an agent loop built on `generateText` pays at least. The fake model is the AI SDK's
 * `MockLanguageModelV4` (`ai/test`).
 */
import { createOpenAICompatible } from "@ai-sdk/openai-compatible";
import type { LanguageModelV4 } from "@ai-sdk/provider";
import { generateText } from "ai";
import { MockLanguageModelV4 } from "ai/test";
import type { CrewRunner, FrameworkModule, ModelSetup } from "./crew-runner.ts";
import { captureAiSdkPrompt, fakeGenerateResult } from "./fake-model-reply.ts";
import { type PlainPrompt, plainPrompts } from "./research-crew-text.ts";

export async function createCrew(setup: ModelSetup): Promise<CrewRunner> {
	let calls = 0;
	const model: LanguageModelV4 =
		setup.kind === "fake"
			? new MockLanguageModelV4({
					doGenerate: async (options) => {
						calls++;
						const messages = captureAiSdkPrompt(options);
						setup.onPrompt?.(messages);
						return fakeGenerateResult(messages);
					},
				})
			: createOpenAICompatible({
					name: "bench",
					baseURL: setup.baseURL,
					includeUsage: true,
				}).chatModel(setup.modelId);
	const ask = async (prompt: PlainPrompt) =>
		(await generateText({ model, system: prompt.system, prompt: prompt.user })).text;
	return {
		async run(inputs) {
			const prompts = plainPrompts(inputs);
			const research = await ask(prompts.research());
			return ask(prompts.report(research));
		},
		modelCalls: () => calls,
	};
}

export default { createCrew } satisfies FrameworkModule;
