import assert from "node:assert/strict";
import { getEventListeners } from "node:events";
import { test } from "node:test";
import { APICallError } from "@ai-sdk/provider";
import { CancelledError, ModelBehaviorError, ProviderError } from "../errors.ts";
import { createConcurrencyLimit } from "./concurrency-limit.ts";
import {
	classifyFault,
	defaultRetryPolicy,
	EmptyResponseError,
	emptyAnswerOf,
	type Fault,
	parseRetryAfter,
	RetriesExhaustedError,
	retryDelay,
	StreamCutError,
	sleepUnlessAborted,
	withRetries,
} from "./retry-policy.ts";

const apiError = (statusCode: number | undefined, responseHeaders?: Record<string, string>) =>
	new APICallError({
		message: `status ${statusCode}`,
		url: "http://127.0.0.1/v1/chat/completions",
		requestBodyValues: {},
		...(statusCode === undefined ? {} : { statusCode }),
		...(responseHeaders ? { responseHeaders } : {}),
	});

const withCode = (message: string, code: string) => Object.assign(new Error(message), { code });

const faults: Array<{ label: string; error: unknown; retryable: boolean; status?: number }> = [
	{ label: "HTTP 429", error: apiError(429), retryable: true, status: 429 },
	{ label: "HTTP 408", error: apiError(408), retryable: true, status: 408 },
	{ label: "HTTP 409", error: apiError(409), retryable: true, status: 409 },
	{ label: "HTTP 500", error: apiError(500), retryable: true, status: 500 },
	{ label: "HTTP 502", error: apiError(502), retryable: true, status: 502 },
	{ label: "HTTP 503", error: apiError(503), retryable: true, status: 503 },
	{ label: "HTTP 529 (overloaded)", error: apiError(529), retryable: true, status: 529 },
	{ label: "HTTP 501", error: apiError(501), retryable: false, status: 501 },
	{ label: "HTTP 400", error: apiError(400), retryable: false, status: 400 },
	{ label: "HTTP 401", error: apiError(401), retryable: false, status: 401 },
	{ label: "HTTP 403", error: apiError(403), retryable: false, status: 403 },
	{ label: "HTTP 404", error: apiError(404), retryable: false, status: 404 },
	{ label: "HTTP 422", error: apiError(422), retryable: false, status: 422 },
	{
		label: "crewkit ProviderError with a status",
		error: new ProviderError("x", { status: 503 }),
		retryable: true,
		status: 503,
	},
	{ label: "ECONNRESET", error: withCode("read ECONNRESET", "ECONNRESET"), retryable: true },
	{
		label: "ECONNREFUSED",
		error: withCode("connect ECONNREFUSED", "ECONNREFUSED"),
		retryable: true,
	},
	{ label: "ETIMEDOUT", error: withCode("connect ETIMEDOUT", "ETIMEDOUT"), retryable: true },
	{
		label: "fetch failed caused by an undici socket error",
		error: new TypeError("fetch failed", {
			cause: withCode("other side closed", "UND_ERR_SOCKET"),
		}),
		retryable: true,
	},
	{
		label: "UND_ERR_HEADERS_TIMEOUT",
		error: withCode("Headers Timeout Error", "UND_ERR_HEADERS_TIMEOUT"),
		retryable: true,
	},
	{ label: "socket hang up", error: new Error("socket hang up"), retryable: true },
	{
		label: "an API error with no status (network)",
		error: new APICallError({
			message: "Cannot connect to API",
			url: "u",
			requestBodyValues: {},
			isRetryable: true,
		}),
		retryable: true,
	},
	{
		label: "a client timeout",
		error: new DOMException("The operation timed out.", "TimeoutError"),
		retryable: true,
	},
	{ label: "a cut stream", error: new StreamCutError("cut"), retryable: true },
	{ label: "an empty response", error: new EmptyResponseError("empty"), retryable: true },
	{
		label: "a stream error part with isRetryable",
		error: { message: "overloaded", isRetryable: true },
		retryable: true,
	},
	{
		label: "a stream error part with a status code",
		error: { message: "overloaded", code: 503 },
		retryable: true,
		status: 503,
	},
	{
		label: "a stream error part with nothing to go on",
		error: { message: "bad", code: "invalid" },
		retryable: false,
	},
	{ label: "CancelledError", error: new CancelledError("cancelled"), retryable: false },
	{ label: "AbortError", error: new DOMException("aborted", "AbortError"), retryable: false },
	{
		label: "a crewkit error of another kind",
		error: new ModelBehaviorError("no answer"),
		retryable: false,
	},
	{ label: "a bug", error: new TypeError("Cannot read properties of undefined"), retryable: false },
];

