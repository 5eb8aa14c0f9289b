/**
 * How a crew's memory is configured. Kept free of heavy imports: `Crew` checks these
 * options when it is defined, and the memory itself is loaded only when a run uses it.
 */
import { ConfigError } from "../errors.ts";
import type { EmbedderSpec } from "./embedder.ts";
import type { MemoryStore } from "./memory-store.ts";

export interface MemoryOptions {
	/** The SQLite file. Default `.crewkit/memory.db` in the working folder. */
	path?: string;
	/** An open store to use instead of `path` (the run does not close it). */
	store?: MemoryStore;
	/**
	 * Recall by meaning with this embedding model (`local:<file.gguf>`, `openai:<id>`, …, an
	 * AI SDK embedding model or an `Embedder`). Default none: keyword recall (FTS5 BM25).
	 */
	embedder?: EmbedderSpec;
	/** The most memories put into a task's prompt. Default 5. */
	limit?: number;
	/** Memories below this relevance (0–1) are not recalled. Default 0 (keyword), 0.2 (embeddings). */
	minRelevance?: number;
	/** Days after which a memory's recency factor is ½. Default 30. */
	halfLifeDays?: number;
	/** Share of a memory's score that age can take away, 0–1. Default 0.5. */
	recencyWeight?: number;
	/**
	 * `agent` (default): an agent recalls its own memories and the crew's shared ones
	 * (entities, preferences); `crew`: every memory of the crew.
	 */
	scope?: "agent" | "crew";
	/** Store the names a result mentions as entity memories. Default true. */
	entities?: boolean;
	/** The clock (milliseconds since the epoch), for tests. */
	now?: () => number;
}

/** Memory as `Crew` and `kickoff` take it: `true` for the defaults; `false` turns a crew's memory off for one run. */
export type MemorySetting = boolean | MemoryOptions;

/** Options with every default filled, as a run uses them. */
export type ResolvedMemoryOptions = Required<
	Pick<MemoryOptions, "limit" | "halfLifeDays" | "recencyWeight" | "scope" | "entities" | "now">
> &
	Pick<MemoryOptions, "path" | "store" | "embedder" | "minRelevance">;

/**
 * The memory options of a run: the crew's, overridden field by field by kickoff's;
 * `undefined` when memory is off (neither turns it on, or kickoff says `false`).
 */
export function memoryOf(
	crewSetting: MemorySetting | undefined,
	kickoffSetting: MemorySetting | undefined,
): MemoryOptions | undefined {
	if (kickoffSetting === false) return undefined;
	const fromCrew = crewSetting === true ? {} : crewSetting || undefined;
	const fromKickoff = kickoffSetting === true ? {} : kickoffSetting;
	if (!fromCrew && !fromKickoff) return undefined;
	return { ...fromCrew, ...fromKickoff };
}

/**
 * Checks memory options where they are given (`new Crew`, `kickoff`), filling defaults.
 * @throws ConfigError naming the bad option and what it takes.
 */
export function resolveMemoryOptions(options: MemoryOptions): ResolvedMemoryOptions {
	const resolved: ResolvedMemoryOptions = {
		limit: options.limit ?? 5,
		halfLifeDays: options.halfLifeDays ?? 30,
		recencyWeight: options.recencyWeight ?? 0.5,
		scope: options.scope ?? "agent",
		entities: options.entities ?? true,
		now: options.now ?? Date.now,
		...(options.path === undefined ? {} : { path: options.path }),
		...(options.store === undefined ? {} : { store: options.store }),
		...(options.embedder === undefined ? {} : { embedder: options.embedder }),
		...(options.minRelevance === undefined ? {} : { minRelevance: options.minRelevance }),
	};
	const fail = (message: string) => {
		throw new ConfigError(`memory: ${message}`);
	};
	if (!Number.isInteger(resolved.limit) || resolved.limit < 1 || resolved.limit > 50)
		fail(`limit must be a whole number from 1 to 50, got ${options.limit}.`);
	if (!(resolved.halfLifeDays > 0))
		fail(`halfLifeDays must be a number of days above 0, got ${options.halfLifeDays}.`);
	if (!(resolved.recencyWeight >= 0 && resolved.recencyWeight <= 1))
		fail(`recencyWeight must be from 0 to 1, got ${options.recencyWeight}.`);
	if (
		resolved.minRelevance !== undefined &&
		!(resolved.minRelevance >= 0 && resolved.minRelevance <= 1)
	)
		fail(`minRelevance must be from 0 to 1, got ${options.minRelevance}.`);
	if (resolved.scope !== "agent" && resolved.scope !== "crew")
		fail(`scope must be 'agent' or 'crew', got '${String(options.scope)}'.`);
	if (options.path !== undefined && (typeof options.path !== "string" || !options.path.trim()))
		fail("path must be the path of a SQLite file, e.g. '.crewkit/memory.db'.");
	return resolved;
}
