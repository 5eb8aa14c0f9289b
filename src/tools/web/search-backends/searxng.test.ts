import assert from "node:assert/strict";
import { test } from "node:test";
import { ProviderError } from "../../../errors.ts";
import { createSearxngBackend } from "./searxng.ts";

const signal = new AbortController().signal;

test("GETs /search?q=…&format=json from the instance, asking for JSON", async () => {
	const requests: Array<{ url: string; init: RequestInit }> = [];
	const backend = createSearxngBackend({
		baseUrl: "http://127.0.0.1:9/searx///",
		fetch: async (url, init) => {
			requests.push({ url, init });
			return Response.json({ results: [] });
		},
	});
	assert.equal(backend.name, "searxng");
	assert.deepEqual(await backend.search("fusion record", { maxResults: 5, signal }), []);
	assert.deepEqual(requests, [
		{
			url: "http://127.0.0.1:9/searx/search?q=fusion+record&format=json",
			init: { headers: { accept: "application/json" }, signal },
		},
	]);
});

test("reads title, URL, content and published date; drops non-web URLs; keeps maxResults", async () => {
	const backend = createSearxngBackend({
		baseUrl: "http://127.0.0.1:9",
		fetch: async () =>
			Response.json({
				results: [
					{
						url: "https://a.example/",
						title: "A",
						content: "about a",
						publishedDate: "2026-03-04T10:00:00",
					},
					{ url: "magnet:?xt=urn:btih:abc", title: "Torrent" },
					{ url: "https://b.example/", title: "B", content: null, publishedDate: null },
					{ url: "https://c.example/", title: "C" },
				],
			}),
	});
	assert.deepEqual(await backend.search("x", { maxResults: 2, signal }), [
		{ title: "A", url: "https://a.example/", snippet: "about a", published: "2026-03-04" },
		{ title: "B", url: "https://b.example/", snippet: "" },
	]);
});

test("an instance that refuses JSON says how to allow it", async () => {
	const backend = createSearxngBackend({
		baseUrl: "http://127.0.0.1:9",
		fetch: async () =>
			new Response("<h1>403 Forbidden</h1>", { status: 403, statusText: "Forbidden" }),
	});
	await assert.rejects(
		backend.search("x", { maxResults: 5, signal }),
		(error: unknown) =>
			error instanceof ProviderError &&
			error.message ===
				"SearxNG answered HTTP 403 Forbidden. The instance does not allow JSON answers: add `json` to `search.formats` in its settings.yml.",
	);
	const odd = createSearxngBackend({
		baseUrl: "http://127.0.0.1:9",
		fetch: async () => Response.json({ results: {} }),
	});
	await assert.rejects(
		odd.search("x", { maxResults: 5, signal }),
		/^ProviderError: SearxNG answered with JSON/,
	);
});
