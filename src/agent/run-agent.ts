import type {
	LanguageModelV4,
	LanguageModelV4FunctionTool,
	LanguageModelV4Message,
	LanguageModelV4ToolCall,
	LanguageModelV4ToolResultOutput,
} from "@ai-sdk/provider";
import type { z } from "zod";
import type { ModelCallRecord } from "../crew/task.ts";
import { ModelBehaviorError } from "../errors.ts";
import type { CrewEvent } from "../events.ts";
import type { ModelWindow } from "../models/model-window.ts";
import { repairJson } from "../models/repair-json.ts";
import { emptyAnswerOf } from "../models/retry-policy.ts";
import { type Tool, toolInputSchema } from "../tools/define-tool.ts";
import { toJsonSchema } from "../tools/json-schema.ts";
import { sumUsage, type Usage } from "../usage.ts";
import { batchDeltas } from "./batch-deltas.ts";
import { callModel, type ModelResponse, type ReliabilityOptions } from "./call-model.ts";
import { compactToolResults } from "./compact-tool-results.ts";
import { formatIssues, parseAnswer } from "./parse-answer.ts";
import {
	type AgentPersona,
	finalAnswerPrompt,
	revisionPrompt,
	structuredRetryPrompt,
	systemPrompt,
	type TaskPromptInput,
	taskPrompt,
} from "./prompts.ts";
import {
	BudgetError,
	defaultReservedOutput,
	promptBudget,
	reserveOutput,
	trimToTokens,
} from "./token-budget.ts";

/** Distributes an event without the fields the loop's caller fills in. */
type Emit = (event: DistributiveOmit<CrewEvent, "runId" | "task" | "agent">) => void;
type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

export interface AgentRunOptions {
	persona: AgentPersona;
	task: Omit<TaskPromptInput, "answerSchema">;
	taskName: string;
	agentName: string;
	model: LanguageModelV4;
	tools: readonly Tool[];
	maxIterations: number;
	outputSchema?: z.ZodType | undefined;
	/** A previous answer that a check refused, and why: the agent revises it. */
	revision?: { previous: string; reason: string } | undefined;
	signal: AbortSignal;
	emit: Emit;
	/** Retries, timeouts and rate limits of model calls. */
	reliability?: ReliabilityOptions | undefined;
	/**
	 * The model's context and token counts. When given, every call reserves its output
	 * (`maxOutputTokens`, else a default share of the context), older tool results are
	 * compacted when the conversation outgrows the rest, and a prompt that still cannot fit
	 * fails with a `BudgetError` before the call.
	 */
	window?: ModelWindow | undefined;
	/** The answer's cap in tokens (default: `defaultReservedOutput`, at most a quarter of the context). */
	maxOutputTokens?: number | undefined;
	/** Re-asks when structured output does not parse (default 2). */
	structuredRetries?: number | undefined;
	/**
	 * Whether the prompt spells out the output schema (default `true`). A caller whose task
	 * already shows the answer's shape saves those tokens: the schema is still sent as the
	 * response format, which the embedded model enforces with a grammar.
	 */
	schemaInPrompt?: boolean | undefined;
}

export interface AgentRunResult {
	text: string;
	value: unknown;
	usage: Usage;
	calls: ModelCallRecord[];
}

/** The answer still does not match the task's output schema after every re-ask. */
export class StructuredOutputError extends ModelBehaviorError {}

/** Re-asks allowed when structured output does not parse, unless the caller says otherwise. */
const defaultStructuredRetries = 2;

/** A new tool result may take at most this share of the prompt budget; the rest is cut. */
const toolResultShare = 1 / 3;

/** The conversation an agent run starts with: the persona, the task, a revision request. */
export function initialMessages(
	options: Pick<
		AgentRunOptions,
		"persona" | "task" | "outputSchema" | "revision" | "schemaInPrompt"
	>,
): LanguageModelV4Message[] {
	const answerSchema =
		options.outputSchema && options.schemaInPrompt !== false
			? toJsonSchema(options.outputSchema)
			: undefined;
	const messages: LanguageModelV4Message[] = [
		{ role: "system", content: systemPrompt(options.persona) },
		userMessage(taskPrompt({ ...options.task, answerSchema })),
	];
	if (options.revision) {
		messages.push(assistantText(options.revision.previous));
		messages.push(userMessage(revisionPrompt(options.revision.reason)));
	}
	return messages;
}

/**
 * The agent loop: call the model with the agent's tools, run the tools it calls (arguments
 * checked against their schemas, problems fed back), repeat until it answers or the
 * iteration limit forces a final answer without tools.
 */
