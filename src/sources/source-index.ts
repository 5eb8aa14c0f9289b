import { stat } from "node:fs/promises";
import { resolve, sep } from "node:path";
import { ConfigError, CrewkitError } from "../errors.ts";
import type { ChunkOptions } from "./chunk-text.ts";
import { examineFile } from "./examine-file.ts";
import { toFtsTerms } from "./fts-query.ts";
import { listFiles } from "./list-files.ts";
import { supportedExtensions } from "./read-document.ts";
import {
	type DocumentRecord,
	openSourceIndexStore,
	type SourceIndexStore,
} from "./source-index-store.ts";

/** A chunk that matched a search, best first. */
export interface SearchHit {
	/** Absolute path of the file. */
	path: string;
	/** The document's title. */
	title: string;
	/** Where in the file (heading path, lines, page), when known. */
	location?: string;
	/** The whole chunk. */
	text: string;
	/** A few words around the matches, matched terms in `**bold**`. */
	snippet: string;
	/** BM25 relevance: higher is better; only comparable within one search. */
	score: number;
}

export interface SearchOptions {
	/** The most hits to return (default 10, at most 100). */
	limit?: number;
}

/** What an ingest did, by file. */
export interface IngestResult {
	added: number;
	updated: number;
	unchanged: number;
	removed: number;
	skipped: Array<{ path: string; reason: string }>;
}

/** One file's outcome, reported as the ingest examines it. `done` of `total` files so far. */
export type IngestFileEvent = { path: string; done: number; total: number } & (
	| { status: "added" | "updated"; chunks: number }
	| { status: "unchanged" | "removed" }
	| { status: "skipped"; reason: string }
);

export interface IngestOptions {
	onFile?: (event: IngestFileEvent) => void;
	/** Larger files are skipped (default 50 MiB). */
	maxFileBytes?: number;
	/**
	 * Also accept one file in place of a folder: only that file is indexed, added, updated or
	 * removed (knowledge attaches single files as well as folders; see src/knowledge).
	 */
	allowFile?: boolean;
}

/** A full-text index of local files (SQLite FTS5, BM25 ranking). */
export interface SourceIndex {
	/**
	 * Brings the index up to date with the supported files under `folder`: new files are
	 * added, changed ones re-indexed, deleted ones removed; unchanged files (same size and
	 * modification time, or same SHA-256) are not read or written again. Files of other
	 * folders in the same index are left alone.
	 */
	ingest(folder: string, options?: IngestOptions): Promise<IngestResult>;
	/** The chunks best matching free text; any text is a valid query. */
	search(query: string, options?: SearchOptions): SearchHit[];
	/** How many documents and chunks the index holds. */
	stats(): { documents: number; chunks: number };
	close(): void;
}

export interface SourceIndexOptions {
	/** How documents are chunked; changing it re-indexes every document on the next ingest. */
	chunk?: ChunkOptions;
}

const defaultMaxFileBytes = 50 * 1024 * 1024;
/** Files examined at once: reading and parsing overlap, memory stays bounded. */
const concurrency = 16;
/** Documents written per transaction. */
const batchSize = 256;

/**
 * Opens (or creates) a source index in a SQLite file, or in memory with `':memory:'`.
 *
 * @example
 * const index = openSourceIndex(".crewkit/sources.sqlite");
 * const { added, skipped } = await index.ingest("./docs");
 * const hits = index.search("retry policy", { limit: 5 });
 */
export function openSourceIndex(path: string, options: SourceIndexOptions = {}): SourceIndex {
	const chunk = options.chunk ?? {};
	const store = openSourceIndexStore(path, JSON.stringify({ chunker: 1, ...chunk }));
	let ingesting = false;
	return {
		async ingest(folder, ingestOptions = {}) {
			if (ingesting) {
				throw new CrewkitError("This source index is already ingesting; await that ingest first.");
			}
			ingesting = true;
			try {
				return await ingestFolder(store, folder, { ...ingestOptions, chunk });
			} finally {
				ingesting = false;
			}
		},
		search(query, searchOptions = {}) {
			const terms = toFtsTerms(query);
			if (terms.length === 0) return [];
			const limit = Math.min(Math.max(Math.trunc(searchOptions.limit ?? 10), 1), 100);
			const match = weightedTerms(store, terms).join(" OR ");
			const hits: SearchHit[] = [];
			for (const top of store.topChunks(match, limit)) {
				const details = store.chunkDetails(match, top.id);
				if (!details) continue;
				const { location, ...rest } = details;
				const hit: SearchHit = { ...rest, score: -top.rank };
				if (location !== undefined) hit.location = location;
				hits.push(hit);
			}
			return hits;
		},
		stats: () => store.counts(),
		close: () => store.close(),
	};
}