for (const { label, error, retryable, status } of faults) {
	test(`classifies ${label} as ${retryable ? "retryable" : "final"}`, () => {
		const fault = classifyFault(error);
		assert.equal(fault.retryable, retryable, fault.reason);
		assert.equal(fault.status, status);
		assert.ok(fault.reason.length > 0);
	});
}

test("Retry-After is read as seconds, an HTTP date or retry-after-ms", () => {
	const now = Date.parse("2025-01-01T00:00:00Z");
	assert.equal(parseRetryAfter({ "retry-after": "2" }, now), 2000);
	assert.equal(parseRetryAfter({ "Retry-After": "0.5" }, now), 500);
	assert.equal(parseRetryAfter({ "retry-after": "Wed, 01 Jan 2025 00:00:30 GMT" }, now), 30_000);
	assert.equal(parseRetryAfter({ "retry-after": "Tue, 31 Dec 2024 23:00:00 GMT" }, now), 0);
	assert.equal(parseRetryAfter({ "retry-after-ms": "1234.5", "retry-after": "9" }, now), 1235);
	assert.equal(parseRetryAfter({ "retry-after": "soon" }, now), undefined);
	assert.equal(parseRetryAfter({}, now), undefined);
	assert.equal(parseRetryAfter(undefined, now), undefined);
	const fault = classifyFault(apiError(429, { "retry-after": "7" }));
	assert.deepEqual(fault, {
		retryable: true,
		status: 429,
		reason: "HTTP 429 (rate limited)",
		retryAfterMs: 7000,
	});
});

test("backoff doubles per retry, is capped, and takes a random share (full jitter)", () => {
	const fault: Fault = { retryable: true, reason: "HTTP 500" };
	const top = () => 0.999_999;
	assert.deepEqual(
		[1, 2, 3, 4, 5, 6, 7, 8].map((retry) => retryDelay(retry, fault, defaultRetryPolicy, top)),
		[499, 999, 1999, 3999, 7999, 15_999, 29_999, 29_999],
	);
	assert.equal(
		retryDelay(3, fault, defaultRetryPolicy, () => 0),
		0,
	);
	assert.equal(
		retryDelay(3, fault, defaultRetryPolicy, () => 0.5),
		1000,
	);
});

test("the wait is never shorter than Retry-After, which is capped by maxRetryAfterMs", () => {
	const policy = { ...defaultRetryPolicy, maxRetryAfterMs: 10_000 };
	const asks = (retryAfterMs: number): Fault => ({
		retryable: true,
		reason: "HTTP 429",
		retryAfterMs,
	});
	assert.equal(
		retryDelay(1, asks(4000), policy, () => 0.5),
		4000,
	);
	assert.equal(
		retryDelay(8, asks(100), policy, () => 0.5),
		15_000,
		"backoff longer than Retry-After wins",
	);
	assert.equal(
		retryDelay(1, asks(50_000), policy, () => 0.5),
		10_000,
	);
});

/** An operation that fails with the given errors, then returns "done". */
function failing(...errors: unknown[]) {
	const attempts: number[] = [];
	const operation = async (attempt: number) => {
		attempts.push(attempt);
		const error = errors[attempt - 1];
		if (error !== undefined) throw error;
		return "done";
	};
	return { attempts, operation };
}

