import assert from "node:assert/strict";
import { describe, test } from "node:test";
import type { DnsLookup } from "./address-guard.ts";
import { followRedirects, parseWebUrl } from "./follow-redirects.ts";
import { FetchPageError, PrivateAddressError } from "./web-errors.ts";

const signal = new AbortController().signal;
const publicDns: DnsLookup = async () => [{ address: "93.184.216.34", family: 4 }];

/** A fetch answering from a table of URL → response maker, recording what was asked. */
function site(pages: Record<string, () => Response>) {
	const asked: Array<{ url: string; init: RequestInit }> = [];
	const fetch = async (url: string, init: RequestInit) => {
		asked.push({ url, init });
		const page = pages[url];
		if (!page) throw new Error(`unexpected request to ${url}`);
		return page();
	};
	return { asked, fetch };
}
const redirect = (status: number, location?: string) => () =>
	new Response(null, { status, headers: location === undefined ? {} : { location } });
const ok =
	(text = "page") =>
	() =>
		new Response(text);
const follow = (url: string, fetch: ReturnType<typeof site>["fetch"], maxRedirects = 5) =>
	followRedirects(new URL(url), {
		maxRedirects,
		headers: { accept: "text/html" },
		signal,
		fetch,
		lookup: publicDns,
	});
const redirectError = (message: string, url: string) => (error: unknown) => {
	assert.ok(error instanceof FetchPageError, String(error));
	assert.equal(error.reason, "redirect");
	assert.equal(error.message, message);
	assert.equal(error.url, url);
	return true;
};

