import type { EmbeddingModelV4 } from "@ai-sdk/provider";
import type { Embedder } from "./embedder.ts";

/**
 * An embedder over an AI SDK embedding model (`openai.embeddingModel(…)`, …), called
 * through the AI SDK's `embedMany` (batched, retried). Its id is `<provider>:<model id>`.
 */
export function createModelEmbedder(model: EmbeddingModelV4): Embedder {
	return {
		id: `${model.provider}:${model.modelId}`,
		async embed(texts, signal) {
			if (texts.length === 0) return [];
			const { embedMany } = await import("ai");
			const { embeddings } = await embedMany({
				model,
				values: [...texts],
				maxRetries: 2,
				...(signal ? { abortSignal: signal } : {}),
			});
			return embeddings.map((vector) => Float32Array.from(vector));
		},
		async dispose() {},
	};
}
