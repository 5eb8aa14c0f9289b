import { ProviderError } from "../../../errors.ts";
import type { FetchFunction } from "../fetch-function.ts";
import type { SearchBackend, SearchResult } from "../search-backend.ts";
import { sendSearchRequest, toSearchResult } from "./search-request.ts";

export interface DuckDuckGoOptions {
	/** Default `https://html.duckduckgo.com`. */
	baseUrl?: string | undefined;
	fetch?: FetchFunction | undefined;
}

/**
 * The keyless default: DuckDuckGo's HTML results page (`GET {baseUrl}/html/?q=…`), parsed
 * with linkedom. Best effort: it is a page for people, not an API, so its markup can change
 * without notice and DuckDuckGo may answer automated queries with a bot check. For
 * dependable research configure SearxNG, Tavily or Brave (`CREWKIT_SEARCH`).
 */
export function createDuckDuckGoBackend(options: DuckDuckGoOptions = {}): SearchBackend {
	const base = (options.baseUrl ?? "https://html.duckduckgo.com").replace(/\/+$/, "");
	return {
		name: "duckduckgo",
		async search(query, { maxResults, signal }) {
			const response = await sendSearchRequest({
				backend: "DuckDuckGo",
				url: `${base}/html/?${new URLSearchParams({ q: query })}`,
				init: {
					headers: {
						accept: "text/html",
						"user-agent": "Mozilla/5.0 (compatible; crewkit research agent)",
					},
					signal,
				},
				fetch: options.fetch,
			});
			const html = await response.text();
			const results = await parseDuckDuckGoResults(html);
			if (
				results.length === 0 &&
				(response.status === 202 || /anomaly|challenge-form/i.test(html))
			) {
				throw new ProviderError(
					"DuckDuckGo answered with a bot check instead of results. Its HTML page is a best-effort default: " +
						"set CREWKIT_SEARCH to searxng (with SEARXNG_URL), tavily (TAVILY_API_KEY) or brave (BRAVE_API_KEY).",
					{ status: response.status },
				);
			}
			return results.slice(0, maxResults);
		},
	};
}

/** The organic results of a DuckDuckGo HTML results page (ads skipped). */
export async function parseDuckDuckGoResults(html: string): Promise<SearchResult[]> {
	// linkedom loads only when a search runs, not with crewkit.
	const { parseHTML } = await import("linkedom");
	const { document } = parseHTML(html);
	const results: SearchResult[] = [];
	for (const element of document.querySelectorAll(".result")) {
		if (element.classList.contains("result--ad")) continue;
		const link = element.querySelector("a.result__a");
		const href = link?.getAttribute("href");
		if (!link || !href) continue;
		const url = resultUrl(href);
		if (!url) continue;
		const date = element.querySelector(".result__extras__url span")?.textContent?.trim();
		const result = toSearchResult({
			title: link.textContent,
			url,
			snippet: element.querySelector(".result__snippet")?.textContent,
			published: date && /^\d{4}-\d{2}-\d{2}/.test(date) ? date : undefined,
		});
		if (result) results.push(result);
	}
	return results;
}

/** The target of a result link: DuckDuckGo wraps most in `//duckduckgo.com/l/?uddg=<url>`. */
function resultUrl(href: string): string | undefined {
	try {
		const url = new URL(href, "https://duckduckgo.com/");
		// DuckDuckGo itself or a subdomain: a suffix alone would also match evil-duckduckgo.com.
		if (url.hostname === "duckduckgo.com" || url.hostname.endsWith(".duckduckgo.com")) {
			if (url.pathname === "/l/") return url.searchParams.get("uddg") ?? undefined;
			return undefined;
		}
		return url.href;
	} catch {
		return undefined;
	}
}
