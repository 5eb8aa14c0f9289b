import assert from "node:assert/strict";
import { after, test } from "node:test";
import { createOpenAICompatible } from "@ai-sdk/openai-compatible";
import { APICallError, type LanguageModelV4, type LanguageModelV4Prompt } from "@ai-sdk/provider";
import { callModel, type ReliabilityOptions } from "../src/agent/call-model.ts";
import { CancelledError } from "../src/errors.ts";
import { repairJson } from "../src/models/repair-json.ts";
import { RetriesExhaustedError, type RetryInfo, withRetries } from "../src/models/retry-policy.ts";
import { fromModelUsage, type Usage } from "../src/usage.ts";
import { type FaultBehaviour, type FaultServer, startFaultServer } from "./support/fault-server.ts";

const prompt: LanguageModelV4Prompt = [{ role: "user", content: [{ type: "text", text: "Hi" }] }];

/** Asks for an answer the way every agent does: through crewkit's own `callModel`. */
function ask(
	model: LanguageModelV4,
	reliability: ReliabilityOptions,
	signal?: AbortSignal,
	onDelta: (delta: string) => void = () => {},
) {
	return callModel(
		model,
		{ prompt, ...(signal ? { abortSignal: signal } : {}) },
		onDelta,
		reliability,
	);
}

const servers: FaultServer[] = [];
after(() => Promise.all(servers.map((server) => server.close())));

async function serve(script: Parameters<typeof startFaultServer>[0]) {
	const server = await startFaultServer(script);
	servers.push(server);
	const model = createOpenAICompatible({
		name: "fault",
		baseURL: server.url,
		includeUsage: true,
	}).chatModel("m");
	return { server, model };
}

/** Retry options that record waits and retries instead of sleeping. */
function recorded(extra: ReliabilityOptions = {}) {
	const delays: number[] = [];
	const retries: RetryInfo[] = [];
	const options: ReliabilityOptions = {
		random: () => 0.5,
		sleep: async (milliseconds) => {
			delays.push(milliseconds);
		},
		onRetry: (info) => retries.push(info),
		...extra,
	};
	return { delays, retries, options };
}

const success = { reply: "The tide turns twice a day.", usage: { prompt: 12, completion: 7 } };
const successUsage: Usage = { inputTokens: 12, outputTokens: 7, totalTokens: 19 };

const recoveries: Array<{
	label: string;
	fault: FaultBehaviour;
	reason: RegExp;
	/** Expected wait before the retry, with jitter fixed at 0.5 of 500 ms. */
	delayMs: number;
	attemptTimeoutMs?: number;
}> = [
	{
		label: "429 with Retry-After (seconds)",
		fault: { status: 429, retryAfter: 2 },
		reason: /HTTP 429/,
		delayMs: 2000,
	},
	{
		label: "429 with retry-after-ms",
		fault: { status: 429, retryAfterMs: 1500 },
		reason: /HTTP 429/,
		delayMs: 1500,
	},
	{
		label: "429 without Retry-After",
		fault: { status: 429 },
		reason: /HTTP 429 \(rate limited\)/,
		delayMs: 250,
	},
	{ label: "500", fault: { status: 500 }, reason: /HTTP 500 \(server error\)/, delayMs: 250 },
	{ label: "503", fault: { status: 503, retryAfter: 1 }, reason: /HTTP 503/, delayMs: 1000 },
	{
		label: "a hang, given up by the attempt timeout",
		fault: { hang: true },
		reason: /no answer within 150 ms/,
		delayMs: 250,
		attemptTimeoutMs: 150,
	},
	{
		label: "a stream cut mid-answer",
		fault: { cutStreamAfter: 3, reply: "Half an answer that never ends" },
		reason: /stream cut/,
		delayMs: 250,
	},
	{
		label: "a stream that ends without a finish part",
		fault: { cutStreamAfter: 3, reply: "Half an answer that never ends", endCleanly: true },
		reason: /stream cut/,
		delayMs: 250,
	},
	{
		label: "a stream cut before any chunk",
		fault: { cutStreamAfter: 0 },
		reason: /stream cut/,
		delayMs: 250,
	},
	{
		label: "an empty completion",
		fault: { empty: true, usage: { prompt: 12, completion: 0 } },
		reason: /empty response/,
		delayMs: 250,
	},
];

for (const { label, fault, reason, delayMs, attemptTimeoutMs } of recoveries) {
	test(`recovers from ${label}`, async () => {
		const { server, model } = await serve([fault, success]);
		const { delays, retries, options } = recorded(attemptTimeoutMs ? { attemptTimeoutMs } : {});
		const answer = await ask(model, options);
		assert.equal(answer.text, success.reply);
		assert.deepEqual(answer.usage, successUsage, "usage is the successful attempt's only");
		assert.equal(server.requests.length, 2);
		assert.deepEqual(delays, [delayMs]);
		assert.equal(retries.length, 1);
		assert.match(retries[0]?.fault.reason ?? "", reason);
		assert.equal(retries[0]?.attempt, 1);
	});
}

test("a client timeout abandons the hanging request on the server", async () => {
	const { server, model } = await serve([{ hang: true }, success]);
	const { options } = recorded({ attemptTimeoutMs: 100 });
	await ask(model, options);
	// The client's abort reaches the server when its socket closes, which under load can
	// come after the retry has been answered: wait for the server to see it.
	await server.requests[0]?.closed;
	assert.equal(server.requests[0]?.abandoned, true);
	assert.equal(server.requests[1]?.abandoned, false);
});

