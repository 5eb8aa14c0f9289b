/**
 * The floor: the crew as two plain async function calls, no framework. On the fake setup
 * the "model" is an async function returning the reply; on the server setup it is one
 * `fetch` per call to the chat-completions endpoint.
 */
import type { CrewRunner, FrameworkModule, ModelSetup } from "./crew-runner.ts";
import { type PlainPrompt, plainPrompts, replyFor } from "./research-crew-text.ts";

export async function createCrew(setup: ModelSetup): Promise<CrewRunner> {
	let calls = 0;
	const ask =
		setup.kind === "fake"
			? async (prompt: PlainPrompt) => {
					calls++;
					const messages = [
						{ role: "system", text: prompt.system },
						{ role: "user", text: prompt.user },
					];
					setup.onPrompt?.(messages);
					return replyFor(`${prompt.system}\n${prompt.user}`);
				}
			: async (prompt: PlainPrompt) => {
					const response = await fetch(`${setup.baseURL}/chat/completions`, {
						method: "POST",
						headers: { "content-type": "application/json" },
						body: JSON.stringify({
							model: setup.modelId,
							messages: [
								{ role: "system", content: prompt.system },
								{ role: "user", content: prompt.user },
							],
						}),
					});
					const body = (await response.json()) as {
						choices: Array<{ message: { content: string } }>;
					};
					return body.choices[0]?.message.content ?? "";
				};
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
