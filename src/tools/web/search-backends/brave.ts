import { loadZod, onFirstUse } from "../../../zod/load-zod.ts";
import type { FetchFunction } from "../fetch-function.ts";
import type { SearchBackend, SearchResult } from "../search-backend.ts";
import { readSearchJson, sendSearchRequest, toSearchResult } from "./search-request.ts";

export interface BraveOptions {
	/** A Brave Search API subscription token (`BRAVE_API_KEY`). */
	apiKey: string;
	/** Default `https://api.search.brave.com`. */
	baseUrl?: string | undefined;
	fetch?: FetchFunction | undefined;
}

const answer = onFirstUse(() => {
	const z = loadZod();
	return z.object({
		web: z
			.object({
				results: z.array(
					z.object({
						url: z.string(),
						title: z.string().nullish(),
						description: z.string().nullish(),
						page_age: z.string().nullish(),
						age: z.string().nullish(),
					}),
				),
			})
			.optional(),
	});
});

/** Brave's web search API: `GET {baseUrl}/res/v1/web/search?q=…` with `X-Subscription-Token`. */
export function createBraveBackend(options: BraveOptions): SearchBackend {
	const base = (options.baseUrl ?? "https://api.search.brave.com").replace(/\/+$/, "");
	return {
		name: "brave",
		async search(query, { maxResults, signal }) {
			const parameters = new URLSearchParams({ q: query, count: String(Math.min(maxResults, 20)) });
			const response = await sendSearchRequest({
				backend: "Brave Search",
				url: `${base}/res/v1/web/search?${parameters}`,
				init: {
					headers: { accept: "application/json", "x-subscription-token": options.apiKey },
					signal,
				},
				fetch: options.fetch,
				hints: {
					401: "Brave refused the API key: check BRAVE_API_KEY.",
					422: "Brave refused the request (often an invalid BRAVE_API_KEY).",
				},
			});
			const { web } = await readSearchJson("Brave Search", response, answer());
			return (web?.results ?? [])
				.map((result) =>
					toSearchResult({
						title: result.title,
						url: result.url,
						snippet: result.description,
						published: result.page_age ?? result.age,
					}),
				)
				.filter((result): result is SearchResult => result !== undefined)
				.slice(0, maxResults);
		},
	};
}
