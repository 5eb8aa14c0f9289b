import { setTimeout as delay } from "node:timers/promises";
import { APICallError } from "@ai-sdk/provider";
import { CancelledError, ProviderError } from "../errors.ts";
import type { Usage } from "../usage.ts";
import type { ConcurrencyLimit } from "./concurrency-limit.ts";

/** The model's stream ended, or its connection dropped, before the finish part. Retryable. */
export class StreamCutError extends ProviderError {}

/**
 * The model finished without any text or tool call. Retryable. The call itself completed:
 * `answered` holds its usage, finish reason and duration, so it is recorded like any other.
 */
export class EmptyResponseError extends ProviderError {
	readonly answered: EmptyAnswer | undefined;

	constructor(message: string, answered?: EmptyAnswer) {
		super(message);
		this.answered = answered;
	}
}

/** What an empty answer cost: a completed call that said nothing. */
export interface EmptyAnswer {
	usage: Usage;
	finishReason: string;
	durationMs: number;
}

/** Every attempt failed on a retryable fault; `cause` is the last attempt's error. */
export class RetriesExhaustedError extends ProviderError {
	readonly attempts: number;

	constructor(message: string, attempts: number, fault: Fault, options?: ErrorOptions) {
		super(
			message,
			{
				...(fault.status === undefined ? {} : { status: fault.status }),
				...(fault.retryAfterMs === undefined ? {} : { retryAfterMs: fault.retryAfterMs }),
			},
			options,
		);
		this.attempts = attempts;
	}
}

/** The empty answer a call ended with, directly or as the last of its retries. */
export function emptyAnswerOf(error: unknown): EmptyAnswer | undefined {
	const empty = error instanceof RetriesExhaustedError ? error.cause : error;
	return empty instanceof EmptyResponseError ? empty.answered : undefined;
}

/** What went wrong in one attempt, and whether another attempt may succeed. */
export interface Fault {
	retryable: boolean;
	/** The HTTP status, when the provider answered with one. */
	status?: number;
	/** How long the provider asked to wait (Retry-After), in milliseconds. */
	retryAfterMs?: number;
	/** One line for logs and error messages, e.g. "HTTP 429 (rate limited)". */
	reason: string;
}

/** How often and how patiently a failed model call is tried again. */
export interface RetryPolicy {
	/** Attempts after the first. */
	maxRetries: number;
	/** Backoff before the first retry; doubles each retry. */
	baseDelayMs: number;
	/** The backoff never grows past this (a Retry-After may ask for more). */
	maxDelayMs: number;
	/** A provider asking to wait longer than this is not waited for: the error surfaces. */
	maxRetryAfterMs: number;
}

export const defaultRetryPolicy = {
	maxRetries: 4,
	baseDelayMs: 500,
	maxDelayMs: 30_000,
	maxRetryAfterMs: 60_000,
} as const satisfies RetryPolicy;

const retryableStatuses = new Set([408, 409, 425, 429]);

/** Network error codes (Node and undici) after which a new connection may work. */
const retryableCodes = new Set([
	"ECONNRESET",
	"ECONNREFUSED",
	"ECONNABORTED",
	"ETIMEDOUT",
	"EPIPE",
	"EAI_AGAIN",
	"UND_ERR_SOCKET",
	"UND_ERR_CLOSED",
	"UND_ERR_CONNECT_TIMEOUT",
	"UND_ERR_HEADERS_TIMEOUT",
	"UND_ERR_BODY_TIMEOUT",
]);

const retryableMessages =
	/fetch failed|failed to fetch|socket hang up|other side closed|^terminated$/i;

/**
 * Decides whether an error from a model call is worth another attempt: rate limits (429),
 * timeouts (408, client timeouts), conflicts (409), server faults (5xx), dropped
 * connections, cut streams and empty answers are; bad requests, bad keys, unknown models
 * and cancellation are not. Unknown errors are not, so bugs are not retried.
 */
