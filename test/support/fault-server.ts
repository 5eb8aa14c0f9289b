import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

/** Token counts a scripted answer reports. */
export interface ScriptedUsage {
	prompt: number;
	completion: number;
}

/**
 * What the server does with one request. `delayMs` waits before acting; alone, it answers
 * "ok" after the wait.
 */
export type FaultBehaviour = (
	| { reply: string; usage?: ScriptedUsage }
	| {
			toolCall: { name: string /** Sent as is: may be malformed. */; arguments: string };
			usage?: ScriptedUsage;
	  }
	| {
			status: number /** Seconds, or an HTTP date. */;
			retryAfter?: number | string;
			retryAfterMs?: number;
			message?: string;
	  }
	/** Never answers; the request stays open until the client gives up or the server closes. */
	| { hang: true }
	/**
	 * Streams the first `cutStreamAfter` chunks of `reply` (or half the JSON body), then drops
	 * the connection, or with `endCleanly` ends the response as if it were complete.
	 */
	| { cutStreamAfter: number; reply?: string; endCleanly?: boolean }
	/** A finished completion with no content and no tool call. */
	| { empty: true; usage?: ScriptedUsage }
	| { delayMs: number }
) & { delayMs?: number };

/** One request the server received. */
export interface RecordedRequest {
	index: number;
	method: string;
	path: string;
	/** The parsed JSON body (undefined if it was not JSON). */
	body: unknown;
	stream: boolean;
	/** The Authorization header, if the client sent one (to check which key went out). */
	authorization: string | undefined;
	/** `performance.now()` when the request arrived. */
	receivedAt: number;
	/** True when the client closed the connection before the answer was complete. */
	abandoned: boolean;
	/** Settles when the server has seen the exchange end (answered, or the client gone). */
	closed: Promise<void>;
}

export interface FaultServer {
	/** The base URL to give the provider, ending in `/v1`. */
	url: string;
	requests: RecordedRequest[];
	close(): Promise<void>;
}

const maxBodyBytes = 1 << 20;
const maxRequests = 1000;

/**
 * Starts a local OpenAI chat-completions server (`POST /v1/chat/completions`, streaming
 * SSE or not) that answers from a script of behaviours, used once each in order, or from a
 * function of the request. A request past the script gets a 400 that says so. Listens on
 * 127.0.0.1 only, on a free port.
 */
export async function startFaultServer(
	script: FaultBehaviour[] | ((request: RecordedRequest, index: number) => FaultBehaviour),
): Promise<FaultServer> {
	const requests: RecordedRequest[] = [];
	const timers = new Set<NodeJS.Timeout>();
	const next = (request: RecordedRequest): FaultBehaviour | undefined =>
		typeof script === "function" ? script(request, request.index) : script[request.index];

	const handle = async (incoming: IncomingMessage, response: ServerResponse) => {
		if (incoming.method !== "POST" || incoming.url !== "/v1/chat/completions") {
			return sendJson(response, 404, {
				error: { message: `No route ${incoming.method} ${incoming.url}` },
			});
		}
		const text = await readBody(incoming);
		if (text === undefined)
			return sendJson(response, 413, { error: { message: "Body too large" } });
		const body = parseJson(text);
		let markClosed = () => {};
		const request: RecordedRequest = {
			closed: new Promise<void>((resolve) => {
				markClosed = resolve;
			}),
			index: requests.length,
			method: incoming.method,
			path: incoming.url,
			body,
			stream: isRecord(body) && body.stream === true,
			authorization: incoming.headers.authorization,
			receivedAt: performance.now(),
			abandoned: false,
		};
		requests.push(request);
		response.on("close", () => {
			if (!response.writableFinished) request.abandoned = true;
			markClosed();
		});
		const behaviour = request.index < maxRequests ? next(request) : undefined;
		if (!behaviour) {
			return sendJson(response, 400, {
				error: { message: `fault server: no behaviour scripted for request ${request.index + 1}` },
			});
		}
		if (behaviour.delayMs) {
			await new Promise<void>((resolve) => {
				const timer = setTimeout(() => {
					timers.delete(timer);
					resolve();
				}, behaviour.delayMs);
				timers.add(timer);
			});
			if (response.destroyed) return;
		}
		await act(behaviour, request, response);
	};
	const server = createServer((incoming, response) => {
		handle(incoming, response).catch(() => response.destroy());
	});
	server.maxConnections = 64;
	server.headersTimeout = 10_000;

	await new Promise<void>((resolve, reject) => {
		server.once("error", reject);
		server.listen(0, "127.0.0.1", resolve);
	});
	const { port } = server.address() as AddressInfo;
	return {
		url: `http://127.0.0.1:${port}/v1`,
		requests,
		close: () =>
			new Promise<void>((resolve) => {
				for (const timer of timers) clearTimeout(timer);
				server.close(() => resolve());
				server.closeAllConnections();
			}),
	};
}

