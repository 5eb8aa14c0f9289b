import { randomUUID } from "node:crypto";
import type { LanguageModelV4StreamPart } from "@ai-sdk/provider";
import type {
	GbnfJsonSchema,
	LlamaChatResponse,
	LlamaChatResponseChunk,
	LlamaChatResponseFunctionCallParamsChunk,
	LlamaGrammar,
	TokenMeterState,
} from "node-llama-cpp";
import { CancelledError, LimitError } from "../../errors.ts";
import { toModelUsage } from "../../usage.ts";
import { checkPromptFits, type PromptFit } from "./check-prompt-fits.ts";
import { endsInRepetition } from "./detect-repetition.ts";
import { toFinishReason } from "./finish-reason.ts";
import type { LoadedModel } from "./loaded-model.ts";
import type { GenerationPlan } from "./plan-generation.ts";
import { watchPromptEvaluation } from "./prompt-progress.ts";
import { watchProgress } from "./watch-progress.ts";

/** One model call: what to generate, on which loaded model. */
export interface ChatStreamRequest {
	loaded: Pick<LoadedModel, "llama" | "chat" | "queue">;
	plan: GenerationPlan;
	modelId: string;
	abortSignal: AbortSignal | undefined;
	/** Give up when no token is evaluated or generated for this long (default 3 minutes). */
	stallMs?: number | undefined;
	/** How often prompt-evaluation progress is looked at (default a second). */
	progressIntervalMs?: number | undefined;
}

/**
 * Generates a response as a stream of AI SDK parts: `stream-start` (with the plan's
 * warnings), `response-metadata`, text and reasoning blocks as tokens arrive, tool input
 * as the model writes it, one `tool-call` per function call, then `finish` with exact
 * token usage. With `includeRawChunks`, while the prompt is evaluated (before the first
 * token), `raw` parts carry its progress (a `PromptProgress`, about one per second at most).
 *
 * The call waits for earlier calls on the same loaded model. Calls do not see each other,
 * but the tokens a prompt shares with the previous call's (its prefix) are not evaluated
 * again: usage reports them as cached input. Output is capped by the room left in the
 * context (or the call's `maxOutputTokens`), and stops early when it ends in a loop
 * (finish reason `length`, raw `repetition`). A call with no progress for `stallMs` fails
 * with a `ModelStalledError`; a slow but progressing call never times out. If `abortSignal` aborts, generation stops
 * within a token and the stream errors with a `CancelledError` (text already streamed
 * stays delivered; there is no `finish`). Cancelling the stream itself also stops
 * generation.
 */
export function streamChatResponse(
	request: ChatStreamRequest,
): ReadableStream<LanguageModelV4StreamPart> {
	const cancelled = new AbortController();
	const signal = request.abortSignal
		? AbortSignal.any([request.abortSignal, cancelled.signal])
		: cancelled.signal;

	return new ReadableStream<LanguageModelV4StreamPart>({
		start(controller) {
			const enqueue = (part: LanguageModelV4StreamPart) => {
				if (!cancelled.signal.aborted) controller.enqueue(part);
			};
			enqueue({ type: "stream-start", warnings: request.plan.warnings });
			request.loaded.queue
				.run(() => generate(request, signal, enqueue), signal)
				.then(
					() => {
						if (!cancelled.signal.aborted) controller.close();
					},
					(error: unknown) => {
						if (cancelled.signal.aborted) return;
						if (request.abortSignal?.aborted) {
							controller.error(
								new CancelledError("The model call was cancelled.", {
									cause: request.abortSignal.reason,
								}),
							);
						} else controller.error(error);
					},
				);
		},
		cancel(reason) {
			cancelled.abort(reason);
		},
	});
}

