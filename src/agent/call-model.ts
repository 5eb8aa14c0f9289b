import {
	InvalidResponseDataError,
	type LanguageModelV4,
	type LanguageModelV4CallOptions,
	type LanguageModelV4ToolCall,
} from "@ai-sdk/provider";
import { CancelledError } from "../errors.ts";
import type { ConcurrencyLimit } from "../models/concurrency-limit.ts";
import { isPromptProgress, type PromptProgress } from "../models/embedded/prompt-progress.ts";
import { rateLimiterFor } from "../models/rate-limiter.ts";
import {
	classifyFault,
	EmptyResponseError,
	type RetryInfo,
	type RetryPolicy,
	StreamCutError,
	withRetries,
} from "../models/retry-policy.ts";
import { fromModelUsage, type Usage } from "../usage.ts";

/** One model call's answer, collected from the stream. */
export interface ModelResponse {
	text: string;
	toolCalls: LanguageModelV4ToolCall[];
	finishReason: string;
	usage: Usage;
	durationMs: number;
}

/** How model calls survive provider faults. */
export interface ReliabilityOptions {
	/** Retries with backoff for 429, 5xx, timeouts, cut streams and empty answers. */
	retry?: Partial<RetryPolicy>;
	/**
	 * Gives up on one attempt after this long (it is then retried). Default 10 minutes for
	 * models reached over a network; none for the embedded model, whose calls end on their
	 * own output cap and fail when they stop making progress (see `LlamaModelOptions.stallMs`).
	 */
	attemptTimeoutMs?: number;
	/** Requests per minute allowed to each model, shared by every agent of the process. */
	requestsPerMinute?: number;
	/**
	 * Model calls in flight at once among the runs sharing this limit (a `kickoffForEach`
	 * with `callConcurrency`). An attempt holds a slot while it runs, not while it waits to retry.
	 */
	callLimit?: ConcurrencyLimit;
	/** Called before a retry: text streamed by the failed attempt is to be discarded. */
	onRetry?: (info: RetryInfo) => void;
	/** Replaces the wait between attempts (tests). */
	sleep?: (ms: number, signal: AbortSignal | undefined) => Promise<void>;
	/** Source of jitter in [0, 1) for the wait between attempts (tests). */
	random?: () => number;
}

/**
 * Calls the model's stream directly (no `generateText` layer), passing each text delta to
 * `onDelta` as it arrives, and returns the whole answer with its exact usage. Faults are
 * retried; the answer and usage come from the successful attempt only. Calls to the
 * embedded model are not retried: the same prompt on the same weights fails the same way,
 * and a retry would evaluate the whole prompt again for nothing.
 */
export function callModel(
	model: LanguageModelV4,
	options: LanguageModelV4CallOptions,
	onDelta: (delta: string) => void,
	reliability: ReliabilityOptions = {},
	/** Prompt-evaluation progress of the embedded model, before its first token. */
	onPromptProgress?: (progress: PromptProgress) => void,
): Promise<ModelResponse> {
	const signal = options.abortSignal;
	const name = `${model.provider}:${model.modelId}`;
	const inProcess = isInProcess(model);
	const attemptTimeoutMs = reliability.attemptTimeoutMs ?? (inProcess ? undefined : 600_000);
	const policy = inProcess ? { ...reliability.retry, maxRetries: 0 } : reliability.retry;
	return withRetries(
		async (_attempt, attemptSignal) => {
			if (reliability.requestsPerMinute) {
				await rateLimiterFor(name, reliability.requestsPerMinute).acquire(signal);
			}
			const progress = inProcess && onPromptProgress ? { includeRawChunks: true } : {};
			return streamOnce(
				model,
				{ ...options, ...progress, abortSignal: attemptSignal },
				onDelta,
				onPromptProgress,
			);
		},
		{
			label: `The call to ${name}`,
			...(attemptTimeoutMs === undefined ? {} : { attemptTimeoutMs }),
			...(signal ? { signal } : {}),
			...(policy ? { policy } : {}),
			...(reliability.onRetry ? { onRetry: reliability.onRetry } : {}),
			...(reliability.sleep ? { sleep: reliability.sleep } : {}),
			...(reliability.random ? { random: reliability.random } : {}),
			...(reliability.callLimit ? { limit: reliability.callLimit } : {}),
		},
	);
}

/** The embedded model runs in this process (see src/models/embedded). */
export const isInProcess = (model: Pick<LanguageModelV4, "provider">): boolean =>
	model.provider === "crewkit.local";

async function streamOnce(
	model: LanguageModelV4,
	options: LanguageModelV4CallOptions,
	onDelta: (delta: string) => void,
	onPromptProgress: ((progress: PromptProgress) => void) | undefined,
): Promise<ModelResponse> {
	const started = performance.now();
	const signal = options.abortSignal;
	const { stream } = await model.doStream(options);
	const reader = stream.getReader();
	let text = "";
	const toolCalls: LanguageModelV4ToolCall[] = [];
	let finishReason = "unknown";
	let usage: Usage | undefined;
	try {
		for (;;) {
			let next: Awaited<ReturnType<typeof reader.read>>;
			try {
				next = await reader.read();
			} catch (error) {
				if (signal?.aborted || !classifyFault(error).retryable) throw error;
				throw new StreamCutError(`The stream of ${model.modelId} broke off.`, {}, { cause: error });
			}
			if (next.done) break;
			const part = next.value;
			if (part.type === "text-delta") {
				text += part.delta;
				onDelta(part.delta);
			} else if (part.type === "raw") {
				if (isPromptProgress(part.rawValue)) onPromptProgress?.(part.rawValue);
			} else if (part.type === "tool-call") {
				toolCalls.push(part);
			} else if (part.type === "finish") {
				finishReason = part.finishReason.unified;
				usage = fromModelUsage(part.usage);
			} else if (part.type === "error") {
				if (InvalidResponseDataError.isInstance(part.error)) {
					throw new StreamCutError(
						`The stream of ${model.modelId} ended without a finish part.`,
						{},
						{ cause: part.error },
					);
				}
				throw part.error;
			}
		}
	} catch (error) {
		await reader.cancel().catch(() => {});
		throw error;
	} finally {
		reader.releaseLock();
	}
	if (signal?.aborted || finishReason === "interrupted")
		throw new CancelledError("The run was cancelled.");
	if (!usage)
		throw new StreamCutError(`The stream of ${model.modelId} ended without a finish part.`);
	if (text.trim() === "" && toolCalls.length === 0) {
		throw new EmptyResponseError(`${model.modelId} finished without any text or tool call.`, {
			usage,
			finishReason,
			durationMs: performance.now() - started,
		});
	}
	return { text, toolCalls, finishReason, usage, durationMs: performance.now() - started };
}