export function classifyFault(error: unknown, now: number = Date.now()): Fault {
	if (error instanceof CancelledError || isNamed(error, "AbortError", "ResponseAborted")) {
		return { retryable: false, reason: "cancelled" };
	}
	if (isNamed(error, "TimeoutError")) return { retryable: true, reason: "timed out" };
	if (error instanceof StreamCutError) return { retryable: true, reason: "stream cut" };
	if (error instanceof EmptyResponseError) return { retryable: true, reason: "empty response" };
	if (APICallError.isInstance(error)) {
		const retryAfterMs = parseRetryAfter(error.responseHeaders, now);
		const extra = retryAfterMs === undefined ? {} : { retryAfterMs };
		const status = error.statusCode;
		if (status === undefined || (status >= 200 && status < 300)) {
			// No status: the request never got an answer; 2xx: the answer's body broke off.
			const retryable = error.isRetryable || hasNetworkCause(error);
			const what = status === undefined ? "connection failed" : "response broke off";
			return { retryable, reason: `${what} (${messageOf(error.cause ?? error)})`, ...extra };
		}
		return { ...statusFault(status), ...extra };
	}
	if (error instanceof ProviderError && error.status !== undefined) {
		const extra = error.retryAfterMs === undefined ? {} : { retryAfterMs: error.retryAfterMs };
		return { ...statusFault(error.status), ...extra };
	}
	if (hasNetworkCause(error))
		return { retryable: true, reason: `network error (${messageOf(error)})` };
	if (isStreamErrorPayload(error)) {
		const status = [error.statusCode, error.status, error.code].find(
			(value) => typeof value === "number",
		);
		if (typeof error.isRetryable === "boolean") {
			return { retryable: error.isRetryable, reason: `stream error (${messageOf(error)})` };
		}
		if (status !== undefined) return statusFault(status);
	}
	if (error instanceof ProviderError && error.cause !== undefined)
		return classifyFault(error.cause, now);
	return { retryable: false, reason: messageOf(error) };
}

function statusFault(status: number): Fault {
	const retryable = retryableStatuses.has(status) || (status >= 500 && status !== 501);
	const name = status === 429 ? " (rate limited)" : status >= 500 ? " (server error)" : "";
	return { retryable, status, reason: `HTTP ${status}${name}` };
}

/**
 * Reads how long a provider asks to wait: `retry-after-ms` (milliseconds, OpenAI),
 * else `retry-after` in seconds or as an HTTP date. Undefined when absent or unreadable.
 */
export function parseRetryAfter(
	headers: Record<string, string> | undefined,
	now: number = Date.now(),
): number | undefined {
	if (!headers) return undefined;
	const lower = Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v]));
	const milliseconds = Number.parseFloat(lower["retry-after-ms"] ?? "");
	if (Number.isFinite(milliseconds) && milliseconds >= 0) return Math.ceil(milliseconds);
	const value = lower["retry-after"]?.trim();
	if (!value) return undefined;
	if (/^\d+(\.\d+)?$/.test(value)) return Math.ceil(Number(value) * 1000);
	const date = Date.parse(value);
	return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/**
 * The wait before retry number `retry` (from 1): exponential backoff with full jitter
 * (a random share of `baseDelayMs * 2^(retry-1)`, capped at `maxDelayMs`), but never less
 * than the provider's Retry-After, itself capped at `maxRetryAfterMs`.
 */
export function retryDelay(
	retry: number,
	fault: Fault,
	policy: RetryPolicy = defaultRetryPolicy,
	random: () => number = Math.random,
): number {
	const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.max(0, retry - 1));
	const backoff = Math.floor(random() * ceiling);
	if (fault.retryAfterMs === undefined) return backoff;
	return Math.max(backoff, Math.min(fault.retryAfterMs, policy.maxRetryAfterMs));
}

/** What `onRetry` hears before each wait. */
export interface RetryInfo {
	/** The attempt that failed, from 1. */
	attempt: number;
	delayMs: number;
	fault: Fault;
	error: unknown;
}

export interface WithRetriesOptions {
	/** Overrides of `defaultRetryPolicy`. */
	policy?: Partial<RetryPolicy>;
	/** Cancels the whole call, waits included: rejects with `CancelledError`. */
	signal?: AbortSignal;
	/** Gives up an attempt after this long (a retryable fault); the attempt's signal aborts. */
	attemptTimeoutMs?: number;
	/** What is being tried, for the final error, e.g. "The call to openai:gpt-4.1". */
	label?: string;
	onRetry?: (info: RetryInfo) => void;
	/** Waits between attempts; rejects with `CancelledError` if the signal aborts. For tests. */
	sleep?: (milliseconds: number, signal: AbortSignal | undefined) => Promise<void>;
	/** Source of jitter in [0, 1). For tests. */
	random?: () => number;
	/**
	 * Each attempt waits for a slot of this limit first; its time limit starts once it has
	 * one, and the slot is free again while the next attempt waits to retry.
	 */
	limit?: ConcurrencyLimit;
}

/**
 * Runs `operation` until it succeeds, retrying retryable faults (see `classifyFault`) after
 * `retryDelay`. Non-retryable errors are rethrown as they are. When the budget is spent, or
 * the provider asks to wait past `maxRetryAfterMs`, throws a `RetriesExhaustedError` that
 * names the fault and the number of attempts. `operation` gets the attempt number (from 1)
 * and a signal that aborts on cancellation or when the attempt times out.
 */
