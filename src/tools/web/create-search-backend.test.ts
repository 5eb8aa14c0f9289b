import assert from "node:assert/strict";
import { test } from "node:test";
import { ConfigError } from "../../errors.ts";
import { createSearchBackend, searchBackendNames } from "./create-search-backend.ts";

const signal = new AbortController().signal;

/** A backend's first request URL and headers, through a fetch that records them. */
async function firstRequest(
	config: Parameters<typeof createSearchBackend>[0],
	environment: Record<string, string>,
) {
	const requests: Array<{ url: string; init: RequestInit }> = [];
	const backend = createSearchBackend(
		{
			...config,
			fetch: async (url, init) => {
				requests.push({ url, init });
				return Response.json({ results: [], web: { results: [] } });
			},
		},
		environment,
	);
	await backend.search("q", { maxResults: 1, signal });
	const [request] = requests;
	assert.ok(request, "a request was sent");
	return { name: backend.name, request };
}

const configError = (message: string) => (error: unknown) =>
	error instanceof ConfigError && error.message === message;

test("the backends crewkit ships", () => {
	assert.deepEqual(searchBackendNames, ["duckduckgo", "searxng", "tavily", "brave"]);
});

test("without a choice, or with a blank one, DuckDuckGo; its address can be changed", async () => {
	assert.equal(createSearchBackend({}, {}).name, "duckduckgo");
	assert.equal(createSearchBackend({}, { CREWKIT_SEARCH: "  " }).name, "duckduckgo");
	assert.equal(createSearchBackend(undefined, {}).name, "duckduckgo");
	const { request } = await firstRequest({ baseUrl: "http://127.0.0.1:9/ddg" }, {});
	assert.equal(request.url, "http://127.0.0.1:9/ddg/html/?q=q");
});

test("CREWKIT_SEARCH is read trimmed and in any case", () => {
	assert.equal(
		createSearchBackend({}, { CREWKIT_SEARCH: " SearXNG ", SEARXNG_URL: "http://s" }).name,
		"searxng",
	);
	assert.equal(createSearchBackend({}, { CREWKIT_SEARCH: "DuckDuckGo" }).name, "duckduckgo");
});

test("the configuration wins over the environment, for the backend, the address and the key", async () => {
	const searx = await firstRequest(
		{ backend: "searxng", baseUrl: "http://127.0.0.1:9/mine" },
		{ SEARXNG_URL: "http://127.0.0.1:9/env" },
	);
	assert.equal(searx.request.url, "http://127.0.0.1:9/mine/search?q=q&format=json");
	const fromEnvironment = await firstRequest(
		{ backend: "searxng" },
		{ SEARXNG_URL: "http://127.0.0.1:9/env" },
	);
	assert.equal(fromEnvironment.request.url, "http://127.0.0.1:9/env/search?q=q&format=json");
	const tavily = await firstRequest(
		{ backend: "tavily", apiKey: " config-key ", baseUrl: "http://127.0.0.1:9/t" },
		{ TAVILY_API_KEY: "env-key" },
	);
	assert.equal(tavily.request.url, "http://127.0.0.1:9/t/search");
	assert.equal(
		(tavily.request.init.headers as Record<string, string>).authorization,
		"Bearer config-key",
	);
	const brave = await firstRequest(
		{ baseUrl: "http://127.0.0.1:9/b" },
		{ CREWKIT_SEARCH: "brave", BRAVE_API_KEY: " env-key\n" },
	);
	assert.equal(brave.name, "brave");
	assert.equal(brave.request.url, "http://127.0.0.1:9/b/res/v1/web/search?q=q&count=1");
	assert.equal(
		(brave.request.init.headers as Record<string, string>)["x-subscription-token"],
		"env-key",
	);
});

test("a missing or blank key, or a missing address, is a ConfigError saying what to set", () => {
	for (const [backend, variable] of [
		["tavily", "TAVILY_API_KEY"],
		["brave", "BRAVE_API_KEY"],
	] as const) {
		const message = `The ${backend} search backend needs an API key: set ${variable} or pass apiKey. Without a key, use CREWKIT_SEARCH=duckduckgo (the default) or searxng.`;
		assert.throws(() => createSearchBackend({ backend }, {}), configError(message));
		assert.throws(
			() => createSearchBackend({ backend, apiKey: "  " }, { [variable]: "env" }),
			configError(message),
		);
		assert.throws(
			() => createSearchBackend({ backend }, { [variable]: " " }),
			configError(message),
		);
	}
	assert.throws(
		() => createSearchBackend({ backend: "searxng" }, { SEARXNG_URL: "" }),
		configError(
			"The searxng search backend needs the address of a SearxNG instance: set SEARXNG_URL (e.g. http://localhost:8888) or pass baseUrl.",
		),
	);
});

test("an unknown CREWKIT_SEARCH lists the choices, and suggests the closest when there is one", () => {
	assert.throws(
		() => createSearchBackend({}, { CREWKIT_SEARCH: "Bravo" }),
		configError(
			"CREWKIT_SEARCH is 'Bravo', which is not a search backend. Did you mean 'brave'? Choose one of: duckduckgo, searxng, tavily, brave.",
		),
	);
	assert.throws(
		() => createSearchBackend({}, { CREWKIT_SEARCH: "altavista" }),
		configError(
			"CREWKIT_SEARCH is 'altavista', which is not a search backend. Choose one of: duckduckgo, searxng, tavily, brave.",
		),
	);
});
