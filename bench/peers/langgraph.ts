/**
 * The research crew in LangGraph.js: a StateGraph with a `researcher` node and an `analyst`
 * node, the research passed in the graph's state. Each node calls a LangChain chat model
 * with the prompt the user writes (`plainPrompts`); the fake model is LangChain's
 * `FakeListChatModel`, answering the two tasks in turn.
 */
import { HumanMessage, SystemMessage } from "@langchain/core/messages";
import { FakeListChatModel } from "@langchain/core/utils/testing";
import { Annotation, END, START, StateGraph } from "@langchain/langgraph";
import { ChatOpenAI } from "@langchain/openai";
import type { CrewRunner, FrameworkModule, ModelSetup } from "../support/crew-runner.ts";
import { type PlainPrompt, plainPrompts, replies } from "../support/research-crew-text.ts";

const CrewState = Annotation.Root({
	topic: Annotation<string>,
	current_year: Annotation<string>,
	research: Annotation<string>,
	report: Annotation<string>,
});

export async function createCrew(model: ModelSetup): Promise<CrewRunner> {
	let calls = 0;
	let chatModel: FakeListChatModel | ChatOpenAI;
	if (model.kind === "fake") {
		const { onPrompt } = model;
		// LangChain's list fake; it also counts and reports the prompts it receives.
		class CrewFakeModel extends FakeListChatModel {
			override _generate(...args: Parameters<FakeListChatModel["_generate"]>) {
				calls++;
				onPrompt?.(args[0].map((message) => ({ role: message.type, text: message.text })));
				return super._generate(...args);
			}
		}
		chatModel = new CrewFakeModel({ responses: [replies.research, replies.report] });
	} else {
		chatModel = new ChatOpenAI({
			model: model.modelId,
			apiKey: "bench",
			configuration: { baseURL: model.baseURL },
		});
	}
	const ask = async (prompt: PlainPrompt) => {
		const answer = await chatModel.invoke([
			new SystemMessage(prompt.system),
			new HumanMessage(prompt.user),
		]);
		return answer.text;
	};
	const graph = new StateGraph(CrewState)
		.addNode("researcher", async (state) => ({
			research: await ask(plainPrompts(state).research()),
		}))
		.addNode("analyst", async (state) => ({
			report: await ask(plainPrompts(state).report(state.research)),
		}))
		.addEdge(START, "researcher")
		.addEdge("researcher", "analyst")
		.addEdge("analyst", END)
		.compile();
	return {
		async run(inputs) {
			const state = await graph.invoke(inputs);
			return state.report;
		},
		modelCalls: () => calls,
	};
}

export default { createCrew } satisfies FrameworkModule;
