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
import { CancelledError } from "../../errors.ts";
import { toModelUsage } from "../../usage.ts";
import { checkPromptFits } from "./check-prompt-fits.ts";
import { toFinishReason } from "./finish-reason.ts";
import type { LoadedModel } from "./loaded-model.ts";
import type { GenerationPlan } from "./plan-generation.ts";

/** One model call: what to generate, on which loaded model. */
export interface ChatStreamRequest {
	loaded: Pick<LoadedModel, "llama" | "chat" | "queue">;
	plan: GenerationPlan;
	modelId: string;
	abortSignal: AbortSignal | undefined;
}

/**
 * Generates a response as a stream of AI SDK parts: `stream-start` (with the plan's
 * warnings), `response-metadata`, text and reasoning blocks as tokens arrive, tool input
 * as the model writes it, one `tool-call` per function call, then `finish` with exact
 * token usage.
 *
 * The call waits for earlier calls on the same loaded model, then starts from an empty
 * context, so calls do not see each other. If `abortSignal` aborts, generation stops
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
	{ loaded, plan, modelId }: ChatStreamRequest,
	signal: AbortSignal,
	enqueue: (part: LanguageModelV4StreamPart) => void,
): Promise<void> {
	const { chat, llama } = loaded;
	checkPromptFits(chat, plan);
	await chat.sequence.clearHistory();
	const meterBefore = chat.sequence.tokenMeter.getState();
	enqueue({ type: "response-metadata", modelId, timestamp: new Date() });

	const blocks = createBlockWriter(enqueue);
	const onResponseChunk = (chunk: LlamaChatResponseChunk) => blocks.write(chunk);
	const common = { ...plan.sampling, signal, stopOnAbortSignal: false, onResponseChunk };

	let response: LlamaChatResponse<NonNullable<GenerationPlan["functions"]>>;
	if (plan.functions) {
		response = await chat.generateResponse(plan.history, {
			...common,
			functions: plan.functions,
			onFunctionCallParamsChunk: (chunk) => blocks.writeToolInput(chunk),
		});
	} else {
		const grammar = plan.json ? await createJsonGrammar(llama, plan.json.schema) : undefined;
		response = await chat.generateResponse(plan.history, grammar ? { ...common, grammar } : common);
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
	enqueue({
		type: "finish",
		finishReason: toFinishReason(response.metadata, calls.length > 0),
		usage: usageSince(chat.sequence.tokenMeter.getState(), meterBefore),
	});
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
 * output is exactly the tokens generated, and input is the other evaluated tokens plus
 * that last prompt token.
 */
function usageSince(now: TokenMeterState, before: TokenMeterState) {
	const input = now.usedInputTokens - before.usedInputTokens;
	const output = now.usedOutputTokens - before.usedOutputTokens;
	return toModelUsage(input + (output > 0 ? 1 : 0), output);
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
