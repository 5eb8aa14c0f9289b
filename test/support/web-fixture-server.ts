import { readFileSync } from "node:fs";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";
import { pdfDocument } from "./pdf-document.ts";

/**
 * A web server on 127.0.0.1 (a free port) serving the pages and search-API answers the web
 * tools are tested against: no test talks to the internet. Pages live in
 * `test/fixtures/web/`; redirects, the huge page, the slow pages and the PDF are made here.
 *
 * | path | what |
 * |---|---|
 * | `/article.html` | article with navigation, cookie banner, sidebar, footer |
 * | `/injection.html` | page whose text gives the model orders and tries `</source>` |
 * | `/gzip.html` | the article, gzip-compressed |
 * | `/untyped` | the PDF without a Content-Type header |
 * | `/notes.md`, `/plain.txt` | markdown and plain text |
 * | `/report.pdf` | a one-page PDF with text and metadata, built at start |
 * | `/pixel.png` | an image (to be refused) |
 * | `/redirect/start` | 301 → `/redirect/middle` → 302 → `/article.html` |
 * | `/redirect/loop-a` | 302 ↔ `/redirect/loop-b` |
 * | `/redirect/chain/N` | N redirects in a row, then `/article.html` |
 * | `/redirect/to-file` | 302 to `file:///etc/passwd` |
 * | `/huge.html` | `hugePageBytes` of HTML, streamed as fast as the client reads |
 * | `/slow` | answers after 30 s; `/slow-body` sends headers, then trickles |
 * | `/missing` | 404 |
 * | `/searxng/search` | SearxNG JSON (`format=json` required) |
 * | `POST /tavily/search` | Tavily JSON (`Authorization: Bearer test-tavily-key`) |
 * | `/brave/res/v1/web/search` | Brave JSON (`X-Subscription-Token: test-brave-key`) |
 * | `/duckduckgo/html/` | DuckDuckGo HTML results (`q=bot-check` gets the bot challenge) |
 */
export interface WebFixtureServer {
	/** `http://127.0.0.1:<port>` without a trailing slash. */
	origin: string;
	port: number;
	/** The absolute URL of a path on the server. */
	url(path: string): string;
	/** Every request received, in order. */
	requests: RecordedRequest[];
	/** Whether the last `/huge.html` response was sent to its end (false when the client stopped). */
	hugePageCompleted(): boolean | undefined;
	close(): Promise<void>;
}

export interface RecordedRequest {
	method: string;
	path: string;
	query: URLSearchParams;
	headers: IncomingMessage["headers"];
	body: string;
}

export const tavilyTestKey = "test-tavily-key";
export const braveTestKey = "test-brave-key";
/** Size of `/huge.html`: far beyond any limit a test sets. */
export const hugePageBytes = 64 * 1024 * 1024;
/** Text the PDF fixture holds. */
export const pdfLines = ["Quarterly fusion report", "The plasma was held for 1337 seconds."];

const fixtures = fileURLToPath(new URL("../fixtures/web/", import.meta.url));
const fixture = (name: string) => readFileSync(`${fixtures}${name}`);