const noSleep = async () => {};

test("retries retryable faults, numbering attempts from 1, and reports each retry", async () => {
	const { attempts, operation } = failing(apiError(503), new StreamCutError("cut"));
	const retries: string[] = [];
	const result = await withRetries(operation, {
		sleep: noSleep,
		random: () => 0.5,
		onRetry: ({ attempt, delayMs, fault }) => retries.push(`${attempt}:${delayMs}:${fault.reason}`),
	});
	assert.equal(result, "done");
	assert.deepEqual(attempts, [1, 2, 3]);
	assert.deepEqual(retries, ["1:250:HTTP 503 (server error)", "2:500:stream cut"]);
});

test("a final fault is rethrown as it is, after one attempt", async () => {
	const unauthorized = apiError(401);
	const { attempts, operation } = failing(unauthorized);
	await assert.rejects(
		withRetries(operation, { sleep: noSleep }),
		(error) => error === unauthorized,
	);
	assert.deepEqual(attempts, [1]);
});

test("a spent budget throws a ProviderError naming the fault, the attempts and resume", async () => {
	const last = apiError(500);
	const { attempts, operation } = failing(apiError(502), apiError(503), last);
	await assert.rejects(
		withRetries(operation, {
			sleep: noSleep,
			policy: { maxRetries: 2 },
			label: "The call to openai:gpt-x",
		}),
		(error: unknown) => {
			assert.ok(error instanceof RetriesExhaustedError);
			assert.ok(error instanceof ProviderError);
			assert.equal(
				error.message,
				"The call to openai:gpt-x failed: HTTP 500 (server error); gave up after 3 attempts. " +
					"The run's finished steps are kept: resume it with `crewkit resume <run>` when the provider is back.",
			);
			assert.equal(error.cause, last);
			assert.equal(error.status, 500);
			return true;
		},
	);
	assert.deepEqual(attempts, [1, 2, 3]);
});

test("an attempt that outlives attemptTimeoutMs is aborted and retried", async () => {
	const signals: AbortSignal[] = [];
	const result = await withRetries(
		(attempt, signal) => {
			signals.push(signal);
			if (attempt > 1) return Promise.resolve("done");
			return new Promise((_resolve, reject) =>
				signal.addEventListener("abort", () => reject(signal.reason)),
			);
		},
		{ attemptTimeoutMs: 20, sleep: noSleep },
	);
	assert.equal(result, "done");
	assert.equal(signals[0]?.aborted, true);
	assert.equal(signals[1]?.aborted, false);
});

test("an abort during the wait rejects at once with CancelledError", async () => {
	const controller = new AbortController();
	const { attempts, operation } = failing(apiError(429, { "retry-after": "30" }));
	const started = performance.now();
	const call = withRetries(operation, {
		signal: controller.signal,
		onRetry: () => controller.abort(),
	});
	await assert.rejects(call, CancelledError);
	assert.ok(performance.now() - started < 1000);
	assert.deepEqual(attempts, [1]);
});

test("an abort during an attempt is a CancelledError, not a retry", async () => {
	const controller = new AbortController();
	const call = withRetries(
		(_attempt, signal) =>
			new Promise((_resolve, reject) => {
				signal.addEventListener("abort", () => reject(new DOMException("aborted", "AbortError")));
				controller.abort();
			}),
		{ signal: controller.signal, sleep: noSleep },
	);
	await assert.rejects(call, CancelledError);
	await assert.rejects(
		withRetries(async () => "never", { signal: AbortSignal.abort() }),
		CancelledError,
	);
});