export async function runAgent(options: AgentRunOptions): Promise<AgentRunResult> {
	const { model, tools, maxIterations, emit, window } = options;
	const answerSchema = options.outputSchema ? toJsonSchema(options.outputSchema) : undefined;
	const messages = initialMessages(options);
	const structuredRetries = options.structuredRetries ?? defaultStructuredRetries;
	const reservedOutput = window
		? reserveOutput(window, options.maxOutputTokens ?? defaultReservedOutput)
		: options.maxOutputTokens;
	const modelTools: LanguageModelV4FunctionTool[] = tools.map((tool) => ({
		type: "function",
		name: tool.name,
		description: tool.description,
		inputSchema: toolInputSchema(tool),
	}));
	const calls: ModelCallRecord[] = [];
	const modelName = `${model.provider}:${model.modelId}`;

	/** Fits the conversation to the window: compacts old tool results, or fails clearly. */
	const fitToWindow = (offered: LanguageModelV4FunctionTool[] | undefined) => {
		if (!window || reservedOutput === undefined) return;
		const limit = promptBudget(window, reservedOutput);
		const measure = (current: LanguageModelV4Message[]) => window.countPrompt(current, offered);
		if (measure(messages) > limit)
			compactToolResults(messages, (current) => measure(current) <= limit);
		const promptTokens = measure(messages);
		if (promptTokens > limit) {
			throw new BudgetError({
				task: options.taskName,
				what: `agent '${options.agentName}', model call ${calls.length + 1}`,
				promptTokens,
				reservedOutputTokens: reservedOutput,
				contextSize: window.contextSize,
			});
		}
	};

	/** Records a call that completed: its usage in the run's calls, and a model-end event. */
	const recordEnd = (response: ModelResponse) => {
		const record: ModelCallRecord = {
			task: options.taskName,
			agent: options.agentName,
			model: modelName,
			usage: response.usage,
			durationMs: response.durationMs,
			finishReason: response.finishReason,
		};
		calls.push(record);
		emit({
			type: "model-end",
			model: modelName,
			usage: response.usage,
			finishReason: response.finishReason,
			durationMs: response.durationMs,
			prompt: [...messages],
			...(window && reservedOutput !== undefined
				? { window: { contextSize: window.contextSize, reservedOutputTokens: reservedOutput } }
				: {}),
			response: {
				text: response.text,
				toolCalls: response.toolCalls.map(({ toolCallId, toolName, input }) => ({
					toolCallId,
					toolName,
					input,
				})),
			},
		});
	};

	const call = async (withTools: boolean) => {
		const offered = withTools && modelTools.length ? modelTools : undefined;
		fitToWindow(offered);
		// Streamed text reaches listeners (and the run store) in batches, not token by token.
		const deltas = batchDeltas((delta) => emit({ type: "model-delta", delta }));
		emit({ type: "model-start", model: modelName, at: Date.now() });
		const response = await callModel(
			model,
			{
				prompt: messages,
				abortSignal: options.signal,
				...(reservedOutput === undefined ? {} : { maxOutputTokens: reservedOutput }),
				...(offered ? { tools: offered, toolChoice: { type: "auto" } } : {}),
				...(answerSchema && !(withTools && modelTools.length)
					? { responseFormat: { type: "json", schema: answerSchema } }
					: {}),
			},
			deltas.push,
			{
				...options.reliability,
				onRetry: (info) => {
					deltas.flush();
					emit({
						type: "model-retry",
						model: modelName,
						attempt: info.attempt,
						delayMs: info.delayMs,
						reason: info.fault.reason,
					});
					options.reliability?.onRetry?.(info);
				},
			},
			(progress) =>
				emit({
					type: "model-progress",
					evaluatedTokens: progress.evaluatedTokens,
					promptTokens: progress.promptTokens,
					tokensPerSecond: progress.tokensPerSecond,
				}),
		)
			.finally(deltas.flush)
			.catch((error: unknown) => {
				// An empty answer is a completed call: it is recorded before the error goes on.
				const empty = emptyAnswerOf(error);
				if (empty) recordEnd({ ...empty, text: "", toolCalls: [] });
				throw error;
			});
		recordEnd(response);
		return response;
	};

	let text: string | undefined;
	for (let iteration = 1; iteration <= maxIterations && text === undefined; iteration++) {
		const response = await call(true);
		if (response.toolCalls.length === 0) {
			text = response.text;
			break;
		}
		messages.push({
			role: "assistant",
			content: [
				...(response.text ? [{ type: "text" as const, text: response.text }] : []),
				...response.toolCalls.map((toolCall) => ({
					type: "tool-call" as const,
					toolCallId: toolCall.toolCallId,
					toolName: toolCall.toolName,
					input: jsonOrText(toolCall.input),
				})),
			],
		});
		const results = [];
		for (const toolCall of response.toolCalls) {
			const output = limitToolResult(
				await runTool(toolCall, tools, options),
				window,
				reservedOutput,
			);
			results.push({
				type: "tool-result" as const,
				toolCallId: toolCall.toolCallId,
				toolName: toolCall.toolName,
				output,
			});
		}
		messages.push({ role: "tool", content: results });
	}
	if (text === undefined) {
		messages.push(userMessage(finalAnswerPrompt(maxIterations)));
		text = (await call(false)).text;
	}

	let value: unknown;
	if (options.outputSchema) {
		for (let attempt = 0; ; attempt++) {
			const parsed = parseAnswer(text, options.outputSchema);
			if (parsed.ok) {
				value = parsed.value;
				break;
			}
			if (attempt >= structuredRetries) {
				throw new StructuredOutputError(
					`Task '${options.taskName}': the answer of agent '${options.agentName}' does not match the output schema after ${structuredRetries + 1} attempts: ${parsed.problem}`,
				);
			}
			messages.push(assistantText(text), userMessage(structuredRetryPrompt(parsed.problem)));
			text = (await call(false)).text;
		}
	}
	return { text, value, usage: sumUsage(calls.map((c) => c.usage)), calls };
}

