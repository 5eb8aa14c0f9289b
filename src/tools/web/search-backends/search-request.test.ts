import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { z } from "zod";
import { ProviderError } from "../../../errors.ts";
import {
	parseRetryAfter,
	readSearchJson,
	sendSearchRequest,
	tidy,
	toSearchResult,
} from "./search-request.ts";

const signal = new AbortController().signal;

describe("tidy: the text of titles and snippets", () => {
	test("strips highlighting tags, whatever their case and attributes", () => {
		for (const tag of ["strong", "b", "em", "i", "u", "mark", "span"]) {
			assert.equal(tidy(`a <${tag}>heat</${tag}> pump`), "a heat pump", tag);
			assert.equal(
				tidy(`a <${tag.toUpperCase()} class="hl">heat</${tag.toUpperCase()}> pump`),
				"a heat pump",
				tag,
			);
		}
		assert.equal(tidy("super<wbr>cali"), "supercali", "a word-break hint joins");
	});

	test("a line break separates words", () => {
		assert.equal(tidy("first line<br>second line"), "first line second line");
		assert.equal(tidy("first<br/>second<BR />third"), "first second third");
	});

	test("leaves other angle brackets as text, for the caller to defang", () => {
		assert.equal(tidy("<bold>x</bold> <script>y</script>"), "<bold>x</bold> <script>y</script>");
		assert.equal(tidy("<brand> and <iframe>"), "<brand> and <iframe>");
		assert.equal(tidy("2 < 3 > 1"), "2 < 3 > 1");
	});

	test("decodes named and numeric entities; leaves unknown or invalid ones", () => {
		assert.equal(tidy("&amp; &lt; &gt; &quot; &apos; &#39;"), "& < > \" ' '");
		assert.equal(tidy("&AMP; &Lt;"), "& <");
		assert.equal(tidy("a&nbsp;b"), "a b");
		assert.equal(tidy("&#65;&#x42;&#X43;&#x1F600;"), "ABC😀");
		assert.equal(tidy("&#1114111;"), String.fromCodePoint(0x10ffff));
		assert.equal(tidy("&#0; &#1114112; &#x110000;"), "&#0; &#1114112; &#x110000;");
		assert.equal(tidy("&copy; &amp &#x;"), "&copy; &amp &#x;");
	});

	test("collapses white space and trims; nothing is empty text", () => {
		assert.equal(tidy("  heat \n\t pumps  "), "heat pumps");
		assert.equal(tidy(null), "");
		assert.equal(tidy(undefined), "");
	});
});

describe("toSearchResult", () => {
	test("keeps http(s) results with tidy text and a normalized date", () => {
		assert.deepEqual(
			toSearchResult({
				title: " <b>Heat</b> pumps ",
				url: "https://heat.example/a b",
				snippet: "Sold &amp; installed",
				published: "2026-01-15T08:00:00Z",
			}),
			{
				title: "Heat pumps",
				url: "https://heat.example/a%20b",
				snippet: "Sold & installed",
				published: "2026-01-15",
			},
		);
		assert.deepEqual(toSearchResult({ title: "T", url: "http://plain.example/", snippet: "s" }), {
			title: "T",
			url: "http://plain.example/",
			snippet: "s",
		});
	});

	test("a result without a title is named by its host; no snippet is an empty one", () => {
		assert.deepEqual(
			toSearchResult({
				title: null,
				url: "https://news.example/story",
				snippet: null,
				published: null,
			}),
			{ title: "news.example", url: "https://news.example/story", snippet: "" },
		);
		assert.equal(
			toSearchResult({ title: "  ", url: "https://x.example/", snippet: "" })?.title,
			"x.example",
		);
	});

	test("drops results whose URL is not an http(s) URL", () => {
		for (const url of [
			"not a url",
			"ftp://files.example/a",
			"javascript:alert(1)",
			"file:///etc/passwd",
		]) {
			assert.equal(toSearchResult({ title: "t", url, snippet: "s" }), undefined, url);
		}
	});
});

describe("parseRetryAfter", () => {
	test("seconds become milliseconds", () => {
		assert.equal(parseRetryAfter("7"), 7000);
		assert.equal(parseRetryAfter("0"), 0);
		assert.equal(parseRetryAfter("1.5"), 1500);
		assert.equal(parseRetryAfter("-5"), 0, "a negative delay is no delay");
	});

	test("an HTTP date becomes the time left until it, never negative", () => {
		const inAMinute = new Date(Date.now() + 60_000).toUTCString();
		const delay = parseRetryAfter(inAMinute);
		assert.ok(delay !== undefined && delay > 50_000 && delay <= 60_000, String(delay));
		assert.equal(parseRetryAfter("Wed, 21 Oct 2015 07:28:00 GMT"), 0);
	});

	test("nothing usable is no delay", () => {
		assert.equal(parseRetryAfter(null), undefined);
		assert.equal(parseRetryAfter(""), undefined);
		assert.equal(parseRetryAfter("soon"), undefined);
		assert.equal(parseRetryAfter("Infinity"), undefined);
	});
});