test("with a limit, an attempt waits for a slot before its time limit starts, and frees it to retry", async () => {
	const limit = createConcurrencyLimit(1);
	// Another call holds the only slot for longer than an attempt may take.
	let releaseOther = () => {};
	const other = limit.run(() => new Promise<void>((resolve) => (releaseOther = resolve)));
	const signals: AbortSignal[] = [];
	let slotFreeDuringRetry = false;
	const call = withRetries(
		async (attempt, signal) => {
			signals.push(signal);
			if (attempt === 1) throw apiError(503);
			return "done";
		},
		{
			limit,
			attemptTimeoutMs: 20,
			sleep: async () => {
				// Between attempts the slot is free: another call gets it at once.
				await limit.run(async () => {
					slotFreeDuringRetry = true;
				});
			},
		},
	);
	await new Promise((resolve) => setTimeout(resolve, 60));
	assert.equal(signals.length, 0, "no attempt starts while the slot is taken");
	releaseOther();
	await other;
	assert.equal(await call, "done");
	assert.equal(signals.length, 2);
	assert.equal(
		signals[0]?.aborted,
		false,
		"waiting for the slot did not count against the attempt",
	);
	assert.equal(slotFreeDuringRetry, true);
});

test("a cancelled wait for a slot is a CancelledError, and the attempt never runs", async () => {
	const limit = createConcurrencyLimit(1);
	let releaseOther = () => {};
	const other = limit.run(() => new Promise<void>((resolve) => (releaseOther = resolve)));
	const controller = new AbortController();
	let ran = false;
	const call = withRetries(
		async () => {
			ran = true;
			return "done";
		},
		{ limit, signal: controller.signal },
	);
	controller.abort();
	await assert.rejects(call, CancelledError);
	releaseOther();
	await other;
	assert.equal(ran, false);
});

test("every network error code after which a new connection may work is retried, whatever its message", () => {
	for (const code of [
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
	]) {
		const fault = classifyFault(withCode("the connection went away", code));
		assert.deepEqual(
			fault,
			{ retryable: true, reason: "network error (the connection went away)" },
			code,
		);
	}
	// Other Node error codes are bugs or bad input: not retried.
	assert.equal(classifyFault(withCode("Invalid URL", "ERR_INVALID_URL")).retryable, false);
});

test("only undici's bare 'terminated' is a dropped connection, not any message mentioning it", () => {
	assert.equal(classifyFault(new TypeError("terminated")).retryable, true);
	assert.equal(classifyFault(new Error("the worker was terminated")).retryable, false);
	assert.equal(classifyFault(new Error("terminated: invalid tool arguments")).retryable, false);
});

test("cancellation in any of its forms is classified as cancelled, never as a retryable fault", () => {
	const cancelled = { retryable: false, reason: "cancelled" };
	assert.deepEqual(classifyFault(new CancelledError("The run was cancelled.")), cancelled);
	assert.deepEqual(
		classifyFault(new DOMException("This operation was aborted", "AbortError")),
		cancelled,
	);
	const responseAborted = Object.assign(new Error("fetch failed"), { name: "ResponseAborted" });
	assert.deepEqual(classifyFault(responseAborted), cancelled);
	const abortedSocket = Object.assign(new Error("socket hang up"), { name: "AbortError" });
	assert.deepEqual(classifyFault(abortedSocket), cancelled);
});

test("an API error without a status or with a 2xx status says whether the connection failed or the body broke off", () => {
	const refused = new APICallError({
		message: "Cannot connect to API",
		url: "u",
		requestBodyValues: {},
		cause: withCode("connect ECONNREFUSED 127.0.0.1:1", "ECONNREFUSED"),
		isRetryable: false,
	});
	assert.deepEqual(classifyFault(refused), {
		retryable: true,
		reason: "connection failed (connect ECONNREFUSED 127.0.0.1:1)",
	});
	const brokeOff = new APICallError({
		message: "body broke off",
		url: "u",
		requestBodyValues: {},
		statusCode: 200,
		cause: withCode("read ECONNRESET", "ECONNRESET"),
		isRetryable: false,
		responseHeaders: { "retry-after": "3" },
	});
	assert.deepEqual(classifyFault(brokeOff), {
		retryable: true,
		reason: "response broke off (read ECONNRESET)",
		retryAfterMs: 3000,
	});
	const unreadable = new APICallError({
		message: "Invalid JSON response",
		url: "u",
		requestBodyValues: {},
		statusCode: 299,
		isRetryable: false,
	});
	assert.deepEqual(classifyFault(unreadable), {
		retryable: false,
		reason: "response broke off (Invalid JSON response)",
	});
	const noAnswer = new APICallError({
		message: "Invalid JSON response",
		url: "u",
		requestBodyValues: {},
		isRetryable: false,
	});
	assert.deepEqual(classifyFault(noAnswer), {
		retryable: false,
		reason: "connection failed (Invalid JSON response)",
	});
});

