import {
	getLlama,
	type Llama,
	LlamaChat,
	type LlamaContext,
	LlamaLogLevel,
	type LlamaModel,
} from "node-llama-cpp";
import { ModelUnavailableError } from "../../errors.ts";
import { type ConcurrencyLimit, createConcurrencyLimit } from "../concurrency-limit.ts";
import { createRefCountedCache } from "./ref-counted-cache.ts";

/** What identifies a loaded model: the same settings share one loaded model in a process. */
export interface LoadSettings {
	modelPath: string;
	/** CPU threads for evaluation; always given to node-llama-cpp explicitly. */
	threads: number;
	/** Tokens in the context window; `undefined` lets node-llama-cpp fit up to 8,192. */
	contextSize: number | undefined;
	gpu: false | "auto";
}

/** A model file in memory with one context and one chat on its only sequence. */
export interface LoadedModel {
	readonly llama: Llama;
	readonly model: LlamaModel;
	readonly context: LlamaContext;
	readonly chat: LlamaChat;
	/** Calls share the one sequence, so they run one after another. */
	readonly queue: ConcurrencyLimit;
}

/** The context window used when none is configured, if memory allows. */
export const defaultMaxContextSize = 8192;

const serverAdvice =
	"Use a model server instead: --model ollama:qwen3 or --model openai-compatible:<model>@<baseURL>.";

const llamas = createRefCountedCache<LoadSettings["gpu"], Llama>({
	keyOf: (gpu) => String(gpu),
	async load(gpu) {
		try {
			// maxThreads 0 lifts node-llama-cpp's own cap (at least 4 threads on CPU), so the
			// threads given to each context are used exactly; "never" build fails fast instead
			// of compiling llama.cpp from source.
			return await getLlama({ gpu, build: "never", maxThreads: 0, logLevel: LlamaLogLevel.error });
		} catch (error) {
			throw new ModelUnavailableError(
				`The embedded model runtime (node-llama-cpp) could not start: ${messageOf(error)}. ${serverAdvice}`,
				{ cause: error },
			);
		}
	},
	dispose: (llama) => llama.dispose(),
});

type ModelSettings = Pick<LoadSettings, "modelPath" | "gpu">;

const models = createRefCountedCache<ModelSettings, LlamaModel>({
	keyOf: ({ modelPath, gpu }) => JSON.stringify([modelPath, gpu]),
	async load({ modelPath, gpu }) {
		const llama = await llamas.acquire(gpu);
		try {
			return await llama.loadModel({ modelPath });
		} catch (error) {
			await llamas.release(gpu);
			throw new ModelUnavailableError(
				`Could not load the model file '${modelPath}': ${messageOf(error)}. ` +
					"Check that it is a complete GGUF file (delete it from the cache to download it again).",
				{ cause: error },
			);
		}
	},
	async dispose(model, { gpu }) {
		await model.dispose();
		await llamas.release(gpu);
	},
});

const contexts = createRefCountedCache<LoadSettings, LoadedModel>({
	keyOf: (settings) =>
		JSON.stringify([settings.modelPath, settings.gpu, settings.threads, settings.contextSize]),
	async load(settings) {
		const model = await models.acquire(settings);
		try {
			const context = await model.createContext({
				contextSize: settings.contextSize ?? { max: defaultMaxContextSize },
				threads: settings.threads,
				sequences: 1,
			});
			const chat = new LlamaChat({ contextSequence: context.getSequence() });
			return { llama: model.llama, model, context, chat, queue: createConcurrencyLimit(1) };
		} catch (error) {
			await models.release(settings);
			throw new ModelUnavailableError(
				`Could not create a context for '${settings.modelPath}': ${messageOf(error)}. ` +
					"Try a smaller context size.",
				{ cause: error },
			);
		}
	},
	async dispose(loaded, settings) {
		loaded.chat.dispose();
		await loaded.context.dispose();
		await models.release(settings);
	},
});

/**
 * Returns the loaded model for these settings, loading the file on first use. Loads are
 * shared: the same settings never load twice, even concurrently, and models with the same
 * file share its weights. Pair every call with `releaseLoadedModel`.
 */
export function acquireLoadedModel(settings: LoadSettings): Promise<LoadedModel> {
	return contexts.acquire(settings);
}

/** Gives back one `acquireLoadedModel`; the last release frees the context and model. */
export function releaseLoadedModel(settings: LoadSettings): Promise<void> {
	return contexts.release(settings);
}

/** How many contexts are loaded or loading in this process. */
export function loadedModelCount(): number {
	return contexts.size;
}

function messageOf(error: unknown): string {
	return (error instanceof Error ? error.message : String(error)).replace(/\.$/, "");
}