export async function startWebFixtureServer(): Promise<WebFixtureServer> {
	const requests: RecordedRequest[] = [];
	const timers = new Set<NodeJS.Timeout>();
	let hugeCompleted: boolean | undefined;
	const pdf = minimalPdf(pdfLines, { title: "Fusion report Q1", created: "D:20260102120000Z" });

	const server = createServer(async (request, response) => {
		const url = new URL(request.url ?? "/", "http://fixture");
		let body = "";
		for await (const chunk of request) body += chunk;
		requests.push({
			method: request.method ?? "GET",
			path: url.pathname,
			query: url.searchParams,
			headers: request.headers,
			body,
		});
		const send = (
			status: number,
			type: string,
			content: string | Uint8Array,
			headers: Record<string, string> = {},
		) => {
			response.writeHead(status, { "content-type": type, ...headers });
			response.end(content);
		};
		const redirect = (status: number, location: string) => {
			response.writeHead(status, { location });
			response.end();
		};
		const path = url.pathname;
		const chain = /^\/redirect\/chain\/(\d+)$/.exec(path);
		if (chain) {
			const left = Number(chain[1]);
			return redirect(302, left > 1 ? `/redirect/chain/${left - 1}` : "/article.html");
		}
		switch (path) {
			case "/article.html":
			case "/injection.html":
				return send(200, "text/html; charset=utf-8", fixture(path.slice(1)));
			case "/gzip.html":
				return send(200, "text/html; charset=utf-8", gzipSync(fixture("article.html")), {
					"content-encoding": "gzip",
				});
			case "/untyped":
				response.writeHead(200);
				return response.end(pdf);
			case "/notes.md":
				return send(200, "text/markdown; charset=utf-8", fixture("notes.md"));
			case "/plain.txt":
				return send(200, "text/plain", fixture("plain.txt"));
			case "/report.pdf":
				return send(200, "application/pdf", pdf);
			case "/pixel.png":
				return send(200, "image/png", fixture("pixel.png"));
			case "/redirect/start":
				return redirect(301, `http://${request.headers.host}/redirect/middle`);
			case "/redirect/middle":
				return redirect(302, "../article.html");
			case "/redirect/loop-a":
				return redirect(302, "/redirect/loop-b");
			case "/redirect/loop-b":
				return redirect(302, "/redirect/loop-a");
			case "/redirect/to-file":
				return redirect(302, "file:///etc/passwd");
			case "/huge.html":
				hugeCompleted = undefined;
				return streamHugePage(response, (completed) => {
					hugeCompleted = completed;
				});
			case "/slow": {
				const timer = setTimeout(() => send(200, "text/plain", "finally"), 30_000);
				timers.add(timer);
				return;
			}
			case "/slow-body": {
				response.writeHead(200, { "content-type": "text/plain" });
				response.write("first bytes\n");
				const timer = setInterval(() => response.write("."), 200);
				timers.add(timer);
				response.on("close", () => clearInterval(timer));
				return;
			}
			case "/searxng/search":
				if (url.searchParams.get("format") !== "json")
					return send(403, "text/html", "<h1>403 Forbidden</h1>");
				return send(200, "application/json", fixture("searxng.json"));
			case "/tavily/search":
				if (request.method !== "POST")
					return send(405, "application/json", '{"detail":"Method Not Allowed"}');
				if (request.headers.authorization !== `Bearer ${tavilyTestKey}`) {
					return send(
						401,
						"application/json",
						'{"detail":{"error":"Unauthorized: missing or invalid API key."}}',
					);
				}
				return send(200, "application/json", fixture("tavily.json"));
			case "/brave/res/v1/web/search":
				if (request.headers["x-subscription-token"] !== braveTestKey) {
					return send(
						422,
						"application/json",
						'{"type":"ErrorResponse","error":{"code":"SUBSCRIPTION_TOKEN_INVALID","status":422}}',
					);
				}
				if (url.searchParams.get("q") === "rate-limited") {
					return send(
						429,
						"application/json",
						'{"type":"ErrorResponse","error":{"code":"RATE_LIMITED","status":429}}',
						{ "retry-after": "7" },
					);
				}
				return send(200, "application/json", fixture("brave.json"));
			case "/duckduckgo/html/":
				if (url.searchParams.get("q") === "bot-check")
					return send(202, "text/html", fixture("duckduckgo-challenge.html"));
				return send(200, "text/html; charset=UTF-8", fixture("duckduckgo.html"));
			default:
				return send(404, "text/html", "<h1>Not found</h1>");
		}
	});
	await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
	const { port } = server.address() as AddressInfo;
	const origin = `http://127.0.0.1:${port}`;
	return {
		origin,
		port,
		url: (path) => new URL(path, origin).href,
		requests,
		hugePageCompleted: () => hugeCompleted,
		close: () =>
			new Promise<void>((resolve, reject) => {
				for (const timer of timers) clearTimeout(timer);
				server.closeAllConnections();
				server.close((error) => (error ? reject(error) : resolve()));
			}),
	};
}

/** Writes `hugePageBytes` of HTML, respecting back-pressure, and reports whether it all went. */
function streamHugePage(response: ServerResponse, done: (completed: boolean) => void): void {
	response.writeHead(200, {
		"content-type": "text/html; charset=utf-8",
		"content-length": String(hugePageBytes),
	});
	const head = "<!doctype html><html><head><title>Huge page</title></head><body><article>";
	const paragraph = `<p>${"Every paragraph of this page says the same thing about nothing in particular. ".repeat(12)}</p>\n`;
	const chunk = paragraph.repeat(Math.ceil((64 * 1024) / paragraph.length));
	let sent = 0;
	const write = () => {
		while (sent < hugePageBytes) {
			const piece = sent === 0 ? head + chunk.slice(head.length) : chunk;
			const part = piece.slice(0, hugePageBytes - sent);
			sent += Buffer.byteLength(part);
			if (!response.write(part)) {
				response.once("drain", write);
				return;
			}
		}
		response.end();
	};
	response.on("close", () => done(sent >= hugePageBytes && response.writableFinished));
	write();
}

/**
 * A valid one-page PDF showing `lines` in Helvetica, with Title and CreationDate metadata
 * (see `pdfDocument`).
 */
export function minimalPdf(
	lines: readonly string[],
	info: { title: string; created: string },
): Uint8Array {
	return pdfDocument([lines], info);
}
