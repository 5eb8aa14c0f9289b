import type { LanguageModelV4 } from "@ai-sdk/provider";
import type { z } from "zod";
import { callModel, type ReliabilityOptions } from "../agent/call-model.ts";
import { parseAnswer } from "../agent/parse-answer.ts";
import { guardrailCheckPrompt, type TaskPromptInput } from "../agent/prompts.ts";
import { initialMessages, runAgent } from "../agent/run-agent.ts";
import { ConfigError, LimitError } from "../errors.ts";
import type { CrewEvent } from "../events.ts";
import type { HumanChannel } from "../human/human-channel.ts";
import { acceptsAnswer } from "../human/parse-human-answer.ts";
import { type ModelWindow, modelWindowOf } from "../models/model-window.ts";
import { type Tool, toolInputSchema } from "../tools/define-tool.ts";
import { toJsonSchema } from "../tools/json-schema.ts";
import { sumUsage } from "../usage.ts";
import { loadZod, onFirstUse } from "../zod/load-zod.ts";
import type { Guardrail, ModelCallRecord, Task, TaskOutput } from "./task.ts";

/** A task's answer that still failed its checks after every retry. */
export class GuardrailError extends LimitError {
	readonly output: TaskOutput;

	constructor(message: string, output: TaskOutput) {
		super(message);
		this.output = output;
	}
}

/** What running one task needs from its run. */
export interface TaskRun {
	runId: string;
	/** Who does the task: the task's agent, or a hierarchical crew's manager. */
	agent: { name: string; tools: readonly Tool[]; maxIterations: number };
	persona: { role: string; goal: string; backstory: string };
	prompt: { description: string; expectedOutput: string };
	context: Array<{ task: string; output: string }>;
	model: LanguageModelV4;
	signal: AbortSignal;
	emit: (event: CrewEvent) => void;
	/** Outputs of the tasks in this task's context (for tasks carried out by code). */
	contextOutputs: readonly TaskOutput[];
	inputs: Readonly<Record<string, string | number | boolean>>;
	/** Every model call made for the task; delegated work adds its calls here too. */
	calls: ModelCallRecord[];
	reliability?: ReliabilityOptions | undefined;
	/** Where a `humanInput` task's review is asked (see src/human). */
	human?: HumanChannel | undefined;
	/** Knowledge passages and memories found for the task (opt-in; see src/memory/task-recall.ts). */
	recalled?: Pick<TaskPromptInput, "knowledge" | "memory"> | undefined;
	/** The model's window: when given, every call of the task is sized to fit it. */
	window?: (() => Promise<ModelWindow>) | undefined;
}

/** Runs one task: the agent loop, then its guardrails, retrying with their reasons. */
export async function runTask(
	task: Task<z.ZodType | undefined>,
	run: TaskRun,
): Promise<TaskOutput> {
	const started = performance.now();
	const ids = { runId: run.runId, task: task.name, agent: run.agent.name };
	run.emit({ type: "task-start", ...ids, at: Date.now() });
	let revision: { previous: string; reason: string } | undefined;
	let review = 0;
	for (let attempt = 0; ; attempt++) {
		// A reviewed answer a person has already seen (a resumed run) is not asked for again.
		const seen = task.humanInput ? run.human?.storedDraft(reviewKey(task, review)) : undefined;
		const result =
			seen !== undefined
				? { text: seen, value: undefined }
				: task.run
					? await runHook(task, run, revision)
					: await askAgent(task, run, {
							...run.prompt,
							context: run.context,
							outputSchema: task.outputSchema,
							revision,
						});
		const output: TaskOutput = {
			task: task.name,
			agent: run.agent.name,
			raw: result.text,
			value: result.value,
			usage: sumUsage(run.calls.map((call) => call.usage)),
			calls: run.calls,
			durationMs: performance.now() - started,
		};
		const failure =
			seen === undefined ? await firstFailure(task.guardrails, output, run) : undefined;
		if (!failure && task.humanInput) {
			const feedback = await askReview(task, run, review, output.raw);
			if (feedback !== undefined) {
				review += 1;
				attempt = -1;
				revision = {
					previous: output.raw,
					reason: `A person reviewed your answer and asks for changes: ${feedback}`,
				};
				continue;
			}
		}
		if (!failure) {
			run.emit({
				type: "task-end",
				...ids,
				output: output.raw,
				...(output.value === undefined ? {} : { value: output.value }),
				usage: output.usage,
				durationMs: output.durationMs,
			});
			return output;
		}
		if (attempt >= task.guardrailRetries) {
			throw new GuardrailError(
				`Task '${task.name}': the answer still fails its check after ${attempt + 1} attempts: ${failure}`,
				output,
			);
		}
		run.emit({ type: "task-retry", ...ids, reason: failure, attempt: attempt + 1 });
		revision = { previous: result.text, reason: failure };
	}
}