test("a status outside 2xx is classified by the status, with a reason naming it", () => {
	assert.deepEqual(classifyFault(apiError(300)), {
		retryable: false,
		status: 300,
		reason: "HTTP 300",
	});
	assert.deepEqual(classifyFault(apiError(101)), {
		retryable: false,
		status: 101,
		reason: "HTTP 101",
	});
	assert.deepEqual(classifyFault(apiError(404)), {
		retryable: false,
		status: 404,
		reason: "HTTP 404",
	});
	assert.deepEqual(classifyFault(apiError(425)), {
		retryable: true,
		status: 425,
		reason: "HTTP 425",
	});
	assert.deepEqual(classifyFault(apiError(503)), {
		retryable: true,
		status: 503,
		reason: "HTTP 503 (server error)",
	});
});

test("a crewkit ProviderError is classified by its status and Retry-After, else by its cause", () => {
	assert.deepEqual(classifyFault(new ProviderError("busy", { status: 429, retryAfterMs: 5000 })), {
		retryable: true,
		status: 429,
		reason: "HTTP 429 (rate limited)",
		retryAfterMs: 5000,
	});
	assert.deepEqual(classifyFault(new ProviderError("down", { status: 502 })), {
		retryable: true,
		status: 502,
		reason: "HTTP 502 (server error)",
	});
	assert.deepEqual(
		classifyFault(new ProviderError("The stream failed.", {}, { cause: apiError(503) })),
		{ retryable: true, status: 503, reason: "HTTP 503 (server error)" },
	);
	assert.deepEqual(
		classifyFault(
			new ProviderError("The stream dropped.", {}, { cause: withCode("read", "EPIPE") }),
		),
		{ retryable: true, reason: "network error (The stream dropped.)" },
	);
	assert.deepEqual(classifyFault(new ProviderError("The provider refused.")), {
		retryable: false,
		reason: "The provider refused.",
	});
	// Another kind of error is not retried because of what caused it: bugs stay final.
	assert.equal(classifyFault(new TypeError("bug", { cause: apiError(503) })).retryable, false);
});

test("an unknown Error is final even when it carries status-like fields", () => {
	const odd = Object.assign(new Error("bad"), { statusCode: 503, isRetryable: true });
	assert.deepEqual(classifyFault(odd), { retryable: false, reason: "bad" });
});

test("a stream error part with nothing to go on is final, with its message as the reason", () => {
	assert.deepEqual(classifyFault({ message: "bad", code: "invalid" }), {
		retryable: false,
		reason: "bad",
	});
	assert.deepEqual(classifyFault({ message: "overloaded", isRetryable: true }), {
		retryable: true,
		reason: "stream error (overloaded)",
	});
});

test("a rejection that is not an error at all (undefined, null, a string) is final", () => {
	assert.deepEqual(classifyFault(undefined), { retryable: false, reason: "undefined" });
	assert.deepEqual(classifyFault(null), { retryable: false, reason: "null" });
	assert.deepEqual(classifyFault("boom"), { retryable: false, reason: "boom" });
});

test("an error whose cause chain loops back is classified, not followed forever", () => {
	const looped = new Error("looped");
	(looped as { cause?: unknown }).cause = looped;
	assert.deepEqual(classifyFault(looped), { retryable: false, reason: "looped" });
});

