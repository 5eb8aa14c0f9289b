/**
 * Local sources: reading files (markdown, text, HTML, PDF) into text, chunking it, a
 * SQLite FTS5 index over the chunks, the `search_sources` tool, and the registry that
 * numbers every source a report cites.
 */

export { type Chunk, type ChunkOptions, chunkText } from "./chunk-text.ts";
export {
	type HtmlToMarkdownOptions,
	htmlToMarkdown,
	type PageMarkdown,
} from "./html-to-markdown.ts";
export { findHeadings, type MarkdownHeading } from "./markdown-headings.ts";
export {
	type DocumentFormat,
	documentFormatOf,
	type ReadDocumentResult,
	readDocument,
	supportedExtensions,
	type TextDocument,
} from "./read-document.ts";
export { createSearchSourcesTool, type SearchSourcesToolOptions } from "./search-sources-tool.ts";
export {
	type IngestFileEvent,
	type IngestOptions,
	type IngestResult,
	openSourceIndex,
	type SearchHit,
	type SearchOptions,
	type SourceIndex,
	type SourceIndexOptions,
} from "./source-index.ts";
export {
	createSourceRegistry,
	type Passage,
	type Source,
	type SourceOrigin,
	type SourceRegistry,
} from "./source-registry.ts";