describe("sendSearchRequest", () => {
	const send = (
		fetch: (url: string, init: RequestInit) => Promise<Response>,
		hints?: Record<number, string>,
	) =>
		sendSearchRequest({
			backend: "Engine",
			url: "https://engine.example/search?q=x",
			init: { signal },
			fetch,
			...(hints ? { hints } : {}),
		});
	const providerError =
		(message: string, status?: number, retryAfterMs?: number) => (error: unknown) => {
			assert.ok(error instanceof ProviderError, String(error));
			assert.equal(error.message, message);
			assert.equal(error.status, status);
			assert.equal(error.retryAfterMs, retryAfterMs);
			return true;
		};

	test("returns an OK response as it is, having sent the request as given", async () => {
		const seen: Array<[string, RequestInit]> = [];
		const response = Response.json({ ok: true });
		assert.equal(
			await send(async (url, init) => {
				seen.push([url, init]);
				return response;
			}),
			response,
		);
		assert.deepEqual(seen, [["https://engine.example/search?q=x", { signal }]]);
	});

	test("an unreachable engine names the engine, its origin and the cause", async () => {
		await assert.rejects(
			send(async () => {
				throw new TypeError("fetch failed", {
					cause: new Error("connect ECONNREFUSED 127.0.0.1:1"),
				});
			}),
			providerError(
				"Could not reach Engine at https://engine.example: connect ECONNREFUSED 127.0.0.1:1",
			),
		);
		await assert.rejects(
			send(async () => {
				throw new Error("socket hang up");
			}),
			providerError("Could not reach Engine at https://engine.example: Error: socket hang up"),
		);
		await assert.rejects(
			send(async () => {
				throw "offline";
			}),
			providerError("Could not reach Engine at https://engine.example: offline"),
		);
	});

	test("a cancelled search fails with the cancellation, not as an unreachable engine", async () => {
		const controller = new AbortController();
		controller.abort();
		const abort = new DOMException("This operation was aborted", "AbortError");
		await assert.rejects(
			sendSearchRequest({
				backend: "Engine",
				url: "https://engine.example/",
				init: { signal: controller.signal },
				fetch: async () => {
					throw abort;
				},
			}),
			(error: unknown) => error === abort,
		);
	});

	test("an error status says the status, its text and what to do, and frees the body", async () => {
		let cancelled = false;
		const body = () =>
			new ReadableStream({
				cancel() {
					cancelled = true;
				},
			});
		await assert.rejects(
			send(async () => new Response(body(), { status: 500, statusText: "Internal Server Error" })),
			providerError("Engine answered HTTP 500 Internal Server Error.", 500),
		);
		assert.equal(cancelled, true);
		await assert.rejects(
			send(async () => new Response(null, { status: 503 })),
			providerError("Engine answered HTTP 503.", 503),
		);
		await assert.rejects(
			send(async () => new Response(null, { status: 429, headers: { "retry-after": "3" } })),
			providerError("Engine answered HTTP 429. Too many searches: wait and try again.", 429, 3000),
		);
		await assert.rejects(
			send(async () => new Response(null, { status: 429, statusText: "Slow Down" }), {
				429: "The plan allows 1 search a second.",
			}),
			providerError("Engine answered HTTP 429 Slow Down. The plan allows 1 search a second.", 429),
		);
		await assert.rejects(
			send(async () => new Response(null, { status: 401 }), { 403: "Not this one." }),
			providerError("Engine answered HTTP 401.", 401),
		);
	});

	test("control characters in the status text do not reach the message", async () => {
		const response = new Response(null, { status: 404 });
		Object.defineProperty(response, "statusText", { value: "Not\u001b[31m Found\u0007" });
		await assert.rejects(
			send(async () => response),
			providerError("Engine answered HTTP 404 Not [31m Found.", 404),
		);
	});
});

describe("readSearchJson", () => {
	const schema = z.object({ results: z.array(z.object({ url: z.string() })) });

	test("returns the answer when it has the expected shape", async () => {
		assert.deepEqual(
			await readSearchJson(
				"Engine",
				Response.json({ results: [{ url: "https://a.example/" }] }),
				schema,
			),
			{ results: [{ url: "https://a.example/" }] },
		);
	});

	test("something that is not JSON, or JSON of another shape, is a ProviderError saying where", async () => {
		await assert.rejects(
			readSearchJson("Engine", new Response("<html>busy</html>"), schema),
			(error: unknown) =>
				error instanceof ProviderError &&
				error.message === "Engine answered with something that is not JSON." &&
				error.cause instanceof SyntaxError,
		);
		for (const [body, where] of [
			['{"results":[{"url":1}]}', "results.0.url: Invalid input: expected string, received number"],
			["[]", "root: Invalid input: expected object, received array"],
		] as const) {
			await assert.rejects(
				readSearchJson("Engine", new Response(body), schema),
				(error: unknown) =>
					error instanceof ProviderError &&
					error.message === `Engine answered with JSON of an unexpected shape (${where}).`,
			);
		}
	});
});
