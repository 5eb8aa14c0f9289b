import type { EmbeddingModelV4 } from "@ai-sdk/provider";

/** Turns texts into vectors for recall by meaning. */
export interface Embedder {
	/**
	 * Names the vector space (`local:<file>`, `openai:text-embedding-3-small`): stored vectors
	 * are compared only with vectors of the same id.
	 */
	readonly id: string;
	/** One vector per text, in order. */
	embed(texts: readonly string[], signal?: AbortSignal): Promise<Float32Array[]>;
	/** Releases what the embedder holds (a loaded model). */
	dispose(): Promise<void>;
}

/**
 * An embedder as configured: a model string (`local:<file.gguf>`, `openai:<id>`,
 * `google:<id>`, `ollama:<id>`, `openai-compatible:<id>@<baseURL>`), an AI SDK embedding
 * model, or an `Embedder`.
 */
export type EmbedderSpec = (string & {}) | EmbeddingModelV4 | Embedder;

export function isEmbedder(value: unknown): value is Embedder {
	return (
		typeof value === "object" &&
		value !== null &&
		typeof (value as Embedder).embed === "function" &&
		typeof (value as Embedder).id === "string"
	);
}