test("Retry-After: retry-after-ms wins only when it is a usable number; seconds may be long, fractional or padded", () => {
	const now = Date.parse("2025-01-01T00:00:00Z");
	assert.equal(parseRetryAfter({ "retry-after-ms": "0", "retry-after": "3" }, now), 0);
	assert.equal(parseRetryAfter({ "retry-after-ms": "-5", "retry-after": "3" }, now), 3000);
	assert.equal(parseRetryAfter({ "retry-after-ms": "Infinity", "retry-after": "3" }, now), 3000);
	assert.equal(parseRetryAfter({ "retry-after": "120" }, now), 120_000);
	assert.equal(parseRetryAfter({ "retry-after": "1.25" }, now), 1250);
	assert.equal(parseRetryAfter({ "retry-after": " 2 " }, now), 2000);
	assert.equal(parseRetryAfter({ "retry-after": "01 Jan 2025 00:00:30 GMT" }, now), 30_000);
	// A date that ends in digits is still a date, not a number of seconds.
	assert.equal(parseRetryAfter({ "retry-after": "2025-01-01T00:00:30.000+00:00" }, now), 30_000);
});

test("a provider asking to wait longer than maxRetryAfterMs surfaces at once, naming both waits and resume", async () => {
	const { attempts, operation } = failing(apiError(429, { "retry-after-ms": "90500" }));
	await assert.rejects(withRetries(operation, { sleep: noSleep }), (error: unknown) => {
		assert.ok(error instanceof RetriesExhaustedError);
		assert.equal(
			error.message,
			"The model call failed: HTTP 429 (rate limited); the provider asks to wait 91 s, longer than the 60 s crewkit waits. " +
				"The run's finished steps are kept: resume it with `crewkit resume <run>` when the provider is back.",
		);
		assert.equal(error.attempts, 1);
		assert.equal(error.status, 429);
		assert.equal(error.retryAfterMs, 90_500);
		return true;
	});
	assert.deepEqual(attempts, [1]);
});

test("a Retry-After of exactly maxRetryAfterMs is waited for, then retried", async () => {
	const { attempts, operation } = failing(apiError(429, { "retry-after": "5" }));
	const waits: number[] = [];
	const result = await withRetries(operation, {
		policy: { maxRetryAfterMs: 5000 },
		random: () => 0,
		sleep: async (milliseconds) => {
			waits.push(milliseconds);
		},
	});
	assert.equal(result, "done");
	assert.deepEqual(attempts, [1, 2]);
	assert.deepEqual(waits, [5000]);
});

test("with no retries allowed, one failed attempt gives up saying '1 attempt'", async () => {
	const { operation } = failing(new StreamCutError("cut"));
	await assert.rejects(
		withRetries(operation, { sleep: noSleep, policy: { maxRetries: 0 } }),
		(error: unknown) => {
			assert.ok(error instanceof RetriesExhaustedError);
			assert.match(error.message, /^The model call failed: stream cut; gave up after 1 attempt\. /);
			assert.equal(error.status, undefined);
			assert.equal(error.retryAfterMs, undefined);
			return true;
		},
	);
});

test("an attempt timeout is retried even when the operation reports it as an AbortError", async () => {
	const reasons: string[] = [];
	const signals: AbortSignal[] = [];
	const result = await withRetries(
		(attempt, signal) => {
			signals.push(signal);
			if (attempt > 1) return Promise.resolve("done");
			return new Promise((_resolve, reject) =>
				signal.addEventListener("abort", () =>
					reject(new DOMException("This operation was aborted", "AbortError")),
				),
			);
		},
		{ attemptTimeoutMs: 20, sleep: noSleep, onRetry: ({ fault }) => reasons.push(fault.reason) },
	);
	assert.equal(result, "done");
	assert.deepEqual(reasons, ["no answer within 20 ms"]);
	const reason = signals[0]?.reason;
	assert.ok(reason instanceof DOMException);
	assert.equal(reason.name, "TimeoutError");
	assert.equal(reason.message, "No answer within 20 ms.");
});

