import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { ProviderError } from "../../../errors.ts";
import { createDuckDuckGoBackend, parseDuckDuckGoResults } from "./duckduckgo.ts";

const signal = new AbortController().signal;

/** One organic result block as DuckDuckGo's HTML page writes it. */
const result = (href: string, title = "Title", extras = "") =>
	`<div class="result results_links web-result"><h2><a class="result__a" href="${href}">${title}</a></h2>${extras}<a class="result__snippet">Snippet of ${title}</a></div>`;
const page = (...results: string[]) => `<html><body>${results.join("\n")}</body></html>`;
const wrapped = (target: string) =>
	`//duckduckgo.com/l/?uddg=${encodeURIComponent(target)}&rut=abc`;

describe("parseDuckDuckGoResults", () => {
	test("unwraps DuckDuckGo's redirect links, from duckduckgo.com or a subdomain, absolute or relative", async () => {
		const results = await parseDuckDuckGoResults(
			page(
				result(wrapped("https://a.example/one"), "One"),
				result(
					`https://duckduckgo.com/l/?uddg=${encodeURIComponent("https://b.example/two")}`,
					"Two",
				),
				result(
					`https://html.duckduckgo.com/l/?uddg=${encodeURIComponent("https://c.example/")}`,
					"Three",
				),
				result(`/l/?uddg=${encodeURIComponent("https://d.example/")}`, "Four"),
			),
		);
		assert.deepEqual(
			results.map((entry) => entry.url),
			[
				"https://a.example/one",
				"https://b.example/two",
				"https://c.example/",
				"https://d.example/",
			],
		);
		assert.deepEqual(results[0], {
			title: "One",
			url: "https://a.example/one",
			snippet: "Snippet of One",
		});
	});

	test("a look-alike host is an ordinary result, not DuckDuckGo's redirector", async () => {
		const spoof = `https://evil-duckduckgo.com/l/?uddg=${encodeURIComponent("https://trusted.example/")}`;
		const results = await parseDuckDuckGoResults(
			page(result(spoof, "Spoof"), result("https://notduckduckgo.com/page", "Neighbour")),
		);
		assert.deepEqual(
			results.map((entry) => entry.url),
			[spoof, "https://notduckduckgo.com/page"],
		);
	});

	test("skips ads, DuckDuckGo's own pages, links without a target and broken links", async () => {
		const results = await parseDuckDuckGoResults(
			page(
				`<div class="result result--ad"><a class="result__a" href="${wrapped("https://ad.example/")}">Ad</a></div>`,
				result("https://duckduckgo.com/y.js?ad_provider=x", "Own page"),
				result(
					`https://duckduckgo.com/y.js?uddg=${encodeURIComponent("https://ad.example/")}`,
					"Ad redirect",
				),
				result("https://duckduckgo.com/l/?rut=only", "No target"),
				result("http://[broken", "Broken"),
				'<div class="result"><a class="result__a">No href</a></div>',
				'<div class="result"><a href="https://plain.example/">Not a result link</a></div>',
				result("ftp://files.example/", "Not web"),
				result("https://kept.example/", "Kept"),
			),
		);
		assert.deepEqual(
			results.map((entry) => entry.title),
			["Kept"],
		);
	});

	test("takes a date shown beside the URL, and only one that looks like a date", async () => {
		const dated = (date: string) =>
			`<div class="result__extras"><div class="result__extras__url"><span>${date}</span></div></div>`;
		const results = await parseDuckDuckGoResults(
			page(
				result("https://a.example/", "Dated", dated(" 2026-03-10T08:00:00 ")),
				result("https://b.example/", "Vague", dated("3 days ago")),
				result("https://c.example/", "Near miss", dated("on 2026-03-10")),
			),
		);
		assert.equal(results[0]?.published, "2026-03-10");
		assert.equal("published" in (results[1] ?? {}), false);
		assert.equal("published" in (results[2] ?? {}), false);
	});
});

describe("the DuckDuckGo backend", () => {
	test("GETs {baseUrl}/html/?q=… as a browser would ask for a page", async () => {
		const requests: Array<{ url: string; init: RequestInit }> = [];
		const backend = createDuckDuckGoBackend({
			fetch: async (url, init) => {
				requests.push({ url, init });
				return new Response(page(result("https://a.example/")), {
					headers: { "content-type": "text/html" },
				});
			},
		});
		assert.equal(backend.name, "duckduckgo");
		await backend.search("heat & pumps", { maxResults: 5, signal });
		assert.deepEqual(requests, [
			{
				url: "https://html.duckduckgo.com/html/?q=heat+%26+pumps",
				init: {
					headers: {
						accept: "text/html",
						"user-agent": "Mozilla/5.0 (compatible; crewkit research agent)",
					},
					signal,
				},
			},
		]);
		const urls: string[] = [];
		await createDuckDuckGoBackend({
			baseUrl: "http://127.0.0.1:9/ddg//",
			fetch: async (url) => {
				urls.push(url);
				return new Response(page(result("https://a.example/")));
			},
		}).search("x", { maxResults: 1, signal });
		assert.deepEqual(urls, ["http://127.0.0.1:9/ddg/html/?q=x"]);
	});

	test("returns at most maxResults results", async () => {
		const backend = createDuckDuckGoBackend({
			fetch: async () =>
				new Response(
					page(...["a", "b", "c"].map((name) => result(`https://${name}.example/`, name))),
				),
		});
		assert.deepEqual(
			(await backend.search("x", { maxResults: 2, signal })).map((entry) => entry.title),
			["a", "b"],
		);
	});

	test("a bot check (HTTP 202, or a challenge page) without results is an error naming the other backends", async () => {
		const message =
			"DuckDuckGo answered with a bot check instead of results. Its HTML page is a best-effort default: " +
			"set CREWKIT_SEARCH to searxng (with SEARXNG_URL), tavily (TAVILY_API_KEY) or brave (BRAVE_API_KEY).";
		for (const [status, html] of [
			[202, page()],
			[200, '<form id="challenge-form"></form>'],
			[200, "<p>Unfortunately, bots use DuckDuckGo too. Anomaly detected.</p>"],
		] as const) {
			const backend = createDuckDuckGoBackend({
				fetch: async () => new Response(html, { status }),
			});
			await assert.rejects(
				backend.search("x", { maxResults: 5, signal }),
				(error: unknown) =>
					error instanceof ProviderError && error.message === message && error.status === status,
			);
		}
	});

	test("no results without a bot check is simply no results; results despite a 202 are results", async () => {
		const empty = createDuckDuckGoBackend({ fetch: async () => new Response(page()) });
		assert.deepEqual(await empty.search("x", { maxResults: 5, signal }), []);
		const accepted = createDuckDuckGoBackend({
			fetch: async () => new Response(page(result("https://a.example/")), { status: 202 }),
		});
		assert.equal((await accepted.search("x", { maxResults: 5, signal })).length, 1);
	});
});
