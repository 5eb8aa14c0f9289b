/**
 * The research crew in the OpenAI Agents SDK: a researcher agent and an analyst agent run
 * one after the other with `run()`, the research passed in the analyst's input. The fake
 * model implements the SDK's `Model` interface (`getResponse`, `getStreamedResponse`), its
 * documented way to bring a custom model. Tracing stays at the SDK's default (on; with no
 * API key its exporter skips the upload, so nothing leaves the machine).
 */
import {
	Agent,
	type Model,
	type ModelRequest,
	type ModelResponse,
	OpenAIChatCompletionsModel,
	run,
	Usage,
} from "@openai/agents";
import OpenAI from "openai";
import type {
	CapturedMessage,
	CrewRunner,
	FrameworkModule,
	ModelSetup,
} from "../support/crew-runner.ts";
import { type PlainPrompt, plainPrompts, replyFor } from "../support/research-crew-text.ts";

/** A zero-latency model answering each task with its fixed reply. */
class FakeModel implements Model {
	calls = 0;
	readonly onPrompt: ((messages: CapturedMessage[]) => void) | undefined;

	constructor(onPrompt?: (messages: CapturedMessage[]) => void) {
		this.onPrompt = onPrompt;
	}

	async getResponse(request: ModelRequest): Promise<ModelResponse> {
		this.calls++;
		const messages = toCaptured(request);
		this.onPrompt?.(messages);
		const text = replyFor(messages.map((message) => message.text).join("\n"));
		return {
			usage: new Usage({ requests: 1, inputTokens: 100, outputTokens: 50, totalTokens: 150 }),
			output: [
				{
					type: "message",
					role: "assistant",
					status: "completed",
					content: [{ type: "output_text", text }],
				},
			],
		};
	}

	// biome-ignore lint/correctness/useYield: the crew never streams; the interface requires the method.
	async *getStreamedResponse(): AsyncIterable<never> {
		throw new Error("The benchmark crew does not stream.");
	}
}

function toCaptured(request: ModelRequest): CapturedMessage[] {
	const messages: CapturedMessage[] = [];
	if (request.systemInstructions)
		messages.push({ role: "system", text: request.systemInstructions });
	if (typeof request.input === "string") messages.push({ role: "user", text: request.input });
	else {
		for (const item of request.input) {
			const content = "content" in item ? item.content : undefined;
			const text =
				typeof content === "string"
					? content
					: Array.isArray(content)
						? content.map((part) => ("text" in part ? part.text : "")).join("")
						: JSON.stringify(item);
			messages.push({ role: "role" in item ? String(item.role) : (item.type ?? "item"), text });
		}
	}
	return messages;
}

export async function createCrew(setup: ModelSetup): Promise<CrewRunner> {
	const fake = setup.kind === "fake" ? new FakeModel(setup.onPrompt) : undefined;
	const model: Model =
		fake ??
		new OpenAIChatCompletionsModel(
			new OpenAI({ apiKey: "bench", baseURL: setup.kind === "server" ? setup.baseURL : "" }),
			setup.kind === "server" ? setup.modelId : "",
		);
	// Agents are defined once per persona text (once per topic), as a user would.
	const agents = new Map<string, Agent>();
	const agent = (name: string, prompt: PlainPrompt) => {
		let defined = agents.get(prompt.system);
		if (!defined) {
			defined = new Agent({ name, instructions: prompt.system, model });
			agents.set(prompt.system, defined);
		}
		return defined;
	};
	return {
		async run(inputs) {
			const prompts = plainPrompts(inputs);
			const research = prompts.research();
			const first = await run(agent("researcher", research), research.user);
			const report = prompts.report(String(first.finalOutput));
			const second = await run(agent("reporting_analyst", report), report.user);
			return String(second.finalOutput);
		},
		modelCalls: () => fake?.calls ?? 0,
	};
}

export default { createCrew } satisfies FrameworkModule;