/** A result larger than its share of the budget is cut; tools keep the full text as passages. */
function limitToolResult(
	output: LanguageModelV4ToolResultOutput,
	window: ModelWindow | undefined,
	reservedOutput: number | undefined,
): LanguageModelV4ToolResultOutput {
	if (!window || reservedOutput === undefined || output.type !== "text") return output;
	const share = Math.floor(promptBudget(window, reservedOutput) * toolResultShare);
	if (window.countTokens(output.value) <= share) return output;
	const note = `\n[Cut to fit the model's context: ${output.value.length} characters in all.]`;
	return {
		type: "text",
		value: trimToTokens(output.value, share - window.countTokens(note), window) + note,
	};
}

async function runTool(
	toolCall: LanguageModelV4ToolCall,
	tools: readonly Tool[],
	options: AgentRunOptions,
): Promise<LanguageModelV4ToolResultOutput> {
	const { emit } = options;
	const input = safeJson(toolCall.input);
	emit({
		type: "tool-call",
		toolCallId: toolCall.toolCallId,
		toolName: toolCall.toolName,
		input: jsonOrText(toolCall.input),
	});
	const finish = (output: LanguageModelV4ToolResultOutput): LanguageModelV4ToolResultOutput => {
		const isError = output.type === "error-text";
		emit({
			type: "tool-result",
			toolCallId: toolCall.toolCallId,
			toolName: toolCall.toolName,
			output: "value" in output ? output.value : undefined,
			isError,
		});
		return output;
	};
	const tool = tools.find((candidate) => candidate.name === toolCall.toolName);
	if (!tool) {
		const names = tools.map((candidate) => candidate.name).join(", ") || "none";
		return finish({
			type: "error-text",
			value: `There is no tool '${toolCall.toolName}'. Available tools: ${names}.`,
		});
	}
	if (input === invalidJson) {
		return finish({
			type: "error-text",
			value: `The arguments of '${tool.name}' are not valid JSON. Call it again with a JSON object.`,
		});
	}
	const parsed = tool.parameters.safeParse(input);
	if (!parsed.success) {
		return finish({
			type: "error-text",
			value: `Invalid arguments for '${tool.name}': ${formatIssues(parsed.error.issues)}. Call it again with corrected arguments.`,
		});
	}
	try {
		const result = await tool.execute(parsed.data, {
			signal: options.signal,
			task: options.taskName,
			agent: options.agentName,
		});
		return finish(
			typeof result === "string"
				? { type: "text", value: result }
				: { type: "json", value: (result ?? null) as never },
		);
	} catch (error) {
		if (options.signal.aborted) throw error;
		return finish({
			type: "error-text",
			value: `Tool '${tool.name}' failed: ${error instanceof Error ? error.message : String(error)}`,
		});
	}
}

const invalidJson = Symbol("invalid JSON");

/** Parses tool arguments, repairing what small models commonly get wrong (see `repairJson`). */
function safeJson(input: string): unknown {
	if (!input.trim()) return {};
	const repaired = repairJson(input);
	return repaired === undefined ? invalidJson : JSON.parse(repaired);
}

/** The arguments as sent back to the model and to listeners: parsed when valid, else the raw text. */
function jsonOrText(input: string): unknown {
	const parsed = safeJson(input);
	return parsed === invalidJson ? input : parsed;
}

const userMessage = (text: string): LanguageModelV4Message => ({
	role: "user",
	content: [{ type: "text", text }],
});

const assistantText = (text: string): LanguageModelV4Message => ({
	role: "assistant",
	content: [{ type: "text", text }],
});
