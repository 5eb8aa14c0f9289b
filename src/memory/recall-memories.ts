import type { Embedder } from "./embedder.ts";
import { keywordQuery } from "./keyword-query.ts";
import type { MemoryFilter, MemoryRecord } from "./memory-record.ts";
import type { MemoryStore } from "./memory-store.ts";
import { type RecallScoreOptions, recallScore } from "./recall-score.ts";
import { cosineSimilarity } from "./vectors.ts";

/** A recalled memory with how it ranked. */
export interface ScoredMemory {
	memory: MemoryRecord;
	/** 0–1: BM25 relative to the best candidate, or cosine similarity. */
	relevance: number;
	/** `recallScore(relevance, age)`; see recall-score.ts. */
	score: number;
}

export interface RecallOptions extends RecallScoreOptions {
	/** The most memories returned. */
	limit: number;
	/** Candidates below this relevance are left out. Default 0 (keyword), 0.2 (embeddings). */
	minRelevance?: number | undefined;
	/** Recall by meaning with this embedder; without one, by keywords. */
	embedder?: Embedder | undefined;
	/** Now, in milliseconds since the epoch. Default `Date.now()`. */
	now?: number;
	signal?: AbortSignal | undefined;
}

/** Keyword candidates ranked per recall: enough that recency can reorder them. */
const keywordCandidates = (limit: number) => Math.max(limit * 8, 40);
/** Memories given vectors per recall when an embedder is new to a store. */
const backfillLimit = 256;
const backfillBatch = 16;

/**
 * The memories most worth recalling for `query`, best first: by keyword (FTS5 BM25) or,
 * with an embedder, by cosine similarity; each discounted by age (see recall-score.ts).
 * With an embedder, memories in scope without its vector get one first (at most 256 per
 * call), so memories stored before the embedder was configured are found too.
 */
export async function recallMemories(
	store: MemoryStore,
	query: string,
	filter: MemoryFilter,
	options: RecallOptions,
): Promise<ScoredMemory[]> {
	const now = options.now ?? Date.now();
	const candidates = options.embedder
		? await byMeaning(store, query, filter, options.embedder, options.signal)
		: byKeywords(store, query, filter, options.limit);
	const minRelevance = options.minRelevance ?? (options.embedder ? 0.2 : 0);
	return candidates
		.filter((candidate) => candidate.relevance > 0 && candidate.relevance >= minRelevance)
		.map((candidate) => ({
			...candidate,
			score: recallScore(candidate.relevance, now - candidate.memory.updatedAt, options),
		}))
		.sort((left, right) => right.score - left.score || right.memory.id - left.memory.id)
		.slice(0, options.limit);
}

function byKeywords(
	store: MemoryStore,
	query: string,
	filter: MemoryFilter,
	limit: number,
): Array<{ memory: MemoryRecord; relevance: number }> {
	const matches = store.search(keywordQuery(query), { ...filter, limit: keywordCandidates(limit) });
	const best = Math.max(0, ...matches.map((match) => match.relevance));
	if (best === 0) return [];
	return matches.map((match) => ({ memory: match.memory, relevance: match.relevance / best }));
}

async function byMeaning(
	store: MemoryStore,
	query: string,
	filter: MemoryFilter,
	embedder: Embedder,
	signal: AbortSignal | undefined,
): Promise<Array<{ memory: MemoryRecord; relevance: number }>> {
	await embedMissing(store, embedder, filter, signal);
	const [queryVector] = await embedder.embed([query], signal);
	if (!queryVector) return [];
	return store.embeddings(embedder.id, filter).map(({ memory, vector }) => ({
		memory,
		relevance: Math.max(0, cosineSimilarity(queryVector, vector)),
	}));
}

/** Gives the memories in scope without a vector of this embedder one (bounded per call). */
export async function embedMissing(
	store: MemoryStore,
	embedder: Embedder,
	filter: MemoryFilter,
	signal?: AbortSignal,
): Promise<void> {
	const missing = store.withoutEmbedding(embedder.id, { ...filter, limit: backfillLimit });
	for (let start = 0; start < missing.length; start += backfillBatch) {
		const batch = missing.slice(start, start + backfillBatch);
		const vectors = await embedder.embed(batch.map(embeddingText), signal);
		for (const [index, memory] of batch.entries()) {
			const vector = vectors[index];
			if (vector) store.setEmbedding(memory.id, embedder.id, vector);
		}
	}
}

/** What is embedded of a memory: what it is about, then its text. */
export function embeddingText(memory: Pick<MemoryRecord, "about" | "text">): string {
	return memory.about ? `${memory.about}\n${memory.text}` : memory.text;
}
