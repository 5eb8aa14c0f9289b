import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import {
	hugePageBytes,
	startWebFixtureServer,
	type WebFixtureServer,
} from "../../../test/support/web-fixture-server.ts";
import { CancelledError } from "../../errors.ts";
import { assertPublicAddress, type DnsLookup } from "./address-guard.ts";
import { type FetchPageOptions, fetchPage } from "./fetch-page.ts";
import { FetchPageError, PrivateAddressError } from "./web-errors.ts";

let server: WebFixtureServer;
before(async () => {
	server = await startWebFixtureServer();
});
after(() => server.close());

/** The fixture server is on loopback: tests allow it explicitly, as a user would. */
const local = (options: FetchPageOptions = {}): FetchPageOptions => ({
	allowPrivateAddresses: true,
	...options,
});

const rejectsWith = async (
	promise: Promise<unknown>,
	reason: FetchPageError["reason"],
	message?: RegExp,
) => {
	await assert.rejects(promise, (error: unknown) => {
		assert.ok(error instanceof FetchPageError, `expected FetchPageError, got ${String(error)}`);
		assert.equal(error.reason, reason);
		if (message) assert.match(error.message, message);
		return true;
	});
};

describe("fetchPage: the address guard", () => {
	test("refuses the loopback fixture server without allowPrivateAddresses", async () => {
		await assert.rejects(fetchPage(server.url("/article.html")), (error: unknown) => {
			assert.ok(error instanceof PrivateAddressError);
			assert.equal(error.address, "127.0.0.1");
			assert.match(error.message, /loopback/);
			assert.match(error.message, /allowPrivateAddresses: true/);
			assert.match(error.message, /--allow-private-network/);
			return true;
		});
		assert.equal(server.requests.length, 0, "no request reached the server");
	});

	test("refuses every literal spelling of a private address before connecting", async () => {
		const before = server.requests.length;
		for (const host of [
			"[::1]",
			"0x7f000001",
			"2130706433",
			"127.1",
			"[::ffff:127.0.0.1]",
			"169.254.169.254",
		]) {
			await assert.rejects(
				fetchPage(`http://${host}:${server.port}/article.html`),
				PrivateAddressError,
				host,
			);
		}
		assert.equal(server.requests.length, before);
	});

	test("refuses a name that resolves to loopback, and connects through the guard when allowed", async () => {
		const lookup: DnsLookup = async () => [{ address: "127.0.0.1", family: 4 }];
		const url = `http://fixture.test:${server.port}/plain.txt`;
		await assert.rejects(fetchPage(url, { lookup }), /'fixture\.test' \(127\.0\.0\.1\).*loopback/);
		const page = await fetchPage(url, { lookup, allowPrivateAddresses: true });
		assert.match(page.markdown, /Heat pumps sold 12 percent more/);
		assert.equal(server.requests.at(-1)?.headers.host, `fixture.test:${server.port}`);
	});

	test("checks the address actually connected to, not an earlier answer (DNS rebinding)", async () => {
		let calls = 0;
		const rebinding: DnsLookup = async () =>
			calls++ === 0
				? [{ address: "93.184.216.34", family: 4 }]
				: [{ address: "127.0.0.1", family: 4 }];
		const url = `http://rebind.test:${server.port}/plain.txt`;
		await assertPublicAddress("rebind.test", { lookup: rebinding });
		await assert.rejects(fetchPage(url, { lookup: rebinding }), PrivateAddressError);
		assert.equal(calls, 2);
	});

	test("refuses a redirect to the cloud metadata address (hop re-checked)", async () => {
		const fakeFetch = async (url: string) =>
			url.startsWith("http://news.example/")
				? new Response(null, {
						status: 302,
						headers: { location: "http://169.254.169.254/latest/meta-data/" },
					})
				: new Response("secret", { headers: { "content-type": "text/plain" } });
		const lookup: DnsLookup = async () => [{ address: "93.184.216.34", family: 4 }];
		await assert.rejects(
			fetchPage("http://news.example/story", { fetch: fakeFetch, lookup }),
			(error: unknown) =>
				error instanceof PrivateAddressError && error.address === "169.254.169.254",
		);
	});
});

