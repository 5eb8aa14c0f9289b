import { loadZod, onFirstUse } from "../../../zod/load-zod.ts";
import type { FetchFunction } from "../fetch-function.ts";
import type { SearchBackend, SearchResult } from "../search-backend.ts";
import { readSearchJson, sendSearchRequest, toSearchResult } from "./search-request.ts";

export interface SearxngOptions {
	/** The instance's address, e.g. `http://localhost:8888` (`SEARXNG_URL`). */
	baseUrl: string;
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
				publishedDate: z.string().nullish(),
			}),
		),
	});
});

/**
 * A SearxNG instance (self-hosted metasearch, no key): `GET {baseUrl}/search?q=…&format=json`.
 * The instance must allow the JSON format (`search.formats` in its `settings.yml`).
 */
export function createSearxngBackend(options: SearxngOptions): SearchBackend {
	const base = options.baseUrl.replace(/\/+$/, "");
	return {
		name: "searxng",
		async search(query, { maxResults, signal }) {
			const url = `${base}/search?${new URLSearchParams({ q: query, format: "json" })}`;
			const response = await sendSearchRequest({
				backend: "SearxNG",
				url,
				init: { headers: { accept: "application/json" }, signal },
				fetch: options.fetch,
				hints: {
					403: "The instance does not allow JSON answers: add `json` to `search.formats` in its settings.yml.",
				},
			});
			const { results } = await readSearchJson("SearxNG", response, answer());
			return results
				.map((result) =>
					toSearchResult({
						title: result.title,
						url: result.url,
						snippet: result.content,
						published: result.publishedDate,
					}),
				)
				.filter((result): result is SearchResult => result !== undefined)
				.slice(0, maxResults);
		},
	};
}
