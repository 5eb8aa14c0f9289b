/**
 * Memory: what earlier runs of a crew learned (task results, the names they mention,
 * preferences, notes), kept in SQLite and recalled into later runs' prompts by relevance
 * and recency (see recall-score.ts for the formula), scoped per crew and agent. Opt-in:
 * `memory: true` on a Crew or kickoff, `crewkit run --memory`.
 */

export type { Embedder, EmbedderSpec } from "./embedder.ts";
export { type Entity, extractEntities } from "./extract-entities.ts";
export { createLlamaEmbedder, type LlamaEmbedderOptions } from "./llama-embedder.ts";
export type { MemoryOptions, MemorySetting } from "./memory-options.ts";
export type { MemoryFilter, MemoryKind, MemoryRecord, NewMemory } from "./memory-record.ts";
export {
	type MemoryMatch,
	type MemoryStore,
	type MemoryStoreOptions,
	openMemoryStore,
} from "./memory-store.ts";
export { createModelEmbedder } from "./model-embedder.ts";
export { type RecallOptions, recallMemories, type ScoredMemory } from "./recall-memories.ts";
export {
	defaultHalfLifeDays,
	defaultRecencyWeight,
	type RecallScoreOptions,
	recallScore,
} from "./recall-score.ts";
export { type ResolveEmbedderOptions, resolveEmbedder } from "./resolve-embedder.ts";