describe("followRedirects", () => {
	test("follows 301, 302, 303, 307 and 308 by hand, sending each hop as a plain GET", async () => {
		const { asked, fetch } = site({
			"https://a.example/1": redirect(301, "/2"),
			"https://a.example/2": redirect(302, "https://a.example/3"),
			"https://a.example/3": redirect(303, "4"),
			"https://a.example/4": redirect(307, "//b.example/5"),
			"https://b.example/5": redirect(308, "/done"),
			"https://b.example/done": ok("arrived"),
		});
		const { response, url } = await follow("https://a.example/1", fetch);
		assert.equal(url.href, "https://b.example/done");
		assert.equal(await response.text(), "arrived");
		assert.equal(asked.length, 6);
		assert.deepEqual(asked[0]?.init, {
			method: "GET",
			headers: { accept: "text/html" },
			redirect: "manual",
			signal,
		});
	});

	test("the body of a redirect is freed unread", async () => {
		let cancelled = false;
		const body = new ReadableStream({
			cancel() {
				cancelled = true;
			},
		});
		const { fetch } = site({
			"https://a.example/old": () =>
				new Response(body, { status: 301, headers: { location: "/new" } }),
			"https://a.example/new": ok(),
		});
		await follow("https://a.example/old", fetch);
		assert.equal(cancelled, true);
	});

	test("other statuses are answers, not redirects", async () => {
		for (const status of [300, 304, 200, 404]) {
			const { fetch } = site({
				"https://a.example/": () => new Response(null, { status, headers: { location: "/x" } }),
			});
			assert.equal((await follow("https://a.example/", fetch)).response.status, status);
		}
	});

	test("a redirect without a Location header is an error saying so", async () => {
		const { fetch } = site({ "https://a.example/moved": redirect(302) });
		await assert.rejects(follow("https://a.example/moved", fetch), (error: unknown) => {
			redirectError(
				"https://a.example/moved answered HTTP 302 (a redirect) without a Location header.",
				"https://a.example/moved",
			)(error);
			assert.equal((error as FetchPageError).status, 302);
			return true;
		});
	});

	test("a URL seen before, fragment or not, is a loop", async () => {
		const { fetch } = site({
			"https://a.example/a": redirect(302, "/b#top"),
			"https://a.example/b#top": redirect(302, "/a#again"),
		});
		await assert.rejects(
			follow("https://a.example/a", fetch),
			redirectError(
				"Redirect loop: https://a.example/a → https://a.example/b#top → https://a.example/a#again. The page cannot be fetched.",
				"https://a.example/a",
			),
		);
	});

	test("follows exactly maxRedirects redirects, and stops at the next", async () => {
		const { fetch } = site({
			"https://a.example/0": redirect(302, "/1"),
			"https://a.example/1": redirect(302, "/2"),
			"https://a.example/2": ok(),
		});
		assert.equal((await follow("https://a.example/0", fetch, 2)).url.href, "https://a.example/2");
		await assert.rejects(
			follow("https://a.example/0", fetch, 1),
			redirectError(
				"https://a.example/0 redirected more than 1 times (https://a.example/0 → https://a.example/1 → …); stopped.",
				"https://a.example/0",
			),
		);
		await assert.rejects(
			follow("https://a.example/0", fetch, 0),
			/redirected more than 0 times \(https:\/\/a\.example\/0 → …\)/,
		);
	});

	test("https may not redirect to plain http; http may go up to https", async () => {
		const { fetch } = site({
			"https://a.example/secure": redirect(301, "http://a.example/plain"),
			"http://a.example/up": redirect(301, "https://a.example/up"),
			"https://a.example/up": ok(),
		});
		await assert.rejects(
			follow("https://a.example/secure", fetch),
			redirectError(
				"https://a.example/secure redirects from https to plain http (http://a.example/plain); refused so a secure page is not silently swapped for an insecure one. Fetch the http address directly if you trust it.",
				"https://a.example/secure",
			),
		);
		assert.equal((await follow("http://a.example/up", fetch)).url.href, "https://a.example/up");
	});

	test("a redirect to a non-web or broken URL is a redirect error caused by the URL's", async () => {
		const { fetch } = site({
			"https://a.example/file": redirect(302, "file:///etc/passwd"),
			"https://a.example/broken": redirect(302, "http://[broken"),
		});
		await assert.rejects(follow("https://a.example/file", fetch), (error: unknown) => {
			redirectError(
				"https://a.example/file redirects to file:///etc/passwd, a file: URL; only http and https pages can be fetched.",
				"https://a.example/file",
			)(error);
			assert.ok((error as Error).cause instanceof FetchPageError);
			return true;
		});
		await assert.rejects(
			follow("https://a.example/broken", fetch),
			redirectError(
				"'http://[broken' is not a valid URL. Give an absolute http(s) URL.",
				"https://a.example/broken",
			),
		);
	});

	test("every hop's host passes the guard, with a fetch override too", async () => {
		const { asked, fetch } = site({
			"https://a.example/": redirect(302, "https://10.0.0.5/admin"),
		});
		await assert.rejects(
			follow("https://a.example/", fetch),
			(error: unknown) => error instanceof PrivateAddressError && error.address === "10.0.0.5",
		);
		assert.equal(asked.length, 1, "the private hop was never requested");
	});
});

describe("parseWebUrl", () => {
	test("accepts http(s) URLs and refuses the rest, saying why", () => {
		assert.equal(parseWebUrl("https://a.example/x").href, "https://a.example/x");
		assert.equal(parseWebUrl("HTTP://A.example").href, "http://a.example/");
		assert.throws(
			() => parseWebUrl("ftp://files.example/a"),
			(error: unknown) =>
				error instanceof FetchPageError &&
				error.reason === "url" &&
				error.url === "ftp://files.example/a" &&
				error.message ===
					"ftp://files.example/a is a ftp: URL; only http and https pages can be fetched.",
		);
		assert.throws(
			() => parseWebUrl("/relative"),
			(error: unknown) =>
				error instanceof FetchPageError &&
				error.url === "/relative" &&
				error.message === "'/relative' is not a valid URL. Give an absolute http(s) URL.",
		);
	});
});
