import assert from "node:assert/strict";
import { test } from "node:test";
import { scriptedHelpers } from "../../test/support/task-run-helpers.ts";
import { CancelledError } from "../errors.ts";
import { createSourceRegistry, type SourceRegistry } from "../sources/source-registry.ts";
import { defaultGatherLimits, gatherSources } from "./gather-sources.ts";

/**
 * Source tools over a fake web: `web_search` registers the results listed for its query
 * (a file hit and an already-known page among them), `fetch_page` fails for `/broken`.
 */
function tools(registry: SourceRegistry, results: Record<string, string[]>) {
	return async (name: string, input: unknown) => {
		const { query, url } = input as { query?: string; url?: string };
		if (name === "web_search") {
			for (const found of results[query ?? ""] ?? [])
				registry.add({ title: found, origin: { type: "web", url: found } });
			registry.add({ title: "local", origin: { type: "file", path: `${query}.md` } });
		}
		if (name === "fetch_page" && url?.endsWith("/broken")) throw new Error("HTTP 500");
		if (name === "search_sources" && query === "refused") throw "index locked";
		return "";
	};
}

const page = (name: string) => `https://example.org/${name}`;

test("every query goes to each search tool; pages are read best result first, query by query, up to the limit", async () => {
	const registry = createSourceRegistry();
	registry.add({ title: "known", origin: { type: "web", url: page("known") } });
	const results = {
		a: [page("a1"), page("a2"), page("a3")],
		b: [page("b1"), page("broken"), page("known"), page("a1")],
		c: [page("c1")],
	};
	const run = scriptedHelpers({ useTool: tools(registry, results) });
	const report = await gatherSources(
		run.helpers,
		registry,
		["search_sources", "web_search", "fetch_page"],
		["a", "b", "c"],
		{ pages: 5, localHits: 3, webResults: 5 },
	);
	const searches = run.tools.filter((use) => use.name !== "fetch_page");
	assert.deepEqual(searches, [
		{ name: "search_sources", input: { query: "a", limit: 3 } },
		{ name: "web_search", input: { query: "a", maxResults: 5 } },
		{ name: "search_sources", input: { query: "b", limit: 3 } },
		{ name: "web_search", input: { query: "b", maxResults: 5 } },
		{ name: "search_sources", input: { query: "c", limit: 3 } },
		{ name: "web_search", input: { query: "c", maxResults: 5 } },
	]);
	// b's results new to the registry: b1 and broken (known and a1 were registered before);
	// the broken page does not count as read.
	assert.deepEqual(
		run.tools.filter((use) => use.name === "fetch_page").map((use) => use.input),
		[
			{ url: page("a1") },
			{ url: page("b1") },
			{ url: page("c1") },
			{ url: page("a2") },
			{ url: page("broken") },
			{ url: page("a3") },
		],
	);
	assert.deepEqual(report, {
		queries: ["a", "b", "c"],
		pagesRead: 5,
		failures: [`fetch_page {"url":"${page("broken")}"}: HTTP 500`],
	});
});

test("a page found again by a later query is read once, and reading stops at the page limit", async () => {
	const registry = createSourceRegistry();
	const results = { a: [page("a1"), page("a2")], b: [page("b1")], c: [page("c1"), page("a1")] };
	const run = scriptedHelpers({ useTool: tools(registry, results) });
	const report = await gatherSources(
		run.helpers,
		registry,
		["web_search", "fetch_page"],
		["a", "b", "c"],
		{
			...defaultGatherLimits,
			pages: 2,
		},
	);
	assert.deepEqual(
		run.tools.filter((use) => use.name === "fetch_page").map((use) => use.input),
		[{ url: page("a1") }, { url: page("b1") }],
	);
	assert.equal(report.pagesRead, 2);
	const fresh = createSourceRegistry();
	const all = scriptedHelpers({ useTool: tools(fresh, results) });
	await gatherSources(all.helpers, fresh, ["web_search", "fetch_page"], ["a", "b", "c"]);
	assert.deepEqual(
		all.tools.filter((use) => use.name === "fetch_page").map((use) => use.input),
		[{ url: page("a1") }, { url: page("b1") }, { url: page("c1") }, { url: page("a2") }],
	);
});

test("only the tools the researcher has are used: without fetch_page nothing is read, without web_search no page is known", async () => {
	const registry = createSourceRegistry();
	const results = { a: [page("a1")] };
	const searchOnly = scriptedHelpers({ useTool: tools(registry, results) });
	const report = await gatherSources(searchOnly.helpers, registry, ["web_search"], ["a"]);
	assert.deepEqual(searchOnly.tools, [
		{ name: "web_search", input: { query: "a", maxResults: defaultGatherLimits.webResults } },
	]);
	assert.equal(report.pagesRead, 0);
	const fetchOnly = scriptedHelpers({ useTool: tools(createSourceRegistry(), results) });
	await gatherSources(
		fetchOnly.helpers,
		createSourceRegistry(),
		["fetch_page", "search_sources"],
		["a"],
	);
	assert.deepEqual(fetchOnly.tools, [
		{ name: "search_sources", input: { query: "a", limit: defaultGatherLimits.localHits } },
	]);
	assert.deepEqual(defaultGatherLimits, { pages: 10, localHits: 8, webResults: 8 });
});

test("a failing search is noted and the next query still runs; a cancelled run stops with CancelledError", async () => {
	const registry = createSourceRegistry();
	const run = scriptedHelpers({ useTool: tools(registry, {}) });
	const report = await gatherSources(run.helpers, registry, ["search_sources"], ["refused", "b"]);
	assert.deepEqual(report.failures, ['search_sources {"query":"refused","limit":8}: index locked']);
	assert.equal(run.tools.length, 2);

	const controller = new AbortController();
	const cancelled = scriptedHelpers({
		signal: controller.signal,
		useTool: async () => {
			controller.abort();
			throw new Error("aborted");
		},
	});
	await assert.rejects(
		gatherSources(cancelled.helpers, registry, ["search_sources"], ["a", "b"]),
		(error: unknown) =>
			error instanceof CancelledError && error.message === "The run was cancelled.",
	);
	assert.equal(cancelled.tools.length, 1);
});