test("without attemptTimeoutMs an attempt may take as long as it needs: its signal never aborts", async () => {
	let attemptSignal: AbortSignal | undefined;
	const result = await withRetries(async (_attempt, signal) => {
		attemptSignal = signal;
		await new Promise((resolve) => setTimeout(resolve, 20));
		return signal.aborted ? "aborted" : "done";
	});
	assert.equal(result, "done");
	assert.equal(attemptSignal?.aborted, false);
});

test("a cancellation during an attempt keeps the attempt's error as its cause; one before any attempt has none", async () => {
	const controller = new AbortController();
	const attemptError = new DOMException("aborted", "AbortError");
	await assert.rejects(
		withRetries(
			(_attempt, signal) =>
				new Promise((_resolve, reject) => {
					signal.addEventListener("abort", () => reject(attemptError));
					controller.abort();
				}),
			{ signal: controller.signal, sleep: noSleep },
		),
		(error: unknown) => {
			assert.ok(error instanceof CancelledError);
			assert.equal(error.message, "The run was cancelled.");
			assert.equal(error.cause, attemptError);
			return true;
		},
	);
	await assert.rejects(
		withRetries(async () => "never", { signal: AbortSignal.abort() }),
		(error: unknown) => {
			assert.ok(error instanceof CancelledError);
			assert.equal(error.message, "The run was cancelled.");
			assert.equal("cause" in error, false);
			return true;
		},
	);
});

test("the default wait rejects with CancelledError as soon as the run is cancelled", async () => {
	await sleepUnlessAborted(1, undefined);
	const controller = new AbortController();
	const waiting = sleepUnlessAborted(600_000, controller.signal);
	controller.abort();
	await assert.rejects(waiting, (error: unknown) => {
		assert.ok(error instanceof CancelledError);
		assert.ok(error.cause instanceof Error);
		assert.equal(error.cause.name, "AbortError");
		return true;
	});
});

test("finished calls leave no listener on the run's signal", async () => {
	const controller = new AbortController();
	for (let call = 0; call < 3; call++) {
		const { operation } = failing(apiError(503));
		await withRetries(operation, {
			signal: controller.signal,
			sleep: noSleep,
			attemptTimeoutMs: 1000,
		});
	}
	assert.equal(getEventListeners(controller.signal, "abort").length, 0);
});

test("the empty answer a call ended with is found directly and behind a spent budget", async () => {
	const answered = {
		usage: { inputTokens: 12, outputTokens: 0, totalTokens: 12 },
		finishReason: "stop",
		durationMs: 40,
	};
	const empty = new EmptyResponseError("The model answered nothing.", answered);
	assert.equal(emptyAnswerOf(empty), answered);
	const { operation } = failing(new EmptyResponseError("empty"), empty);
	const exhausted = await withRetries(operation, {
		sleep: noSleep,
		policy: { maxRetries: 1 },
	}).then(
		() => assert.fail("should give up"),
		(error: unknown) => error,
	);
	assert.ok(exhausted instanceof RetriesExhaustedError);
	assert.equal(emptyAnswerOf(exhausted), answered);
	assert.equal(emptyAnswerOf(apiError(503)), undefined);
	assert.equal(emptyAnswerOf(new EmptyResponseError("no usage known")), undefined);
});

test("an attempt that gets its slot just as the run is cancelled starts with an aborted signal and ends cancelled", async () => {
	const controller = new AbortController();
	const shared = createConcurrencyLimit(1);
	// The cancellation lands between the slot being granted and the attempt starting.
	const limit = {
		size: shared.size,
		run: <T>(task: () => Promise<T>, signal?: AbortSignal) =>
			shared.run(() => {
				controller.abort();
				return task();
			}, signal),
	};
	const seen: boolean[] = [];
	await assert.rejects(
		withRetries(
			async (_attempt, signal) => {
				seen.push(signal.aborted);
				signal.throwIfAborted();
				return "done";
			},
			{ limit, signal: controller.signal, sleep: noSleep },
		),
		CancelledError,
	);
	assert.deepEqual(seen, [true]);
});
