/**
 * The helpers a code-run task gets (`TaskRunHelpers`), scripted in-process: the model's
 * answers come from a function of the prompt, tokens are counted with crewkit's
 * deterministic count, and every prompt asked and tool used is recorded for the test.
 */
import type { AskPrompt, TaskOutput, TaskRunHelpers } from "../../src/crew/task.ts";
import { countTokens } from "../../src/models/count-tokens.ts";
import type { ModelWindow } from "../../src/models/model-window.ts";

export interface ScriptedHelpersOptions {
	/** The model's answer to a prompt (throw to fail the call). Default: an empty text. */
	answer?: (prompt: AskPrompt, index: number) => { text: string; value?: unknown };
	/** Default 32,768: roomy. */
	contextSize?: number;
	/** Default: crewkit's deterministic count (a token per word or mark). */
	countTokens?: (text: string) => number;
	context?: readonly unknown[];
	inputs?: TaskRunHelpers["inputs"];
	/** What a tool does when code uses it. Default: fails, naming the tool. */
	useTool?: (name: string, input: unknown) => Promise<unknown>;
	signal?: AbortSignal;
}

/** Scripted helpers and what they were asked: prompts, measured prompts and tool uses. */
export function scriptedHelpers(options: ScriptedHelpersOptions = {}) {
	const asked: AskPrompt[] = [];
	const measured: AskPrompt[] = [];
	const tools: Array<{ name: string; input: unknown }> = [];
	const count = options.countTokens ?? countTokens;
	const window: ModelWindow = {
		contextSize: options.contextSize ?? 32_768,
		countTokens: count,
		countPrompt: () => 0,
		exact: false,
	};
	const helpers: TaskRunHelpers = {
		prompt: { description: "Find the developments of {topic}.", expectedOutput: "An outline." },
		context: (options.context ?? []).map((value) => ({ value }) as TaskOutput),
		inputs: options.inputs ?? { topic: "AI LLMs", current_year: "2026" },
		signal: options.signal ?? new AbortController().signal,
		revision: undefined,
		ask: async (prompt) => {
			asked.push(prompt);
			const reply = options.answer?.(prompt, asked.length - 1) ?? { text: "" };
			return { text: reply.text, value: reply.value };
		},
		window: async () => window,
		measure: async (prompt) => {
			measured.push(prompt);
			return count(`${prompt.description}\n${prompt.expectedOutput}`);
		},
		useTool: async (name, input) => {
			tools.push({ name, input });
			if (!options.useTool) throw new Error(`no tool ${name} in this test`);
			return options.useTool(name, input);
		},
	};
	return { helpers, asked, measured, tools, window };
}
