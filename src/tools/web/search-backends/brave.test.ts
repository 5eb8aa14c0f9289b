import assert from "node:assert/strict";
import { test } from "node:test";
import { ProviderError } from "../../../errors.ts";
import { createBraveBackend } from "./brave.ts";

const signal = new AbortController().signal;

function recording(answer: () => Response) {
	const requests: Array<{ url: string; init: RequestInit }> = [];
	const fetch = async (url: string, init: RequestInit) => {
		requests.push({ url, init });
		return answer();
	};
	return { requests, fetch };
}

test("GETs /res/v1/web/search with the key, asking for at most 20 results", async () => {
	const { requests, fetch } = recording(() => Response.json({ web: { results: [] } }));
	const backend = createBraveBackend({ apiKey: "key-1", fetch });
	assert.equal(backend.name, "brave");
	await backend.search("heat pumps", { maxResults: 5, signal });
	await backend.search("heat pumps", { maxResults: 50, signal });
	assert.deepEqual(requests, [
		{
			url: "https://api.search.brave.com/res/v1/web/search?q=heat+pumps&count=5",
			init: { headers: { accept: "application/json", "x-subscription-token": "key-1" }, signal },
		},
		{
			url: "https://api.search.brave.com/res/v1/web/search?q=heat+pumps&count=20",
			init: { headers: { accept: "application/json", "x-subscription-token": "key-1" }, signal },
		},
	]);
	const other = recording(() => Response.json({}));
	await createBraveBackend({
		apiKey: "k",
		baseUrl: "http://127.0.0.1:9/brave//",
		fetch: other.fetch,
	}).search("x", { maxResults: 20, signal });
	assert.equal(other.requests[0]?.url, "http://127.0.0.1:9/brave/res/v1/web/search?q=x&count=20");
});

test("reads title, URL, description and page age (else age); drops non-web URLs; keeps maxResults", async () => {
	const { fetch } = recording(() =>
		Response.json({
			web: {
				results: [
					{
						url: "https://a.example/",
						title: "A",
						description: "about a",
						page_age: "2026-01-15T00:00:00",
					},
					{ url: "https://b.example/", title: "B", description: null, age: "2025-12-01" },
					{ url: "mailto:someone@example.com", title: "Mail" },
					{ url: "https://c.example/", title: "C", page_age: "2026-02-01", age: "2020-01-01" },
					{ url: "https://d.example/", title: "D" },
				],
			},
		}),
	);
	const backend = createBraveBackend({ apiKey: "k", fetch });
	assert.deepEqual(await backend.search("x", { maxResults: 3, signal }), [
		{ title: "A", url: "https://a.example/", snippet: "about a", published: "2026-01-15" },
		{ title: "B", url: "https://b.example/", snippet: "", published: "2025-12-01" },
		{ title: "C", url: "https://c.example/", snippet: "", published: "2026-02-01" },
	]);
});

test("an answer without web results is no results", async () => {
	const { fetch } = recording(() => Response.json({ query: { original: "x" } }));
	assert.deepEqual(
		await createBraveBackend({ apiKey: "k", fetch }).search("x", { maxResults: 5, signal }),
		[],
	);
});

test("a refused key says which variable to check", async () => {
	for (const [status, hint] of [
		[401, "Brave refused the API key: check BRAVE_API_KEY."],
		[422, "Brave refused the request (often an invalid BRAVE_API_KEY)."],
	] as const) {
		const { fetch } = recording(() => new Response(null, { status }));
		await assert.rejects(
			createBraveBackend({ apiKey: "k", fetch }).search("x", { maxResults: 5, signal }),
			(error: unknown) =>
				error instanceof ProviderError &&
				error.message === `Brave Search answered HTTP ${status}. ${hint}`,
		);
	}
	const { fetch } = recording(() => new Response("[1]"));
	await assert.rejects(
		createBraveBackend({ apiKey: "k", fetch }).search("x", { maxResults: 5, signal }),
		/^ProviderError: Brave Search answered with JSON of an unexpected shape/,
	);
});