async function generate(
	{ loaded, plan, modelId, stallMs, progressIntervalMs }: ChatStreamRequest,
	signal: AbortSignal,
	enqueue: (part: LanguageModelV4StreamPart) => void,
): Promise<void> {
	const { chat, llama } = loaded;
	const fit = checkPromptFits(chat, plan);
	// No clearing: node-llama-cpp keeps the tokens this prompt shares with what the sequence
	// holds (same system prompt, persona, task, earlier turns) and evaluates only the rest.
	const meterBefore = chat.sequence.tokenMeter.getState();
	enqueue({ type: "response-metadata", modelId, timestamp: new Date() });

	// Stops generation without an error: a loop in the output, or no progress for too long.
	const stop = new AbortController();
	let stopReason: "repetition" | "stall" | undefined;
	let generated = "";
	const blocks = createBlockWriter(enqueue);
	const onResponseChunk = (chunk: LlamaChatResponseChunk) => {
		blocks.write(chunk);
		generated += chunk.text;
		if (stopReason === undefined && endsInRepetition(generated)) {
			stopReason = "repetition";
			stop.abort();
		}
	};
	const stopReporting = plan.promptProgress
		? watchPromptEvaluation({
				// The last prompt token is evaluated with the first generated one.
				promptTokens: Math.max(1, fit.promptTokens - fit.sharedPrefixTokens),
				evaluated: () =>
					chat.sequence.tokenMeter.getState().usedInputTokens - meterBefore.usedInputTokens,
				generating: () =>
					chat.sequence.tokenMeter.getState().usedOutputTokens > meterBefore.usedOutputTokens,
				onProgress: (progress) => enqueue({ type: "raw", rawValue: progress }),
				...(progressIntervalMs === undefined ? {} : { intervalMs: progressIntervalMs }),
			})
		: () => {};
	const stopWatching = watchProgress({
		progress: () => {
			const meter = chat.sequence.tokenMeter.getState();
			return meter.usedInputTokens + meter.usedOutputTokens;
		},
		stallMs: stallMs ?? defaultStallMs,
		onStall: () => {
			stopReason = "stall";
			stop.abort();
		},
	});
	const common = {
		...plan.sampling,
		maxTokens: fit.maxOutputTokens,
		signal: AbortSignal.any([signal, stop.signal]),
		stopOnAbortSignal: true,
		onResponseChunk,
		contextShift: { strategy: refuseContextShift(fit) },
	};

	let response: LlamaChatResponse<NonNullable<GenerationPlan["functions"]>>;
	try {
		if (plan.functions) {
			response = await chat.generateResponse(plan.history, {
				...common,
				functions: plan.functions,
				onFunctionCallParamsChunk: (chunk) => blocks.writeToolInput(chunk),
			});
		} else {
			const grammar = plan.json ? await createJsonGrammar(llama, plan.json.schema) : undefined;
			response = await chat.generateResponse(
				plan.history,
				grammar ? { ...common, grammar } : common,
			);
		}
	} finally {
		stopWatching();
		stopReporting();
	}
	signal.throwIfAborted();
	if (stopReason === "stall") {
		throw new ModelStalledError(
			`The embedded model made no progress for ${Math.round((stallMs ?? defaultStallMs) / 1000)} s ` +
				"(no prompt token evaluated, no token generated). The machine may be overloaded: " +
				"close other work or use fewer --threads, then resume the run with `crewkit resume <run>`.",
		);
	}
	blocks.closeOpenBlock();

	const calls = response.functionCalls ?? [];
	calls.forEach((call, index) => {
		enqueue({
			type: "tool-call",
			toolCallId: blocks.endToolInput(index),
			toolName: call.functionName,
			input: JSON.stringify(call.params ?? {}),
		});
	});
	const meter = chat.sequence.tokenMeter.getState();
	enqueue({
		type: "finish",
		finishReason:
			stopReason === "repetition"
				? { unified: "length", raw: "repetition" }
				: toFinishReason(response.metadata, calls.length > 0),
		usage: usageSince(meter, meterBefore, fit.promptTokens),
	});
}

/** Without a new token or evaluated prompt token for this long, a local call gives up. */
export const defaultStallMs = 180_000;