describe("fetchPage: content", () => {
	test("extracts the article as markdown without navigation and boilerplate", async () => {
		const page = await fetchPage(server.url("/article.html"), local());
		assert.equal(page.url, server.url("/article.html"));
		assert.equal(page.contentType, "text/html");
		assert.equal(page.truncated, false);
		assert.match(page.title, /Tokamak holds plasma for 22 minutes/);
		assert.equal(page.published, "2026-03-04");
		assert.match(page.markdown, /twenty-two minutes on Tuesday/);
		assert.match(page.markdown, /^## How the run was measured$/m);
		assert.match(
			page.markdown,
			/\[raw data page\]\(http:\/\/127\.0\.0\.1:\d+\/data\/run-2026-03-03\)/,
			"links made absolute",
		);
		for (const boilerplate of [
			"Subscribe to our newsletter",
			"cookies",
			"All rights reserved",
			"Most read",
			"analytics",
		]) {
			assert.ok(!page.markdown.includes(boilerplate), `"${boilerplate}" should be stripped`);
		}
	});

	test("decompresses a gzip body", async () => {
		const page = await fetchPage(server.url("/gzip.html"), local());
		assert.match(page.markdown, /twenty-two minutes on Tuesday/);
	});

	test("extracts the text and metadata of a PDF", async () => {
		const page = await fetchPage(server.url("/report.pdf"), local());
		assert.equal(page.contentType, "application/pdf");
		assert.equal(page.title, "Fusion report Q1");
		assert.equal(page.published, "2026-01-02");
		assert.match(page.markdown, /Quarterly fusion report/);
		assert.match(page.markdown, /held for 1337 seconds/);
	});

	test("recognizes a PDF served without a content type", async () => {
		const page = await fetchPage(server.url("/untyped"), local());
		assert.equal(page.contentType, "");
		assert.match(page.markdown, /1337 seconds/);
	});

	test("refuses a PDF cut by the size limit", async () => {
		await rejectsWith(
			fetchPage(server.url("/report.pdf"), local({ maxBytes: 200 })),
			"too-large",
			/maxBytes/,
		);
	});

	test("returns markdown and plain text as they are", async () => {
		const markdown = await fetchPage(server.url("/notes.md"), local());
		assert.equal(markdown.title, "Field notes on grid storage");
		assert.match(markdown.markdown, /^## Sizes$/m);
		const plain = await fetchPage(server.url("/plain.txt"), local());
		assert.equal(plain.title, "plain.txt");
		assert.equal(
			plain.markdown,
			"Plain text page. Heat pumps sold 12 percent more units in 2025 than in 2024.",
		);
	});

	test("refuses non-text content with a clear message, without reading it", async () => {
		await rejectsWith(
			fetchPage(server.url("/pixel.png"), local()),
			"content-type",
			/image\/png.*HTML, PDF, plain text and markdown/,
		);
	});

	test("reports an HTTP error status", async () => {
		await assert.rejects(
			fetchPage(server.url("/missing"), local()),
			(error: unknown) =>
				error instanceof FetchPageError && error.reason === "status" && error.status === 404,
		);
	});

	test("reports a server that refuses connections as a network problem", async () => {
		await rejectsWith(
			fetchPage("http://127.0.0.1:1/", local()),
			"network",
			/refused the connection/,
		);
	});

	test("refuses URLs that are not http(s)", async () => {
		await rejectsWith(fetchPage("file:///etc/passwd"), "url", /only http and https/);
		await rejectsWith(fetchPage("not a url"), "url", /not a valid URL/);
	});
});

describe("fetchPage: redirects", () => {
	test("follows a 301 then a 302 (absolute, then relative Location) to the page", async () => {
		const before = server.requests.length;
		const page = await fetchPage(server.url("/redirect/start"), local());
		assert.equal(page.url, server.url("/article.html"));
		assert.match(page.markdown, /twenty-two minutes/);
		assert.deepEqual(
			server.requests.slice(before).map((request) => request.path),
			["/redirect/start", "/redirect/middle", "/article.html"],
		);
	});

	test("stops a redirect loop", async () => {
		await rejectsWith(
			fetchPage(server.url("/redirect/loop-a"), local()),
			"redirect",
			/Redirect loop: .*loop-a → .*loop-b → .*loop-a/,
		);
	});

	test("stops after maxRedirects", async () => {
		const page = await fetchPage(server.url("/redirect/chain/5"), local());
		assert.equal(page.url, server.url("/article.html"));
		await rejectsWith(
			fetchPage(server.url("/redirect/chain/6"), local()),
			"redirect",
			/more than 5 times/,
		);
		await rejectsWith(
			fetchPage(server.url("/redirect/chain/2"), local({ maxRedirects: 1 })),
			"redirect",
			/more than 1 times/,
		);
	});

	test("refuses a redirect to a non-http scheme", async () => {
		await rejectsWith(fetchPage(server.url("/redirect/to-file"), local()), "redirect", /file: URL/);
	});

	test("refuses a downgrade from https to http", async () => {
		const fakeFetch = async () =>
			new Response(null, { status: 301, headers: { location: "http://news.example/plain" } });
		const lookup: DnsLookup = async () => [{ address: "93.184.216.34", family: 4 }];
		await rejectsWith(
			fetchPage("https://news.example/secure", { fetch: fakeFetch, lookup }),
			"redirect",
			/from https to plain http/,
		);
	});
});

describe("fetchPage: limits", () => {
	test("cuts a huge page at maxBytes while streaming and marks it truncated", async () => {
		const started = Date.now();
		const page = await fetchPage(server.url("/huge.html"), local({ maxBytes: 100_000 }));
		assert.equal(page.truncated, true);
		assert.ok(
			page.markdown.length > 10_000 && page.markdown.length < 100_000,
			`markdown length ${page.markdown.length}`,
		);
		assert.match(page.markdown, /Every paragraph of this page/);
		assert.ok(Date.now() - started < 5_000);
		await waitFor(() => server.hugePageCompleted() !== undefined);
		assert.equal(
			server.hugePageCompleted(),
			false,
			`the server did not send all ${hugePageBytes} bytes`,
		);
	});

	test("stops a page that does not answer in time", async () => {
		const started = Date.now();
		await rejectsWith(
			fetchPage(server.url("/slow"), local({ timeoutMs: 300 })),
			"timeout",
			/longer than 300 ms/,
		);
		assert.ok(Date.now() - started < 2_000);
	});

	test("stops a body that trickles past the time limit", async () => {
		await rejectsWith(fetchPage(server.url("/slow-body"), local({ timeoutMs: 500 })), "timeout");
	});

	test("a cancelled signal aborts the fetch without calling it a timeout", async () => {
		const controller = new AbortController();
		const pending = fetchPage(server.url("/slow"), local({ signal: controller.signal }));
		setTimeout(() => controller.abort(), 50);
		await assert.rejects(
			pending,
			(error: unknown) =>
				!(error instanceof FetchPageError) && (error as Error).name === "AbortError",
		);
	});
});

async function waitFor(condition: () => boolean, timeoutMs = 2_000): Promise<void> {
	const deadline = Date.now() + timeoutMs;
	while (!condition() && Date.now() < deadline)
		await new Promise((resolve) => setTimeout(resolve, 10));
}

describe("fetchPage: through a fetch override", () => {
	const lookup: DnsLookup = async () => [{ address: "93.184.216.34", family: 4 }];
	const through = (
		answer: (url: string, init: RequestInit) => Promise<Response>,
		options: FetchPageOptions = {},
	) => fetchPage("https://news.example/story", { lookup, fetch: answer, ...options });
	/** A body that records whether it was cancelled (freed) unread. */
	const trackedBody = () => {
		const state = { cancelled: false };
		const body = new ReadableStream({
			cancel() {
				state.cancelled = true;
			},
		});
		return { state, body };
	};

	test("asks like a research agent, for the readable kinds of page", async () => {
		const seen: RequestInit[] = [];
		const page = await through(async (_url, init) => {
			seen.push(init);
			return new Response("# Story\nText.", { headers: { "content-type": "text/markdown" } });
		});
		assert.deepEqual(seen[0]?.headers, {
			"user-agent": "crewkit/0.1 (research agent; +https://github.com/crewkit/crewkit)",
			accept:
				"text/html,application/xhtml+xml,application/pdf;q=0.9,text/plain;q=0.8,text/markdown;q=0.8",
		});
		assert.deepEqual(page, {
			url: "https://news.example/story",
			contentType: "text/markdown",
			title: "Story",
			markdown: "# Story\nText.",
			truncated: false,
		});
		await through(
			async (_url, init) => {
				seen.push(init);
				return new Response("x", { headers: { "content-type": "text/plain" } });
			},
			{ userAgent: "my-agent/2" },
		);
		assert.deepEqual(seen[1]?.headers, {
			"user-agent": "my-agent/2",
			accept:
				"text/html,application/xhtml+xml,application/pdf;q=0.9,text/plain;q=0.8,text/markdown;q=0.8",
		});
	});

	test("cuts the body at maxBytes, and a body of exactly maxBytes is whole", async () => {
		const answer = async () =>
			new Response("abcdef", { headers: { "content-type": "text/plain" } });
		const cut = await through(answer, { maxBytes: 3 });
		assert.equal(cut.markdown, "abc");
		assert.equal(cut.truncated, true);
		const whole = await through(answer, { maxBytes: 6 });
		assert.equal(whole.markdown, "abcdef");
		assert.equal(whole.truncated, false);
	});

	test("an error status says the status and its cleaned text, and frees the body", async () => {
		const { state, body } = trackedBody();
		await assert.rejects(
			through(async () => new Response(body, { status: 503, statusText: "Service Unavailable" })),
			(error: unknown) =>
				error instanceof FetchPageError &&
				error.reason === "status" &&
				error.status === 503 &&
				error.url === "https://news.example/story" &&
				error.message ===
					"https://news.example/story answered HTTP 503 Service Unavailable; the page was not read.",
		);
		assert.equal(state.cancelled, true);
		await rejectsWith(
			through(async () => new Response(null, { status: 410 })),
			"status",
			/^https:\/\/news\.example\/story answered HTTP 410; the page was not read\.$/,
		);
		const dirty = new Response(null, { status: 404 });
		Object.defineProperty(dirty, "statusText", { value: "Gone\u001b]0;pwned\u0007" });
		await rejectsWith(
			through(async () => dirty),
			"status",
			/answered HTTP 404 Gone ]0;pwned; the page/,
		);
	});

	test("a type it does not read is refused by name, unread", async () => {
		const { state, body } = trackedBody();
		await assert.rejects(
			through(
				async () =>
					new Response(body, { headers: { "content-type": "application/json; charset=utf-8" } }),
			),
			(error: unknown) =>
				error instanceof FetchPageError &&
				error.reason === "content-type" &&
				error.url === "https://news.example/story" &&
				error.message ===
					"https://news.example/story is application/json, which fetch_page does not read: it reads HTML, PDF, plain text and markdown pages.",
		);
		assert.equal(state.cancelled, true);
	});

	test("network failures say what went wrong, by error code", async () => {
		for (const [code, message, said] of [
			["ENOTFOUND", "getaddrinfo ENOTFOUND", "the host name does not resolve (ENOTFOUND)."],
			["EAI_AGAIN", "getaddrinfo EAI_AGAIN", "the host name does not resolve (EAI_AGAIN)."],
			["ECONNREFUSED", "connect ECONNREFUSED", "the server refused the connection."],
			["ECONNRESET", "read ECONNRESET", "the connection was reset."],
			["EPIPE", "write EPIPE", "write EPIPE"],
		] as const) {
			await assert.rejects(
				through(async () => {
					throw Object.assign(new Error(message), { code });
				}),
				(error: unknown) =>
					error instanceof FetchPageError &&
					error.reason === "network" &&
					error.url === "https://news.example/story" &&
					error.message === `Could not fetch https://news.example/story: ${said}` &&
					(error.cause as Error).message === message,
				code,
			);
		}
		const plain = new Error("not a system error");
		await assert.rejects(
			through(async () => {
				throw plain;
			}),
			(error: unknown) => error === plain,
		);
	});

	test("after the caller cancels, a failure is passed on as it is", async () => {
		const controller = new AbortController();
		const reset = Object.assign(new Error("read ECONNRESET"), { code: "ECONNRESET" });
		await assert.rejects(
			through(
				async () => {
					controller.abort();
					throw reset;
				},
				{ signal: controller.signal },
			),
			(error: unknown) => error === reset,
		);
	});

	test("when the caller cancels too, the failure is not called a timeout", async () => {
		const controller = new AbortController();
		const failure = new Error("stopped");
		await assert.rejects(
			through(
				(_url, init) =>
					new Promise<Response>((_resolve, reject) => {
						init.signal?.addEventListener("abort", () => {
							controller.abort();
							reject(failure);
						});
					}),
				{ timeoutMs: 20, signal: controller.signal },
			),
			(error: unknown) => error === failure,
		);
	});

	test("a cancellation after the download stops the parsing too", async () => {
		const controller = new AbortController();
		const html = new TextEncoder().encode(
			"<html><body><p>Cancelled before parsing.</p></body></html>",
		);
		let sent = false;
		await assert.rejects(
			through(
				async () =>
					new Response(
						new ReadableStream({
							pull(stream) {
								if (sent) {
									controller.abort();
									stream.close();
								} else {
									sent = true;
									stream.enqueue(html);
								}
							},
						}),
						{ headers: { "content-type": "text/html" } },
					),
				{ signal: controller.signal },
			),
			(error: unknown) => error instanceof CancelledError,
		);
	});

	test("the time limit covers the whole fetch and says how long it was", async () => {
		await assert.rejects(
			through(
				(_url, init) =>
					new Promise<Response>((_resolve, reject) => {
						init.signal?.addEventListener("abort", () => reject(init.signal?.reason));
					}),
				{ timeoutMs: 50 },
			),
			(error: unknown) =>
				error instanceof FetchPageError &&
				error.reason === "timeout" &&
				error.url === "https://news.example/story" &&
				error.message ===
					"Fetching https://news.example/story took longer than 50 ms and was stopped. The site may be slow or down; try another source.",
		);
	});
});

describe("fetchPage: a page over the parser limits", () => {
	test("is refused as parser-limit even when the time limit ran out meanwhile", async () => {
		const deep = `<html><body>${"<div>".repeat(400)}deep${"</div>".repeat(400)}</body></html>`;
		const lookup: DnsLookup = async () => [{ address: "93.184.216.34", family: 4 }];
		const page = fetchPage("https://deep.example/", {
			lookup,
			timeoutMs: 20,
			fetch: async (_url, init) =>
				new Response(
					new ReadableStream({
						start(controller) {
							controller.enqueue(new TextEncoder().encode(deep));
							// The body ends only once the time limit has passed.
							init.signal?.addEventListener("abort", () => controller.close());
						},
					}),
					{ headers: { "content-type": "text/html" } },
				),
		});
		await rejectsWith(page, "parser-limit");
	});
});
