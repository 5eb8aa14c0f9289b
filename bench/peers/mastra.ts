/**
 * The research crew in Mastra: a researcher agent and an analyst agent, called one after the
 * other with `agent.generate()`, the research passed in the analyst's message. Mastra takes
 * AI SDK language models, so the fake model is the AI SDK's own `MockLanguageModelV4`
 * (`ai/test`, from crewkit's `ai` dependency).
 */
import { createOpenAICompatible } from "@ai-sdk/openai-compatible";
import { MockLanguageModelV4 } from "ai/test";
import type { CrewRunner, FrameworkModule, ModelSetup } from "../support/crew-runner.ts";
import { captureAiSdkPrompt, fakeGenerateResult } from "../support/fake-model-reply.ts";
import { type PlainPrompt, plainPrompts } from "../support/research-crew-text.ts";

// Feature telemetry (PostHog) is on by default; this machine has no network for it.
process.env.MASTRA_TELEMETRY_DISABLED = "1";

const { Agent } = await import("@mastra/core/agent");

/**
 * Mastra's model option, to which AI SDK models are cast: Mastra types them with its own copy
 * of @ai-sdk/provider (an older 4.0.x), which TypeScript does not unify with crewkit's.
 */
type AgentModel = ConstructorParameters<typeof Agent>[0]["model"];

export async function createCrew(setup: ModelSetup): Promise<CrewRunner> {
	let calls = 0;
	const model =
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
	// Agents are defined once per persona text (once per topic), as a user would.
	const agents = new Map<string, InstanceType<typeof Agent>>();
	const agent = (id: string, prompt: PlainPrompt) => {
		let defined = agents.get(prompt.system);
		if (!defined) {
			defined = new Agent({
				id,
				name: id,
				instructions: prompt.system,
				model: model as AgentModel,
			});
			agents.set(prompt.system, defined);
		}
		return defined;
	};
	return {
		async run(inputs) {
			const prompts = plainPrompts(inputs);
			const research = prompts.research();
			const first = await agent("researcher", research).generate(research.user);
			const report = prompts.report(first.text);
			const second = await agent("reporting_analyst", report).generate(report.user);
			return second.text;
		},
		modelCalls: () => calls,
	};
}

export default { createCrew } satisfies FrameworkModule;