const reviewKey = (task: { name: string }, round: number) => `task:${task.name}/${round + 1}`;

/** Most rounds of review a `humanInput` task goes through. */
const maxReviews = 10;

/**
 * Asks a person to review a task's answer; resolves with their feedback, or undefined when
 * they accept it.
 */
async function askReview(
	task: Task<z.ZodType | undefined>,
	run: TaskRun,
	round: number,
	draft: string,
): Promise<string | undefined> {
	if (!run.human) {
		throw new LimitError(
			`Task '${task.name}' asks for a person's review (human_input), but this run has no way to ask: run it with a store, or pass human: { answer } to kickoff.`,
		);
	}
	if (round >= maxReviews)
		throw new LimitError(`Task '${task.name}': ${maxReviews} rounds of review without acceptance.`);
	const answer = await run.human.ask({
		key: reviewKey(task, round),
		type: "feedback",
		prompt: `Review the answer of task '${task.name}'. Press Enter to accept it, or say what to change`,
		draft,
		task: task.name,
		hasDefault: false,
	});
	return acceptsAnswer(answer) ? undefined : String(answer);
}

/** Runs the agent loop for the task (or a prompt of a `run` task); its calls join the task's. */
async function askAgent(
	task: Task<z.ZodType | undefined>,
	run: TaskRun,
	prompt: {
		description: string;
		expectedOutput: string;
		context: Array<{ task: string; output: string }>;
		outputSchema?: z.ZodType | undefined;
		tools?: readonly Tool[] | undefined;
		revision?: { previous: string; reason: string } | undefined;
		maxOutputTokens?: number | undefined;
		structuredRetries?: number | undefined;
		schemaInPrompt?: boolean | undefined;
	},
): Promise<{ text: string; value: unknown }> {
	const ids = { runId: run.runId, task: task.name, agent: run.agent.name };
	const result = await runAgent({
		window: run.window ? await run.window() : undefined,
		maxOutputTokens: prompt.maxOutputTokens,
		structuredRetries: prompt.structuredRetries,
		schemaInPrompt: prompt.schemaInPrompt,
		persona: run.persona,
		task: {
			description: prompt.description,
			expectedOutput: prompt.expectedOutput,
			context: prompt.context,
			...run.recalled,
		},
		taskName: task.name,
		agentName: run.agent.name,
		model: run.model,
		tools: prompt.tools ?? run.agent.tools,
		maxIterations: run.agent.maxIterations,
		outputSchema: prompt.outputSchema,
		revision: prompt.revision,
		reliability: run.reliability,
		signal: run.signal,
		emit: (event) => run.emit({ ...event, ...ids } as CrewEvent),
	});
	run.calls.push(...result.calls);
	return { text: result.text, value: result.value };
}