/** The embedded model stopped making progress; a retry from scratch would not help. */
export class ModelStalledError extends LimitError {}

/**
 * The context-shift strategy: never shift. Calls are sized to fit (see `checkPromptFits`),
 * so a shift means the estimate was wrong; failing says so instead of erasing turns.
 */
function refuseContextShift(fit: PromptFit) {
	return (): never => {
		throw new LimitError(
			`The embedded model's context (${fit.contextSize} tokens) filled up during generation (prompt ${fit.promptTokens} tokens). ` +
				"crewkit does not erase earlier turns to make room: give the model a larger context size (--context) or shorten the input.",
		);
	};
}

function createJsonGrammar(
	llama: LoadedModel["llama"],
	schema: NonNullable<GenerationPlan["json"]>["schema"],
): Promise<LlamaGrammar> {
	return schema === undefined
		? llama.getGrammarFor("json")
		: llama.createGrammarForJsonSchema<GbnfJsonSchema>(schema);
}

/**
 * node-llama-cpp's token meter counts tokens evaluated with logits as "output". Those are
 * the last prompt token and every generated token but the last, one per sampled token, so
 * output is exactly the tokens generated, and the prompt tokens evaluated are the other
 * input tokens plus that last prompt token. The rest of the prompt came from the cache.
 */
function usageSince(now: TokenMeterState, before: TokenMeterState, promptTokens: number) {
	const input = now.usedInputTokens - before.usedInputTokens;
	const output = now.usedOutputTokens - before.usedOutputTokens;
	const evaluated = Math.min(promptTokens, input + (output > 0 ? 1 : 0));
	return toModelUsage(promptTokens, output, promptTokens - evaluated);
}

/** Opens, writes and closes text, reasoning and tool-input blocks in stream order. */
function createBlockWriter(enqueue: (part: LanguageModelV4StreamPart) => void) {
	let open: { kind: "text" | "reasoning"; id: string } | undefined;
	let blockCount = 0;
	const toolInputs = new Map<number, { id: string; ended: boolean }>();

	const closeOpenBlock = () => {
		if (open) enqueue({ type: `${open.kind}-end`, id: open.id });
		open = undefined;
	};
	const endToolInput = (callIndex: number): string => {
		const input = toolInputs.get(callIndex);
		if (!input) return `call_${randomUUID()}`;
		if (!input.ended) enqueue({ type: "tool-input-end", id: input.id });
		input.ended = true;
		return input.id;
	};

	return {
		closeOpenBlock,
		endToolInput,
		write(chunk: LlamaChatResponseChunk) {
			const kind =
				chunk.type === undefined
					? "text"
					: chunk.segmentType === "thought"
						? "reasoning"
						: undefined;
			if (kind === undefined) return; // "comment" segments are not part of the answer
			if (chunk.text !== "") {
				if (open?.kind !== kind) {
					closeOpenBlock();
					open = { kind, id: `${kind}-${blockCount++}` };
					enqueue({ type: `${kind}-start`, id: open.id });
				}
				enqueue({ type: `${kind}-delta`, id: open.id, delta: chunk.text });
			}
			if (chunk.type === "segment" && chunk.segmentEndTime && open?.kind === "reasoning") {
				closeOpenBlock();
			}
		},
		writeToolInput(chunk: LlamaChatResponseFunctionCallParamsChunk) {
			let input = toolInputs.get(chunk.callIndex);
			if (!input) {
				closeOpenBlock();
				input = { id: `call_${randomUUID()}`, ended: false };
				toolInputs.set(chunk.callIndex, input);
				enqueue({ type: "tool-input-start", id: input.id, toolName: chunk.functionName });
			}
			if (chunk.paramsChunk !== "") {
				enqueue({ type: "tool-input-delta", id: input.id, delta: chunk.paramsChunk });
			}
			if (chunk.done) endToolInput(chunk.callIndex);
		},
	};
}
