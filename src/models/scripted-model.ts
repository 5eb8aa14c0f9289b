import type {
	LanguageModelV4,
	LanguageModelV4CallOptions,
	LanguageModelV4Prompt,
} from "@ai-sdk/provider";
import { ConfigError, ModelBehaviorError } from "../errors.ts";
import { loadZod, onFirstUse } from "../zod/load-zod.ts";
import { countTokens, promptText } from "./count-tokens.ts";
import { type CannedResponse, sleep, toGenerateResult, toStreamResult } from "./model-response.ts";
import { readJsonFile } from "./read-json-file.ts";

/** One scripted answer: plain text, or text and tool calls. */
export type ScriptedReply =
	| string
	| {
			/** Use this reply only for a call whose prompt contains this text. */
			match?: string;
			text?: string;
			toolCalls?: Array<{ toolName: string; input: unknown }>;
			/** Extra latency of this reply, in milliseconds. */
			delayMs?: number;
	  };

export interface ScriptedModelOptions {
	/**
	 * The answers, used once each: a reply with `match` answers the first call whose prompt
	 * contains it; others answer in order. Or a function of the call.
	 */
	replies:
		| ScriptedReply[]
		| ((call: { prompt: LanguageModelV4Prompt; index: number }) => ScriptedReply);
	/** Latency added before every answer, in milliseconds. */
	latencyMs?: number;
	modelId?: string;
	/**
	 * How many of the most recent calls `calls` keeps (default 100), so that a process
	 * running many crews on one scripted model (a benchmark, a load test) does not keep every
	 * prompt it ever sent.
	 */
	keepCalls?: number;
}

/** Calls a scripted model keeps unless told otherwise (`keepCalls`). */
export const defaultKeptCalls = 100;

/**
 * A model answering from a script, with a deterministic token count. The calls it received
 * are kept, oldest first: the most recent 100 unless `keepCalls` says otherwise.
 */
export interface ScriptedModel extends LanguageModelV4 {
	readonly calls: LanguageModelV4CallOptions[];
}

/**
 * Creates a scripted model: a real provider for deterministic tests of crews. Usage counts
 * words and punctuation of the prompt and answer (see `countTokens`).
 */
export function createScriptedModel(options: ScriptedModelOptions): ScriptedModel {
	const calls: LanguageModelV4CallOptions[] = [];
	const keep = options.keepCalls ?? defaultKeptCalls;
	if (!Number.isInteger(keep) || keep < 0) {
		throw new ConfigError(`keepCalls must be a whole number of calls (0 or more), not ${keep}.`);
	}
	let received = 0;
	const pending = typeof options.replies === "function" ? undefined : [...options.replies];
	const total = pending?.length ?? 0;

	const next = (
		call: LanguageModelV4CallOptions,
	): { response: CannedResponse; delayMs: number } => {
		const index = received++;
		calls.push(call);
		if (calls.length > keep) calls.splice(0, calls.length - keep);
		let reply: ScriptedReply | undefined;
		if (typeof options.replies === "function") {
			reply = options.replies({ prompt: call.prompt, index });
		} else if (pending) {
			const text = promptText(call.prompt);
			const position = pending.findIndex(
				(candidate) =>
					typeof candidate === "string" || !candidate.match || text.includes(candidate.match),
			);
			reply = position >= 0 ? pending.splice(position, 1)[0] : undefined;
			if (!reply) {
				throw new ModelBehaviorError(
					`The scripted model has no reply left for call ${index + 1} (${total} scripted). Add a reply to the script.`,
				);
			}
		}
		return toResponse(reply ?? "", call, index);
	};

	const model: ScriptedModel = {
		specificationVersion: "v4",
		provider: "scripted",
		modelId: options.modelId ?? "scripted",
		supportedUrls: {},
		calls,
		async doGenerate(call) {
			const { response, delayMs } = next(call);
			await sleep(delayMs + (options.latencyMs ?? 0), call.abortSignal);
			return toGenerateResult(response);
		},
		async doStream(call) {
			const { response, delayMs } = next(call);
			return toStreamResult(response, {
				delayMs: delayMs + (options.latencyMs ?? 0),
				signal: call.abortSignal,
			});
		},
	};
	return model;
}

function toResponse(
	reply: ScriptedReply,
	call: LanguageModelV4CallOptions,
	index: number,
): { response: CannedResponse; delayMs: number } {
	const script = typeof reply === "string" ? { text: reply } : reply;
	const text = script.text ?? "";
	const toolCalls = (script.toolCalls ?? []).map((toolCall, position) => ({
		toolCallId: `call_${index + 1}_${position + 1}`,
		toolName: toolCall.toolName,
		input: JSON.stringify(toolCall.input ?? {}),
	}));
	const outputTokens =
		countTokens(text) + toolCalls.reduce((sum, t) => sum + countTokens(t.toolName + t.input), 0);
	return {
		response: {
			text,
			toolCalls,
			finishReason: toolCalls.length ? "tool-calls" : "stop",
			usage: { inputTokens: countTokens(promptText(call.prompt)), outputTokens },
		},
		delayMs: script.delayMs ?? 0,
	};
}

const scriptSchema = onFirstUse(() => {
	const z = loadZod();
	const reply = z.union([
		z.string(),
		z.strictObject({
			match: z.string().optional(),
			text: z.string().optional(),
			toolCalls: z.array(z.strictObject({ toolName: z.string(), input: z.unknown() })).optional(),
			delayMs: z.number().nonnegative().optional(),
		}),
	]);
	return z.union([
		z.array(reply),
		z.strictObject({ replies: z.array(reply), latencyMs: z.number().nonnegative().optional() }),
	]);
});

/**
 * Loads a script file: a JSON array of replies, or `{ "replies": [...], "latencyMs": 50 }`.
 */
export async function loadScriptedModel(path: string): Promise<ScriptedModel> {
	const data = await readJsonFile(path, scriptSchema(), {
		unreadable: `Cannot read the scripted model's file '${path}'. Check the path after 'scripted:'.`,
		mismatch: (issues) =>
			`Not a script: ${issues}. Expected an array of replies (strings or { text, toolCalls }).`,
	});
	const script = Array.isArray(data) ? { replies: data } : data;
	return createScriptedModel({
		replies: script.replies as ScriptedReply[],
		...(script.latencyMs === undefined ? {} : { latencyMs: script.latencyMs }),
		modelId: path,
	});
}
