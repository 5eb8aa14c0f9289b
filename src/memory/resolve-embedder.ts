import { isAbsolute, resolve } from "node:path";
import type { EmbeddingModelV4 } from "@ai-sdk/provider";
import { ConfigError } from "../errors.ts";
import { parseModelString } from "../models/resolve-model.ts";
import { type Embedder, type EmbedderSpec, isEmbedder } from "./embedder.ts";
import { createModelEmbedder } from "./model-embedder.ts";

export interface ResolveEmbedderOptions {
	/** Folder relative model paths are resolved against. Default: the working directory. */
	cwd?: string;
	/** Environment to read keys and base URLs from. Default: `process.env`. */
	env?: Record<string, string | undefined>;
	/** Threads of an embedded (`local:`) embedder. */
	threads?: number;
	/** Where downloaded models are cached. */
	cacheDir?: string;
}

/** An embedder and how to release it (only what `resolveEmbedder` created is released). */
export interface ResolvedEmbedder {
	embedder: Embedder;
	dispose(): Promise<void>;
}

const compatibleServers: Record<string, { env: string; baseURL: string }> = {
	ollama: { env: "OLLAMA_BASE_URL", baseURL: "http://127.0.0.1:11434/v1" },
	lmstudio: { env: "LMSTUDIO_BASE_URL", baseURL: "http://127.0.0.1:1234/v1" },
	vllm: { env: "VLLM_BASE_URL", baseURL: "http://127.0.0.1:8000/v1" },
	llamacpp: { env: "LLAMACPP_BASE_URL", baseURL: "http://127.0.0.1:8080/v1" },
};

/**
 * Turns an embedder spec into an embedder. Model strings: `local:<file.gguf | hf:…>` (the
 * embedded runtime, no key), `openai:<id>`, `google:<id>`, `ollama:<id>`, `lmstudio:<id>`,
 * `vllm:<id>`, `llamacpp:<id>`, `openai-compatible:<id>@<baseURL>`. Provider packages are
 * imported only when named.
 */
export async function resolveEmbedder(
	spec: EmbedderSpec,
	options: ResolveEmbedderOptions = {},
): Promise<ResolvedEmbedder> {
	if (isEmbedder(spec)) return { embedder: spec, dispose: async () => {} };
	if (typeof spec !== "string") return keep(createModelEmbedder(spec));
	const env = options.env ?? process.env;
	const { provider, rest } = parseModelString(spec);
	switch (provider) {
		case "local": {
			const embedded = await import("../models/embedded/index.ts");
			const source = rest === "default" ? embedded.defaultLocalModel : rest;
			const modelPath = await embedded.resolveLocalModelFile(
				/^(hf:|https?:|file:)/.test(source)
					? source
					: isAbsolute(source)
						? source
						: resolve(options.cwd ?? ".", source),
				{ cacheDir: options.cacheDir ?? embedded.defaultModelCacheDir(env) },
			);
			const { createLlamaEmbedder } = await import("./llama-embedder.ts");
			const embedder = createLlamaEmbedder({
				modelPath,
				...(options.threads ? { threads: options.threads } : {}),
			});
			return { embedder, dispose: () => embedder.dispose() };
		}
		case "openai": {
			const { createOpenAI } = await import("@ai-sdk/openai");
			const apiKey = requireKey(env, "OPENAI_API_KEY", spec);
			return keep(createModelEmbedder(createOpenAI({ apiKey }).embeddingModel(rest)));
		}
		case "google": {
			const { createGoogleGenerativeAI } = await import("@ai-sdk/google");
			const apiKey = requireKey(env, "GOOGLE_GENERATIVE_AI_API_KEY", spec);
			return keep(createModelEmbedder(createGoogleGenerativeAI({ apiKey }).embeddingModel(rest)));
		}
		case "openai-compatible": {
			const at = rest.lastIndexOf("@");
			const baseURL = rest.slice(at + 1);
			if (at <= 0 || !/^https?:\/\//.test(baseURL)) {
				throw new ConfigError(
					`Embedder '${spec}' needs the form openai-compatible:<model>@<baseURL>, e.g. openai-compatible:nomic-embed-text@http://127.0.0.1:8080/v1`,
				);
			}
			return keep(
				await compatibleEmbedder(
					"openai-compatible",
					rest.slice(0, at),
					baseURL,
					env.OPENAI_COMPATIBLE_API_KEY,
				),
			);
		}
		default: {
			const server = compatibleServers[provider];
			if (!server) {
				throw new ConfigError(
					`Embedder '${spec}': ${provider} has no embedding models crewkit can use. Use local:<file.gguf>, openai:<id>, google:<id>, ollama:<id> or openai-compatible:<id>@<baseURL>.`,
				);
			}
			return keep(
				await compatibleEmbedder(provider, rest, env[server.env] ?? server.baseURL, undefined),
			);
		}
	}
}

function keep(embedder: Embedder): ResolvedEmbedder {
	return { embedder, dispose: () => embedder.dispose() };
}

async function compatibleEmbedder(
	name: string,
	model: string,
	baseURL: string,
	apiKey: string | undefined,
): Promise<Embedder> {
	const { createOpenAICompatible } = await import("@ai-sdk/openai-compatible");
	const embeddingModel: EmbeddingModelV4 = createOpenAICompatible({
		name,
		baseURL,
		...(apiKey ? { apiKey } : {}),
	}).embeddingModel(model);
	return createModelEmbedder(embeddingModel);
}

function requireKey(env: Record<string, string | undefined>, name: string, spec: string): string {
	const key = env[name];
	if (!key) {
		throw new ConfigError(
			`Embedder '${spec}' needs ${name}, which is not set. Export it, or embed without a key on the embedded runtime (embedder: 'local:<file.gguf>').`,
		);
	}
	return key;
}
