import { loadZod, onFirstUse } from "../../../zod/load-zod.ts";
import type { FetchFunction } from "../fetch-function.ts";
import type { SearchBackend, SearchResult } from "../search-backend.ts";
import { readSearchJson, sendSearchRequest, toSearchResult } from "./search-request.ts";

export interface TavilyOptions {
	/** A Tavily API key (`TAVILY_API_KEY`). */
	apiKey: string;
	/** Default `https://api.tavily.com`. */
	baseUrl?: string | undefined;
	fetch?: FetchFunction | undefined;
}

const answer = onFirstUse(() => {
	const z = loadZod();
	return z.object({
		results: z.array(
			z.object({
				url: z.string(),
				title: z.string().nullish(),
				content: z.string().nullish(),
				published_date: z.string().nullish(),
			}),
		),
	});
});

/** Tavily's search API: `POST {baseUrl}/search` with a bearer key. */
export function createTavilyBackend(options: TavilyOptions): SearchBackend {
	const base = (options.baseUrl ?? "https://api.tavily.com").replace(/\/+$/, "");
	return {
		name: "tavily",
		async search(query, { maxResults, signal }) {
			const response = await sendSearchRequest({
				backend: "Tavily",
				url: `${base}/search`,
				init: {
					method: "POST",
					headers: {
						authorization: `Bearer ${options.apiKey}`,
						"content-type": "application/json",
						accept: "application/json",
					},
					body: JSON.stringify({
						query,
						max_results: maxResults,
						search_depth: "basic",
						include_answer: false,
					}),
					signal,
				},
				fetch: options.fetch,
				hints: {
					401: "Tavily refused the API key: check TAVILY_API_KEY.",
					432: "The Tavily plan's limit is reached.",
				},
			});
			const { results } = await readSearchJson("Tavily", response, answer());
			return results
				.map((result) =>
					toSearchResult({
						title: result.title,
						url: result.url,
						snippet: result.content,
						published: result.published_date,
					}),
				)
				.filter((result): result is SearchResult => result !== undefined)
				.slice(0, maxResults);
		},
	};
}