/** Carries out a task by its `run` function, whose `ask` calls run the task's agent. */
async function runHook(
	task: Task<z.ZodType | undefined>,
	run: TaskRun,
	revision: { previous: string; reason: string } | undefined,
): Promise<{ text: string; value: unknown }> {
	const hook = task.run as NonNullable<typeof task.run>;
	const result = await hook({
		prompt: run.prompt,
		context: run.contextOutputs,
		inputs: run.inputs,
		signal: run.signal,
		revision,
		ask: (prompt) => askAgent(task, run, { ...prompt, context: prompt.context ?? [] }),
		window: () => windowOf(run),
		useTool: (name, input) => useTool(task, run, name, input),
		async measure(prompt) {
			const window = await windowOf(run);
			const messages = initialMessages({
				persona: run.persona,
				task: {
					description: prompt.description,
					expectedOutput: prompt.expectedOutput,
					context: prompt.context ?? [],
					...run.recalled,
				},
				outputSchema: prompt.outputSchema,
				schemaInPrompt: prompt.schemaInPrompt,
			});
			const offered = (prompt.tools ?? run.agent.tools).map((tool) => ({
				type: "function" as const,
				name: tool.name,
				description: tool.description,
				inputSchema: toolInputSchema(tool),
			}));
			return window.countPrompt(messages, offered.length ? offered : undefined);
		},
	});
	return typeof result === "string"
		? { text: result, value: undefined }
		: { text: result.text, value: result.value };
}

async function useTool(
	task: Task<z.ZodType | undefined>,
	run: TaskRun,
	name: string,
	input: unknown,
): Promise<unknown> {
	const tool = run.agent.tools.find((candidate) => candidate.name === name);
	if (!tool)
		throw new ConfigError(`Task '${task.name}': agent '${run.agent.name}' has no tool '${name}'.`);
	const ids = { runId: run.runId, task: task.name, agent: run.agent.name };
	const toolCallId = `code_${++codeToolCalls}`;
	run.emit({ type: "tool-call", ...ids, toolCallId, toolName: name, input });
	try {
		const parsed = tool.parameters.parse(input);
		const output = await tool.execute(parsed, {
			signal: run.signal,
			task: task.name,
			agent: run.agent.name,
		});
		run.emit({ type: "tool-result", ...ids, toolCallId, toolName: name, output, isError: false });
		return output;
	} catch (error) {
		const message = error instanceof Error ? error.message : String(error);
		run.emit({
			type: "tool-result",
			...ids,
			toolCallId,
			toolName: name,
			output: message,
			isError: true,
		});
		throw error;
	}
}

let codeToolCalls = 0;

/** The task model's window: as the run resolved it, else estimated from the model alone. */
function windowOf(run: TaskRun): Promise<ModelWindow> {
	return run.window ? run.window() : modelWindowOf(run.model);
}

async function firstFailure(
	guardrails: readonly (Guardrail | string)[],
	output: TaskOutput,
	run: TaskRun,
): Promise<string | undefined> {
	for (const guardrail of guardrails) {
		const result =
			typeof guardrail === "string"
				? await checkInstruction(guardrail, output, run)
				: await guardrail(output);
		if (!result.ok) return result.reason;
	}
	return undefined;
}

const verdictSchema = onFirstUse(() => {
	const z = loadZod();
	return z.object({ ok: z.boolean(), reason: z.string() });
});

/** An instruction guardrail: the task's model judges the answer, with a JSON verdict. */
async function checkInstruction(instruction: string, output: TaskOutput, run: TaskRun) {
	const response = await callModel(
		run.model,
		{
			prompt: [
				{
					role: "user",
					content: [{ type: "text", text: guardrailCheckPrompt(instruction, output.raw) }],
				},
			],
			responseFormat: {
				type: "json",
				schema: toJsonSchema(verdictSchema()),
			},
			abortSignal: run.signal,
		},
		() => {},
		run.reliability,
	);
	run.calls.push({
		task: output.task,
		agent: `${run.agent.name} (guardrail)`,
		model: `${run.model.provider}:${run.model.modelId}`,
		usage: response.usage,
		durationMs: response.durationMs,
		finishReason: response.finishReason,
	});
	const verdict = parseAnswer(response.text, verdictSchema());
	if (!verdict.ok)
		return {
			ok: false as const,
			reason: `the check's verdict could not be read: ${verdict.problem}`,
		};
	return verdict.value.ok
		? { ok: true as const }
		: { ok: false as const, reason: verdict.value.reason };
}
