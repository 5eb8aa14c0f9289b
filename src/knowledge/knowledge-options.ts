import type { ChunkOptions } from "../sources/chunk-text.ts";
import type { SourceRegistry } from "../sources/source-registry.ts";

/** How a run searches the knowledge attached to its crew and agents. */
export interface KnowledgeOptions {
	/**
	 * Relative knowledge paths are resolved against this folder, and files are shown (and
	 * cited) relative to it. Default: the working directory.
	 */
	baseFolder?: string;
	/** Where the indexes are kept. Default `.crewkit/knowledge` in `baseFolder`. */
	folder?: string;
	/** Passages put into a task's prompt. Default 3. */
	limit?: number;
	/**
	 * Where the passages found are registered as sources, so an answer can cite them as
	 * `[id]` like `search_sources` results (pass the registry of your source tools to share
	 * one numbering). Default: a registry of the run's own.
	 */
	registry?: SourceRegistry;
	/** How documents are chunked (changing it re-indexes them). */
	chunk?: ChunkOptions;
}