export async function withRetries<T>(
	operation: (attempt: number, signal: AbortSignal) => PromiseLike<T>,
	options: WithRetriesOptions = {},
): Promise<T> {
	const policy: RetryPolicy = { ...defaultRetryPolicy, ...options.policy };
	const { signal, attemptTimeoutMs } = options;
	const sleep = options.sleep ?? sleepUnlessAborted;
	const label = options.label ?? "The model call";
	for (let attempt = 1; ; attempt++) {
		throwIfCancelled(signal);
		let timedOut = false;
		const tryOnce = async (): Promise<{ value: T } | { error: unknown }> => {
			const attemptSignal = attemptSignalFor(signal, attemptTimeoutMs);
			try {
				return { value: await operation(attempt, attemptSignal.signal) };
			} catch (caught) {
				return { error: caught };
			} finally {
				timedOut = attemptSignal.timedOut();
				attemptSignal.dispose();
			}
		};
		let outcome: { value: T } | { error: unknown };
		try {
			outcome = await (options.limit ? options.limit.run(tryOnce, signal) : tryOnce());
		} catch (waitError) {
			// Only a cancelled wait for a slot rejects.
			throwIfCancelled(signal, waitError);
			throw waitError;
		}
		if ("value" in outcome) return outcome.value;
		const { error } = outcome;
		throwIfCancelled(signal, error);
		const fault: Fault = timedOut
			? { retryable: true, reason: `no answer within ${attemptTimeoutMs} ms` }
			: classifyFault(error);
		if (!fault.retryable) throw error;
		const tooLong = fault.retryAfterMs !== undefined && fault.retryAfterMs > policy.maxRetryAfterMs;
		if (tooLong || attempt > policy.maxRetries) {
			const why = tooLong
				? `the provider asks to wait ${Math.ceil((fault.retryAfterMs ?? 0) / 1000)} s, longer than the ${policy.maxRetryAfterMs / 1000} s crewkit waits`
				: `gave up after ${attempt} attempt${attempt === 1 ? "" : "s"}`;
			throw new RetriesExhaustedError(
				`${label} failed: ${fault.reason}; ${why}. The run's finished steps are kept: resume it with \`crewkit resume <run>\` when the provider is back.`,
				attempt,
				fault,
				{ cause: error },
			);
		}
		const delayMs = retryDelay(attempt, fault, policy, options.random);
		options.onRetry?.({ attempt, delayMs, fault, error });
		await sleep(delayMs, signal);
		throwIfCancelled(signal);
	}
}

/** Resolves after `milliseconds`, or rejects with `CancelledError` as soon as `signal` aborts. */
export async function sleepUnlessAborted(
	milliseconds: number,
	signal: AbortSignal | undefined,
): Promise<void> {
	try {
		await delay(milliseconds, undefined, signal ? { signal } : {});
	} catch (error) {
		throwIfCancelled(signal, error);
		throw error;
	}
}

function throwIfCancelled(signal: AbortSignal | undefined, cause?: unknown): void {
	if (signal?.aborted) {
		throw new CancelledError("The run was cancelled.", cause === undefined ? {} : { cause });
	}
}

function attemptSignalFor(
	outer: AbortSignal | undefined,
	timeoutMs: number | undefined,
): { signal: AbortSignal; timedOut(): boolean; dispose(): void } {
	const controller = new AbortController();
	let timedOut = false;
	const onAbort = () => controller.abort(outer?.reason);
	outer?.addEventListener("abort", onAbort, { once: true });
	if (outer?.aborted) onAbort();
	const timer =
		timeoutMs === undefined
			? undefined
			: setTimeout(() => {
					timedOut = true;
					controller.abort(new DOMException(`No answer within ${timeoutMs} ms.`, "TimeoutError"));
				}, timeoutMs);
	return {
		signal: controller.signal,
		timedOut: () => timedOut,
		dispose() {
			clearTimeout(timer);
			outer?.removeEventListener("abort", onAbort);
		},
	};
}

function isNamed(error: unknown, ...names: string[]): boolean {
	return error instanceof Error && names.includes(error.name);
}

function hasNetworkCause(error: unknown): boolean {
	const seen = new Set<unknown>();
	for (let current = error; current instanceof Error && !seen.has(current); ) {
		seen.add(current);
		const code = (current as { code?: unknown }).code;
		if (typeof code === "string" && retryableCodes.has(code)) return true;
		if (retryableMessages.test(current.message)) return true;
		current = current.cause;
	}
	return false;
}

/** An error part a provider put in the stream: a plain object, often with status fields. */
function isStreamErrorPayload(
	error: unknown,
): error is { statusCode?: unknown; status?: unknown; code?: unknown; isRetryable?: unknown } {
	return typeof error === "object" && error !== null && !(error instanceof Error);
}

function messageOf(error: unknown): string {
	if (error instanceof Error) return error.message;
	if (typeof error === "object" && error !== null && "message" in error)
		return String(error.message);
	return String(error);
}
