import { statSync } from "node:fs";
import { basename } from "node:path";
import type { Llama, LlamaEmbeddingContext, LlamaModel } from "node-llama-cpp";
import { ModelUnavailableError } from "../errors.ts";
import { defaultThreads } from "../models/embedded/default-threads.ts";
import type { Embedder } from "./embedder.ts";

export interface LlamaEmbedderOptions {
	/** A GGUF file on disk. */
	modelPath: string;
	/** CPU threads (default one per physical core, at most 8: `defaultThreads`). */
	threads?: number;
	/** Tokens per text; longer texts are cut. Default: the model's training context, at most 2,048. */
	contextSize?: number;
}

interface Loaded {
	llama: Llama;
	model: LlamaModel;
	context: LlamaEmbeddingContext;
	maxTokens: number;
}

/**
 * An embedder running a GGUF model in-process with node-llama-cpp's embedding context. The
 * model is loaded on first use; texts are embedded one after another (one context).
 * Its id is `local:<file name>:<file size>`, so vectors of another file are not compared.
 */
export function createLlamaEmbedder(options: LlamaEmbedderOptions): Embedder {
	let size: number;
	try {
		size = statSync(options.modelPath).size;
	} catch {
		throw new ModelUnavailableError(
			`The embedding model file '${options.modelPath}' does not exist. Check the path after 'local:'.`,
		);
	}
	let loading: Promise<Loaded> | undefined;
	let queue: Promise<unknown> = Promise.resolve();

	const load = async (): Promise<Loaded> => {
		const { getLlama, LlamaLogLevel } = await import("node-llama-cpp");
		try {
			const llama = await getLlama({
				gpu: false,
				build: "never",
				maxThreads: 0,
				logLevel: LlamaLogLevel.error,
			});
			const model = await llama.loadModel({ modelPath: options.modelPath });
			const maxTokens = options.contextSize ?? Math.min(model.trainContextSize, 2048);
			const context = await model.createEmbeddingContext({
				contextSize: maxTokens,
				batchSize: maxTokens,
				threads: options.threads ?? defaultThreads(),
			});
			return { llama, model, context, maxTokens };
		} catch (error) {
			throw new ModelUnavailableError(
				`Could not load the embedding model '${options.modelPath}': ${error instanceof Error ? error.message : String(error)}`,
				{ cause: error },
			);
		}
	};

	return {
		id: `local:${basename(options.modelPath)}:${size}`,
		embed(texts, signal) {
			const work = queue.then(async () => {
				loading ??= load();
				const loaded = await loading;
				const vectors: Float32Array[] = [];
				for (const text of texts) {
					signal?.throwIfAborted();
					const tokens = loaded.model.tokenize(text).slice(0, loaded.maxTokens);
					const embedding =
						tokens.length === 0 ? undefined : await loaded.context.getEmbeddingFor(tokens);
					vectors.push(Float32Array.from(embedding?.vector ?? []));
				}
				return vectors;
			});
			queue = work.catch(() => {});
			return work;
		},
		async dispose() {
			const held = loading;
			loading = undefined;
			await queue;
			const loaded = await held?.catch(() => undefined);
			if (!loaded) return;
			await loaded.context.dispose();
			await loaded.model.dispose();
			await loaded.llama.dispose();
		},
	};
}