test("text streamed before a cut is announced as retried, so listeners can discard it", async () => {
	const { model } = await serve([
		{ cutStreamAfter: 3, reply: "Half an answer that never ends" },
		success,
	]);
	const events: string[] = [];
	const { options } = recorded({ onRetry: () => events.push("model-retry") });
	const answer = await ask(model, options, undefined, (delta) => events.push(delta));
	const retryAt = events.indexOf("model-retry");
	assert.deepEqual(events.slice(0, retryAt), ["Half ", "an "]);
	assert.equal(events.slice(retryAt + 1).join(""), answer.text);
});

test("a spent budget fails with what failed, how many attempts, and how to resume", async () => {
	const { server, model } = await serve(() => ({ status: 503 }));
	const { delays, options } = recorded({ retry: { maxRetries: 2 } });
	await assert.rejects(ask(model, options), (error: unknown) => {
		assert.ok(error instanceof RetriesExhaustedError);
		assert.match(
			error.message,
			/^The call to fault\.chat:m failed: HTTP 503 \(server error\); gave up after 3 attempts\./,
		);
		assert.match(error.message, /crewkit resume <run>/);
		assert.equal(error.attempts, 3);
		assert.equal(error.status, 503);
		assert.ok(APICallError.isInstance(error.cause));
		return true;
	});
	assert.equal(server.requests.length, 3);
	assert.deepEqual(delays, [250, 500]);
});

test("a Retry-After past the longest wait surfaces at once", async () => {
	const { server, model } = await serve([{ status: 429, retryAfter: 3600 }, success]);
	const { delays, options } = recorded();
	await assert.rejects(
		ask(model, options),
		/HTTP 429 \(rate limited\); the provider asks to wait 3600 s, longer than the 60 s crewkit waits.*crewkit resume/,
	);
	assert.equal(server.requests.length, 1);
	assert.deepEqual(delays, []);
});

test("faults the caller must fix are not retried", async () => {
	for (const status of [400, 401, 403, 404, 422]) {
		const { server, model } = await serve([{ status }, success]);
		const { delays, options } = recorded();
		await assert.rejects(
			ask(model, options),
			(error: unknown) => APICallError.isInstance(error) && error.statusCode === status,
		);
		assert.equal(server.requests.length, 1, `HTTP ${status} is not retried`);
		assert.deepEqual(delays, []);
	}
});

test("a server that is not there is retried as a network fault, then reported", async () => {
	const { server, model } = await serve([]);
	await server.close();
	const { delays, retries, options } = recorded({ retry: { maxRetries: 1 } });
	await assert.rejects(
		ask(model, options),
		/failed: connection failed \(.*ECONNREFUSED.*\); gave up after 2 attempts/,
	);
	assert.equal(retries.length, 1);
	assert.deepEqual(delays, [250]);
});

test("cancelling during a wait stops at once with CancelledError", async () => {
	const { server, model } = await serve([{ status: 429, retryAfter: 30 }, success]);
	const controller = new AbortController();
	const started = performance.now();
	await assert.rejects(
		ask(model, { onRetry: () => setTimeout(() => controller.abort(), 20) }, controller.signal),
		CancelledError,
	);
	assert.ok(performance.now() - started < 5000, "did not wait out the 30 s Retry-After");
	assert.equal(server.requests.length, 1);
});

test("cancelling during an attempt stops with CancelledError, without retrying", async () => {
	const { server, model } = await serve([{ hang: true }, success]);
	const controller = new AbortController();
	// Cancelled once the attempt is under way (the server has the request), however slow
	// the machine is.
	const underWay = setInterval(() => {
		if (server.requests.length > 0) controller.abort();
	}, 10);
	try {
		await assert.rejects(ask(model, {}, controller.signal), CancelledError);
	} finally {
		clearInterval(underWay);
	}
	assert.equal(server.requests.length, 1);
});

test("malformed tool-call arguments arrive as sent and repairJson recovers them", async () => {
	const { model } = await serve([
		{ toolCall: { name: "search", arguments: "{'query': 'tides', limit: 3," } },
	]);
	const answer = await ask(model, recorded().options);
	const call = answer.toolCalls[0];
	assert.equal(call?.toolName, "search");
	assert.deepEqual(JSON.parse(repairJson(call?.input ?? "") ?? "null"), {
		query: "tides",
		limit: 3,
	});
});

test("non-streaming calls retry the same way", async () => {
	const { server, model } = await serve([
		{ status: 500 },
		{ delayMs: 5, reply: "Fine now.", usage: { prompt: 3, completion: 2 } },
	]);
	const result = await withRetries(
		(_attempt, signal) => model.doGenerate({ prompt, abortSignal: signal }),
		recorded().options,
	);
	assert.deepEqual(result.content, [{ type: "text", text: "Fine now." }]);
	assert.deepEqual(fromModelUsage(result.usage), {
		inputTokens: 3,
		outputTokens: 2,
		totalTokens: 5,
	});
	assert.equal(server.requests.length, 2);
	assert.equal(server.requests[1]?.stream, false);
});
