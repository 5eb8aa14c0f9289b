import assert from "node:assert/strict";
import { test } from "node:test";
import { ProviderError } from "../../../errors.ts";
import { createTavilyBackend } from "./tavily.ts";

const signal = new AbortController().signal;

test("POSTs the query to /search with a bearer key", async () => {
	const requests: Array<{ url: string; init: RequestInit }> = [];
	const backend = createTavilyBackend({
		apiKey: "key-2",
		fetch: async (url, init) => {
			requests.push({ url, init });
			return Response.json({ results: [] });
		},
	});
	assert.equal(backend.name, "tavily");
	await backend.search("battery prices", { maxResults: 4, signal });
	assert.deepEqual(requests, [
		{
			url: "https://api.tavily.com/search",
			init: {
				method: "POST",
				headers: {
					authorization: "Bearer key-2",
					"content-type": "application/json",
					accept: "application/json",
				},
				body: JSON.stringify({
					query: "battery prices",
					max_results: 4,
					search_depth: "basic",
					include_answer: false,
				}),
				signal,
			},
		},
	]);
	const urls: string[] = [];
	await createTavilyBackend({
		apiKey: "k",
		baseUrl: "http://127.0.0.1:9/tavily/",
		fetch: async (url) => {
			urls.push(url);
			return Response.json({ results: [] });
		},
	}).search("x", { maxResults: 1, signal });
	assert.deepEqual(urls, ["http://127.0.0.1:9/tavily/search"]);
});

test("reads title, URL, content and published date; drops non-web URLs; keeps maxResults", async () => {
	const backend = createTavilyBackend({
		apiKey: "k",
		fetch: async () =>
			Response.json({
				results: [
					{
						url: "https://a.example/",
						title: "A",
						content: "about a",
						published_date: "2026-03-10",
					},
					{ url: "data:text/plain,x", title: "Data" },
					{ url: "https://b.example/", title: null, content: "about b" },
					{ url: "https://c.example/", title: "C" },
				],
			}),
	});
	assert.deepEqual(await backend.search("x", { maxResults: 2, signal }), [
		{ title: "A", url: "https://a.example/", snippet: "about a", published: "2026-03-10" },
		{ title: "b.example", url: "https://b.example/", snippet: "about b" },
	]);
});

test("a refused key or a spent plan says what to do", async () => {
	for (const [status, hint] of [
		[401, "Tavily refused the API key: check TAVILY_API_KEY."],
		[432, "The Tavily plan's limit is reached."],
	] as const) {
		const backend = createTavilyBackend({
			apiKey: "k",
			fetch: async () => new Response(null, { status }),
		});
		await assert.rejects(
			backend.search("x", { maxResults: 5, signal }),
			(error: unknown) =>
				error instanceof ProviderError &&
				error.message === `Tavily answered HTTP ${status}. ${hint}`,
		);
	}
	const backend = createTavilyBackend({ apiKey: "k", fetch: async () => Response.json({}) });
	await assert.rejects(
		backend.search("x", { maxResults: 5, signal }),
		/^ProviderError: Tavily answered with JSON/,
	);
});
