/**
 * The research crew in KaibanJS: two agents, two tasks, one Team; the second task sees the
 * first's result through KaibanJS's own task context. The fake model is LangChain's
 * `FakeListChatModel` (of the @langchain/core KaibanJS itself depends on) given as
 * `llmInstance`, KaibanJS's documented way to bring a custom model. KaibanJS's ReAct loop
 * expects a JSON answer, so the fake answers `{"finalAnswer": ...}`. KaibanJS fills
 * `{placeholders}` in task descriptions only, so agents and expected outputs are given filled.
 * A Team holds one workflow's state, so each run builds its agents, tasks and Team anew.
 */
import { createRequire } from "node:module";
import type { CrewRunner, FrameworkModule, ModelSetup } from "../support/crew-runner.ts";
import { filled, replies, taskTemplates } from "../support/research-crew-text.ts";

// Telemetry (TelemetryDeck) is on by default; this machine has no network for it.
process.env.KAIBAN_TELEMETRY_OPT_OUT = "1";

const { Agent, Task, Team } = await import("kaibanjs");
const requireFromKaiban = createRequire(import.meta.resolve("kaibanjs"));

interface LangChainMessage {
	content: unknown;
	_getType(): string;
}

const toCaptured = (message: LangChainMessage) => ({
	role: message._getType(),
	text: typeof message.content === "string" ? message.content : JSON.stringify(message.content),
});

export async function createCrew(model: ModelSetup): Promise<CrewRunner> {
	let calls = 0;
	let llmInstance: unknown;
	if (model.kind === "fake") {
		const { onPrompt } = model;
		const testing = requireFromKaiban("@langchain/core/utils/testing") as {
			FakeListChatModel: new (fields: {
				responses: string[];
			}) => {
				_generate(
					messages: LangChainMessage[],
					options: unknown,
					runManager: unknown,
				): Promise<unknown>;
			};
		};

		// LangChain's list fake, answering the two tasks in turn; it also counts and reports prompts.
		class CrewFakeModel extends testing.FakeListChatModel {
			override _generate(messages: LangChainMessage[], options: unknown, runManager: unknown) {
				calls++;
				onPrompt?.(messages.map(toCaptured));
				return super._generate(messages, options, runManager);
			}
		}
		llmInstance = new CrewFakeModel({
			responses: [replies.research, replies.report].map((text) =>
				JSON.stringify({ finalAnswer: text }),
			),
		});
	} else {
		const { ChatOpenAI } = requireFromKaiban("@langchain/openai");
		llmInstance = new ChatOpenAI({
			model: model.modelId,
			apiKey: "bench",
			configuration: { baseURL: model.baseURL },
		});
	}
	const build = () => {
		const researcher = new Agent({
			name: "researcher",
			role: filled.researcher.role,
			goal: filled.researcher.goal,
			background: filled.researcher.backstory,
			llmInstance: llmInstance as never,
		});
		const analyst = new Agent({
			name: "reporting_analyst",
			role: filled.analyst.role,
			goal: filled.analyst.goal,
			background: filled.analyst.backstory,
			llmInstance: llmInstance as never,
		});
		const tasks = [
			new Task({
				description: taskTemplates.research.description,
				expectedOutput: filled.research.expectedOutput,
				agent: researcher,
			}),
			new Task({
				description: taskTemplates.report.description,
				expectedOutput: filled.report.expectedOutput,
				agent: analyst,
			}),
		];
		return new Team({
			name: "research crew",
			agents: [researcher, analyst],
			tasks,
			logLevel: "error",
		});
	};
	return {
		async run(inputs) {
			const team = build();
			const result = await team.start(inputs);
			if (result.status !== "FINISHED") throw new Error(`KaibanJS run ended ${result.status}`);
			return String(result.result);
		},
		modelCalls: () => calls,
	};
}

export default { createCrew } satisfies FrameworkModule;