async function act(
	behaviour: FaultBehaviour,
	request: RecordedRequest,
	response: ServerResponse,
): Promise<void> {
	if ("hang" in behaviour) return;
	if ("status" in behaviour) {
		const headers: Record<string, string> = {};
		if (behaviour.retryAfter !== undefined) headers["retry-after"] = String(behaviour.retryAfter);
		if (behaviour.retryAfterMs !== undefined)
			headers["retry-after-ms"] = String(behaviour.retryAfterMs);
		const message = behaviour.message ?? `Scripted fault ${behaviour.status}`;
		return sendJson(
			response,
			behaviour.status,
			{ error: { message, type: "scripted_fault", code: behaviour.status } },
			headers,
		);
	}
	const answer = answerOf(behaviour);
	if ("cutStreamAfter" in behaviour) {
		if (request.stream) {
			await startStream(response);
			for (const chunk of streamChunks(answer, request).slice(0, behaviour.cutStreamAfter)) {
				await write(response, `data: ${JSON.stringify(chunk)}\n\n`);
			}
			if (behaviour.endCleanly) return void response.end();
		} else {
			const body = JSON.stringify(completion(answer));
			response.writeHead(200, {
				"content-type": "application/json",
				"content-length": Buffer.byteLength(body),
			});
			await write(response, body.slice(0, body.length / 2));
		}
		response.socket?.destroy();
		return;
	}
	if (!request.stream) return sendJson(response, 200, completion(answer));
	await startStream(response);
	for (const chunk of streamChunks(answer, request)) {
		await write(response, `data: ${JSON.stringify(chunk)}\n\n`);
	}
	response.end("data: [DONE]\n\n");
}

/** The content of an answer, whatever the behaviour. */
interface Answer {
	pieces: string[];
	toolCall?: { name: string; arguments: string };
	usage: ScriptedUsage;
}

function answerOf(behaviour: FaultBehaviour): Answer {
	const reply =
		"reply" in behaviour
			? (behaviour.reply ?? "")
			: "empty" in behaviour || "toolCall" in behaviour
				? ""
				: "ok";
	const pieces = reply.match(/\S+\s*|\s+/g) ?? [];
	const usage =
		"usage" in behaviour && behaviour.usage
			? behaviour.usage
			: { prompt: 10, completion: pieces.length };
	return "toolCall" in behaviour
		? { pieces, toolCall: behaviour.toolCall, usage }
		: { pieces, usage };
}

const base = () => ({
	id: "chatcmpl-fault",
	created: Math.floor(Date.now() / 1000),
	model: "fault-model",
});

function usageOf(usage: ScriptedUsage) {
	return {
		prompt_tokens: usage.prompt,
		completion_tokens: usage.completion,
		total_tokens: usage.prompt + usage.completion,
	};
}

function streamChunks(answer: Answer, request: RecordedRequest): object[] {
	const chunk = (delta: object, finishReason: string | null = null) => ({
		...base(),
		object: "chat.completion.chunk",
		choices: [{ index: 0, delta, finish_reason: finishReason }],
	});
	const chunks: object[] = [chunk({ role: "assistant", content: "" })];
	for (const piece of answer.pieces) chunks.push(chunk({ content: piece }));
	if (answer.toolCall) {
		const { name, arguments: input } = answer.toolCall;
		const call = (fields: object) => ({ tool_calls: [{ index: 0, ...fields }] });
		chunks.push(
			chunk(call({ id: "call_fault_0", type: "function", function: { name, arguments: "" } })),
		);
		const half = Math.ceil(input.length / 2);
		for (const part of [input.slice(0, half), input.slice(half)]) {
			if (part) chunks.push(chunk(call({ function: { arguments: part } })));
		}
	}
	chunks.push(chunk({}, answer.toolCall ? "tool_calls" : "stop"));
	const body = request.body;
	const options = isRecord(body) && isRecord(body.stream_options) ? body.stream_options : {};
	if (options.include_usage === true) {
		chunks.push({
			...base(),
			object: "chat.completion.chunk",
			choices: [],
			usage: usageOf(answer.usage),
		});
	}
	return chunks;
}

function completion(answer: Answer): object {
	const content = answer.pieces.join("");
	const toolCalls = answer.toolCall
		? [{ id: "call_fault_0", type: "function", function: answer.toolCall }]
		: undefined;
	return {
		...base(),
		object: "chat.completion",
		choices: [
			{
				index: 0,
				message: {
					role: "assistant",
					content: content || null,
					...(toolCalls ? { tool_calls: toolCalls } : {}),
				},
				finish_reason: toolCalls ? "tool_calls" : "stop",
			},
		],
		usage: usageOf(answer.usage),
	};
}

/** Sends the headers and an SSE comment, so the client has a response before any chunk. */
function startStream(response: ServerResponse): Promise<void> {
	response.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-cache" });
	return write(response, ": fault server\n\n");
}

function write(response: ServerResponse, text: string): Promise<void> {
	return new Promise((resolve) => {
		if (response.destroyed) return resolve();
		response.write(text, () => resolve());
	});
}

function sendJson(
	response: ServerResponse,
	status: number,
	body: unknown,
	headers: Record<string, string> = {},
): void {
	const text = JSON.stringify(body);
	response.writeHead(status, { "content-type": "application/json", ...headers });
	response.end(text);
}

function readBody(incoming: IncomingMessage): Promise<string | undefined> {
	return new Promise((resolve, reject) => {
		const chunks: Buffer[] = [];
		let size = 0;
		incoming.on("data", (chunk: Buffer) => {
			size += chunk.length;
			if (size <= maxBodyBytes) chunks.push(chunk);
		});
		incoming.on("end", () =>
			resolve(size > maxBodyBytes ? undefined : Buffer.concat(chunks).toString("utf8")),
		);
		incoming.on("error", reject);
	});
}

function parseJson(text: string): unknown {
	try {
		return JSON.parse(text);
	} catch {
		return undefined;
	}
}

function isRecord(value: unknown): value is Record<string, unknown> {
	return typeof value === "object" && value !== null && !Array.isArray(value);
}
