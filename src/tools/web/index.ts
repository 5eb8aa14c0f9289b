/**
 * Web tools: `web_search` over a pluggable search backend and `fetch_page` for reading
 * pages, both registering what they return as citable sources and both guarded against
 * reaching private networks (SSRF) unless the user allows it.
 */

export { type AddressGuardOptions, assertPublicAddress, type DnsLookup } from "./address-guard.ts";
export {
	createSearchBackend,
	type SearchBackendConfig,
	type SearchBackendName,
	type SearchEnvironment,
	searchBackendNames,
} from "./create-search-backend.ts";
export type { FetchFunction } from "./fetch-function.ts";
export { type FetchedPage, type FetchPageOptions, fetchPage } from "./fetch-page.ts";
export { createFetchPageTool, type FetchPageToolOptions } from "./fetch-page-tool.ts";
export type { SearchBackend, SearchOptions, SearchResult } from "./search-backend.ts";
export { type BraveOptions, createBraveBackend } from "./search-backends/brave.ts";
export { createDuckDuckGoBackend, type DuckDuckGoOptions } from "./search-backends/duckduckgo.ts";
export { createSearxngBackend, type SearxngOptions } from "./search-backends/searxng.ts";
export { createTavilyBackend, type TavilyOptions } from "./search-backends/tavily.ts";
export { FetchPageError, type FetchPageFailure, PrivateAddressError } from "./web-errors.ts";
export { createWebSearchTool, type WebSearchToolOptions } from "./web-search.ts";
