/**
 * A loopback OpenAI-compatible chat-completions server that answers every request after a
 * fixed delay, streaming (SSE) or not, with usage. It counts requests and the most it
 * had in flight at once. The answer is a short JSON text (`{"finalAnswer": …}`), which
 * every framework accepts as text and KaibanJS's ReAct parser needs.
 */
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

export interface LatencyServer {
	/** Base URL ending in `/v1`. */
	url: string;
	/** Requests answered or in progress since the last `reset`. */
	requests(): number;
	/** The most requests in flight at once since the last `reset`. */
	peakInFlight(): number;
	reset(): void;
	close(): Promise<void>;
}

export const serverAnswer = JSON.stringify({
	finalAnswer: "A short answer from the latency server.",
});

export async function startLatencyServer(options: { latencyMs: number }): Promise<LatencyServer> {
	let requests = 0;
	let inFlight = 0;
	let peak = 0;
	const timers = new Set<NodeJS.Timeout>();

	const answer = (body: Record<string, unknown>, response: ServerResponse) => {
		const base = {
			id: "chatcmpl-bench",
			created: Math.floor(Date.now() / 1000),
			model: String(body.model ?? "bench"),
		};
		const usage = { prompt_tokens: 100, completion_tokens: 12, total_tokens: 112 };
		if (body.stream === true) {
			response.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-cache" });
			const chunk = (delta: object, finish: string | null) =>
				`data: ${JSON.stringify({ ...base, object: "chat.completion.chunk", choices: [{ index: 0, delta, finish_reason: finish }] })}\n\n`;
			let text = chunk({ role: "assistant", content: serverAnswer }, null) + chunk({}, "stop");
			const streamOptions = body.stream_options as { include_usage?: boolean } | undefined;
			if (streamOptions?.include_usage) {
				text += `data: ${JSON.stringify({ ...base, object: "chat.completion.chunk", choices: [], usage })}\n\n`;
			}
			response.end(`${text}data: [DONE]\n\n`);
			return;
		}
		const json = JSON.stringify({
			...base,
			object: "chat.completion",
			choices: [
				{ index: 0, message: { role: "assistant", content: serverAnswer }, finish_reason: "stop" },
			],
			usage,
		});
		response.writeHead(200, {
			"content-type": "application/json",
			"content-length": Buffer.byteLength(json),
		});
		response.end(json);
	};

	const handle = (incoming: IncomingMessage, response: ServerResponse) => {
		if (incoming.method !== "POST" || !incoming.url?.endsWith("/chat/completions")) {
			response.writeHead(404, { "content-type": "application/json" });
			response.end(
				JSON.stringify({ error: { message: `No route ${incoming.method} ${incoming.url}` } }),
			);
			return;
		}
		requests++;
		inFlight++;
		peak = Math.max(peak, inFlight);
		const chunks: Buffer[] = [];
		incoming.on("data", (chunk: Buffer) => chunks.push(chunk));
		incoming.on("end", () => {
			let body: Record<string, unknown> = {};
			try {
				body = JSON.parse(Buffer.concat(chunks).toString("utf8")) as Record<string, unknown>;
			} catch {}
			const timer = setTimeout(() => {
				timers.delete(timer);
				inFlight--;
				if (!response.destroyed) answer(body, response);
			}, options.latencyMs);
			timers.add(timer);
		});
	};

	const server = createServer(handle);
	server.keepAliveTimeout = 30_000;
	await new Promise<void>((resolve, reject) => {
		server.once("error", reject);
		server.listen(0, "127.0.0.1", resolve);
	});
	const { port } = server.address() as AddressInfo;
	return {
		url: `http://127.0.0.1:${port}/v1`,
		requests: () => requests,
		peakInFlight: () => peak,
		reset() {
			requests = 0;
			peak = inFlight;
		},
		close: () =>
			new Promise<void>((resolve) => {
				for (const timer of timers) clearTimeout(timer);
				server.close(() => resolve());
				server.closeAllConnections();
			}),
	};
}