async function ingestFolder(
	store: SourceIndexStore,
	folder: string,
	options: IngestOptions & { chunk: ChunkOptions },
): Promise<IngestResult> {
	const root = resolve(folder);
	const rootStats = await stat(root).catch(() => undefined);
	// With allowFile, a file, or a file the index holds that has since been deleted.
	const single =
		options.allowFile === true &&
		(rootStats ? rootStats.isFile() : store.knownFiles((path) => path === root).size > 0);
	if (!rootStats?.isDirectory() && !single) {
		throw new ConfigError(
			`Sources folder '${folder}' ${rootStats ? "is not a folder" : "does not exist"}. Pass a folder of ${supportedExtensions.join(", ")} files.`,
		);
	}
	const prefix = root.endsWith(sep) ? root : root + sep;
	const known = store.knownFiles((path) => (single ? path === root : path.startsWith(prefix)));
	const files = single ? (rootStats ? [root] : []) : await listFiles(root);
	const examineOptions = {
		maxFileBytes: options.maxFileBytes ?? defaultMaxFileBytes,
		chunk: options.chunk,
	};
	const result: IngestResult = { added: 0, updated: 0, unchanged: 0, removed: 0, skipped: [] };
	const report = (event: IngestFileEvent) => options.onFile?.(event);
	const seen = new Set<string>();
	let pending: DocumentRecord[] = [];
	let done = 0;
	for (let start = 0; start < files.length; start += concurrency) {
		const group = files.slice(start, start + concurrency);
		const outcomes = await Promise.all(
			group.map((path) => examineFile(path, known.get(path), examineOptions)),
		);
		for (const [offset, outcome] of outcomes.entries()) {
			const path = group[offset] as string;
			done += 1;
			const progress = { path, done, total: files.length };
			if (outcome.status === "skipped") {
				result.skipped.push({ path, reason: outcome.reason });
				report({ ...progress, status: "skipped", reason: outcome.reason });
				continue;
			}
			seen.add(path);
			result[outcome.status] += 1;
			if (outcome.status === "unchanged") {
				const { touched } = outcome;
				const documentId = known.get(path)?.documentId;
				if (touched && documentId !== undefined) {
					store.touchDocument(documentId, touched.mtimeNs, touched.checkedAtNs);
				}
				report({ ...progress, status: "unchanged" });
			} else {
				pending.push(outcome.record);
				report({ ...progress, status: outcome.status, chunks: outcome.record.chunks.length });
			}
		}
		if (pending.length >= batchSize) {
			store.writeDocuments(pending);
			pending = [];
		}
	}
	store.writeDocuments(pending);
	const removed = [...known].filter(([path]) => !seen.has(path));
	store.removeDocuments(removed.map(([, file]) => file.documentId));
	for (const [path] of removed) {
		report({ path, done: files.length, total: files.length, status: "removed" });
	}
	result.removed = removed.length;
	return result;
}

/**
 * The terms worth matching. FTS5's BM25 gives a term found in more than half of the chunks
 * an IDF of ~0 (`the`, `and`, or a corpus's own name), so such terms cannot change the
 * ranking; they only make SQLite score nearly every chunk. They are dropped unless every
 * term is that common. Counting stops at half the chunks, so it is cheap.
 */
function weightedTerms(store: SourceIndexStore, terms: string[]): string[] {
	if (terms.length < 2) return terms;
	const half = Math.floor(store.counts().chunks / 2);
	// A term that matches nothing is dropped too: kept alone, it would make a search that
	// only it survives find nothing (a one-chunk index has half = 0).
	const weighted = terms.filter((term) => {
		const count = store.countMatches(term, half + 1);
		return count > 0 && count <= half;
	});
	return weighted.length > 0 ? weighted : terms;
}
