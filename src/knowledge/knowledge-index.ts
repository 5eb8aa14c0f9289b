import { createHash } from "node:crypto";
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { createRefCountedCache } from "../models/embedded/ref-counted-cache.ts";
import type { ChunkOptions } from "../sources/chunk-text.ts";
import { openSourceIndex, type SourceIndex } from "../sources/source-index.ts";

/** Which knowledge to index, and where. */
export interface KnowledgeIndexSettings {
	/** Absolute file and folder paths, sorted, without repeats. */
	paths: readonly string[];
	/** The folder the index file is kept in. */
	folder: string;
	chunk?: ChunkOptions | undefined;
}

/**
 * One source index (src/sources) per set of knowledge paths, in
 * `<folder>/knowledge-<hash of the paths>.db`: a task searches exactly its crew's and
 * agent's knowledge, ranked together. Runs in one process share an open index, brought up
 * to date once by whichever opens it first; files unchanged since the last ingest are
 * not read again.
 */
const indexes = createRefCountedCache<KnowledgeIndexSettings, SourceIndex>({
	keyOf: indexFileOf,
	async load(settings) {
		mkdirSync(settings.folder, { recursive: true });
		const index = openSourceIndex(
			indexFileOf(settings),
			settings.chunk ? { chunk: settings.chunk } : {},
		);
		try {
			for (const path of settings.paths) await index.ingest(path, { allowFile: true });
			return index;
		} catch (error) {
			index.close();
			throw error;
		}
	},
	async dispose(index) {
		index.close();
	},
});

/** The index of these knowledge paths, ingested; pair with `releaseKnowledgeIndex`. */
export function acquireKnowledgeIndex(settings: KnowledgeIndexSettings): Promise<SourceIndex> {
	return indexes.acquire(settings);
}

/** Gives back one `acquireKnowledgeIndex`; the last user closes the index. */
export function releaseKnowledgeIndex(settings: KnowledgeIndexSettings): Promise<void> {
	return indexes.release(settings);
}

/** The index file of a set of knowledge paths. */
export function indexFileOf(settings: Pick<KnowledgeIndexSettings, "paths" | "folder">): string {
	const hash = createHash("sha256").update(settings.paths.join("\n")).digest("hex").slice(0, 16);
	return join(settings.folder, `knowledge-${hash}.db`);
}
