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
import { repairJson } from "../models/repair-json.ts";
import { type Tool, toolInputSchema } from "../tools/define-tool.ts";
import { toJsonSchema } from "../tools/json-schema.ts";
import { sumUsage, type Usage } from "../usage.ts";
import { callModel, type ReliabilityOptions } from "./call-model.ts";
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
}

export interface AgentRunResult {
	text: string;
	value: unknown;
	usage: Usage;
	calls: ModelCallRecord[];
}

/** Re-asks allowed when structured output does not parse. */
const structuredRetries = 2;

/**
 * The agent loop: call the model with the agent's tools, run the tools it calls (arguments
 * checked against their schemas, problems fed back), repeat until it answers or the
 * iteration limit forces a final answer without tools.
 */
export async function runAgent(options: AgentRunOptions): Promise<AgentRunResult> {
	const { model, tools, maxIterations, emit } = options;
	const answerSchema = options.outputSchema ? toJsonSchema(options.outputSchema) : undefined;
	const messages: LanguageModelV4Message[] = [
		{ role: "system", content: systemPrompt(options.persona) },
		userMessage(taskPrompt({ ...options.task, answerSchema })),
	];
	if (options.revision) {
		messages.push(assistantText(options.revision.previous));
		messages.push(userMessage(revisionPrompt(options.revision.reason)));
	}
	const modelTools: LanguageModelV4FunctionTool[] = tools.map((tool) => ({
		type: "function",
		name: tool.name,
		description: tool.description,
		inputSchema: toolInputSchema(tool),
	}));
	const calls: ModelCallRecord[] = [];
	const modelName = `${model.provider}:${model.modelId}`;

	const call = async (withTools: boolean) => {
		emit({ type: "model-start", model: modelName, at: Date.now() });
		const response = await callModel(
			model,
			{
				prompt: messages,
				abortSignal: options.signal,
				...(withTools && modelTools.length
					? { tools: modelTools, toolChoice: { type: "auto" } }
					: {}),
				...(answerSchema && !(withTools && modelTools.length)
					? { responseFormat: { type: "json", schema: answerSchema } }
					: {}),
			},
			(delta) => emit({ type: "model-delta", delta }),
			{
				...options.reliability,
				onRetry: (info) => {
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
		);
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
			response: {
				text: response.text,
				toolCalls: response.toolCalls.map(({ toolCallId, toolName, input }) => ({
					toolCallId,
					toolName,
					input,
				})),
			},
		});
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
			const output = await runTool(toolCall, tools, options);
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
				throw new ModelBehaviorError(
					`Task '${options.taskName}': the answer of agent '${options.agentName}' does not match the output schema after ${structuredRetries + 1} attempts: ${parsed.problem}`,
				);
			}
			messages.push(assistantText(text), userMessage(structuredRetryPrompt(parsed.problem)));
			text = (await call(false)).text;
		}
	}
	return { text, value, usage: sumUsage(calls.map((c) => c.usage)), calls };
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
