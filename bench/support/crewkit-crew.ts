/**
 * The research crew in crewkit: two agents, two tasks, a sequential crew; the analyst sees
 * the research through crewkit's default context rule. The fake model is crewkit's own
 * scripted model (`createScriptedModel` with a `replies` function), or, as `bare`, a
 * minimal `LanguageModelV4` that does nothing but stream the reply — to tell the
 * orchestration's cost from the scripted model's bookkeeping (it keeps every call and
 * counts tokens).
 */
import type { LanguageModelV4, LanguageModelV4StreamPart } from "@ai-sdk/provider";
// The package as a user installs it: "crewkit" is the compiled dist/ (npm run bench builds it).
import { Agent, Crew, createScriptedModel, Task } from "crewkit";
import { promptText } from "../../src/models/count-tokens.ts";
import type { CapturedMessage, CrewRunner, FrameworkModule, ModelSetup } from "./crew-runner.ts";
import { agentTemplates, replyFor, taskTemplates } from "./research-crew-text.ts";

/** crewkit's research crew on a model given by string or as an AI SDK model. */
export function buildResearchCrew(model: string | LanguageModelV4): Crew {
	const researcher = new Agent({ name: "researcher", ...agentTemplates.researcher, model });
	const analyst = new Agent({ name: "reporting_analyst", ...agentTemplates.analyst, model });
	return new Crew({
		agents: [researcher, analyst],
		tasks: [
			new Task({ name: "research_task", ...taskTemplates.research, agent: researcher }),
			new Task({ name: "reporting_task", ...taskTemplates.report, agent: analyst }),
		],
	});
}

function toCaptured(prompt: Parameters<typeof promptText>[0]): CapturedMessage[] {
	return prompt.map((message) => ({ role: message.role, text: promptText([message]) }));
}

/** The smallest model crewkit can call: streams the reply in one delta, with usage. */
function createBareModel(onCall: (text: string) => void): LanguageModelV4 {
	return {
		specificationVersion: "v4",
		provider: "bench",
		modelId: "bare",
		supportedUrls: {},
		async doGenerate() {
			throw new Error("crewkit streams");
		},
		async doStream(options) {
			const text = replyFor(promptText(options.prompt));
			onCall(text);
			const parts: LanguageModelV4StreamPart[] = [
				{ type: "stream-start", warnings: [] },
				{ type: "text-start", id: "0" },
				{ type: "text-delta", id: "0", delta: text },
				{ type: "text-end", id: "0" },
				{
					type: "finish",
					finishReason: { unified: "stop", raw: "stop" },
					usage: {
						inputTokens: { total: 100, noCache: 100, cacheRead: 0, cacheWrite: 0 },
						outputTokens: { total: 50, text: 50, reasoning: 0 },
					},
				},
			];
			return {
				stream: new ReadableStream({
					start(controller) {
						for (const part of parts) controller.enqueue(part);
						controller.close();
					},
				}),
			};
		},
	};
}

/** `batches: "calls"` bounds a batch's model calls in flight, not its runs. */
function runnerOf(
	crew: Crew,
	modelCalls: () => number,
	batches: "runs" | "calls" = "runs",
): CrewRunner {
	return {
		async run(inputs) {
			return (await crew.kickoff({ inputs })).raw;
		},
		async runMany(inputsList, concurrency) {
			const outputs = await crew.kickoffForEach(
				[...inputsList],
				batches === "runs" ? { concurrency } : { callConcurrency: concurrency },
			);
			return outputs.map((output) => output.raw);
		},
		modelCalls,
	};
}

export async function createCrew(setup: ModelSetup): Promise<CrewRunner> {
	if (setup.kind === "server") {
		return runnerOf(
			buildResearchCrew(`openai-compatible:${setup.modelId}@${setup.baseURL}`),
			() => 0,
		);
	}
	let calls = 0;
	const model = createScriptedModel({
		replies: ({ prompt }) => {
			calls++;
			setup.onPrompt?.(toCaptured(prompt));
			return replyFor(promptText(prompt));
		},
	});
	return runnerOf(buildResearchCrew(model), () => calls);
}

/** crewkit on the bare model (fake setup only). */
export async function createBareCrew(setup: ModelSetup): Promise<CrewRunner> {
	if (setup.kind === "server") return createCrew(setup);
	let calls = 0;
	const model = createBareModel(() => calls++);
	return runnerOf(buildResearchCrew(model), () => calls);
}

/** crewkit whose batches keep `concurrency` model calls in flight (server setup only). */
export async function createCallSlotsCrew(setup: ModelSetup): Promise<CrewRunner> {
	if (setup.kind !== "server") throw new Error("createCallSlotsCrew measures batches only.");
	return runnerOf(
		buildResearchCrew(`openai-compatible:${setup.modelId}@${setup.baseURL}`),
		() => 0,
		"calls",
	);
}

export default { createCrew } satisfies FrameworkModule;
