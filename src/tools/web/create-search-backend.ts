import { closestName } from "../../config/closest-name.ts";
import { ConfigError } from "../../errors.ts";
import type { FetchFunction } from "./fetch-function.ts";
import type { SearchBackend } from "./search-backend.ts";
import { createBraveBackend } from "./search-backends/brave.ts";
import { createDuckDuckGoBackend } from "./search-backends/duckduckgo.ts";
import { createSearxngBackend } from "./search-backends/searxng.ts";
import { createTavilyBackend } from "./search-backends/tavily.ts";

/** The search backends crewkit ships. */
export const searchBackendNames = ["duckduckgo", "searxng", "tavily", "brave"] as const;
export type SearchBackendName = (typeof searchBackendNames)[number];

export interface SearchBackendConfig {
	/** Which engine; else `CREWKIT_SEARCH`; else the keyless `duckduckgo`. */
	backend?: SearchBackendName | undefined;
	/** The engine's address (required for SearxNG, else `SEARXNG_URL`; tests point others at a local server). */
	baseUrl?: string | undefined;
	/** The engine's key, else `TAVILY_API_KEY` / `BRAVE_API_KEY`. */
	apiKey?: string | undefined;
	fetch?: FetchFunction | undefined;
}

/** Environment variables the choice reads. */
export type SearchEnvironment = Readonly<Record<string, string | undefined>>;

/**
 * The search backend the configuration asks for, falling back on the environment:
 * `CREWKIT_SEARCH` (`duckduckgo` | `searxng` | `tavily` | `brave`), `SEARXNG_URL`,
 * `TAVILY_API_KEY`, `BRAVE_API_KEY`. Without any, DuckDuckGo's keyless HTML page. A missing
 * key or address throws a `ConfigError` here, not at the first search.
 */
export function createSearchBackend(
	config: SearchBackendConfig = {},
	environment: SearchEnvironment = process.env,
): SearchBackend {
	const name = config.backend ?? backendFromEnvironment(environment);
	const fetch = config.fetch;
	switch (name) {
		case "duckduckgo":
			return createDuckDuckGoBackend({ baseUrl: config.baseUrl, fetch });
		case "searxng": {
			const baseUrl = config.baseUrl ?? environment.SEARXNG_URL;
			if (!baseUrl) {
				throw new ConfigError(
					"The searxng search backend needs the address of a SearxNG instance: set SEARXNG_URL (e.g. http://localhost:8888) or pass baseUrl.",
				);
			}
			return createSearxngBackend({ baseUrl, fetch });
		}
		case "tavily":
			return createTavilyBackend({
				apiKey: requireKey(config, environment, "tavily", "TAVILY_API_KEY"),
				baseUrl: config.baseUrl,
				fetch,
			});
		case "brave":
			return createBraveBackend({
				apiKey: requireKey(config, environment, "brave", "BRAVE_API_KEY"),
				baseUrl: config.baseUrl,
				fetch,
			});
	}
}

function backendFromEnvironment(environment: SearchEnvironment): SearchBackendName {
	const chosen = environment.CREWKIT_SEARCH?.trim().toLowerCase();
	if (!chosen) return "duckduckgo";
	if (isBackendName(chosen)) return chosen;
	const suggestion = closestName(chosen, searchBackendNames);
	throw new ConfigError(
		`CREWKIT_SEARCH is '${environment.CREWKIT_SEARCH}', which is not a search backend.${suggestion ? ` Did you mean '${suggestion}'?` : ""} Choose one of: ${searchBackendNames.join(", ")}.`,
	);
}

function isBackendName(name: string): name is SearchBackendName {
	return (searchBackendNames as readonly string[]).includes(name);
}

function requireKey(
	config: SearchBackendConfig,
	environment: SearchEnvironment,
	backend: string,
	variable: string,
): string {
	const key = config.apiKey ?? environment[variable];
	if (key?.trim()) return key.trim();
	throw new ConfigError(
		`The ${backend} search backend needs an API key: set ${variable} or pass apiKey. Without a key, use CREWKIT_SEARCH=duckduckgo (the default) or searxng.`,
	);
}
