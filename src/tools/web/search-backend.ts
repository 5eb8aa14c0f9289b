/** One result of a web search. */
export interface SearchResult {
	title: string;
	url: string;
	/** The engine's summary of the page: a few sentences at most. */
	snippet: string;
	/** Publication date when the engine knows it (`YYYY-MM-DD` or as given). */
	published?: string;
}

export interface SearchOptions {
	/** Most results wanted; backends return at most this many. */
	maxResults: number;
	signal: AbortSignal;
}

/**
 * A web search engine behind `web_search`. Implementations: SearxNG, Tavily, Brave and
 * the keyless DuckDuckGo HTML default (`createSearchBackend` picks one from configuration).
 */
export interface SearchBackend {
	/** Short name shown to the model and in errors: `"searxng"`. */
	name: string;
	search(query: string, options: SearchOptions): Promise<SearchResult[]>;
}
