import { statSync } from "node:fs";
import path from "node:path";
import type {
	LanguageModelV4,
	LanguageModelV4CallOptions,
	LanguageModelV4GenerateResult,
	LanguageModelV4StreamResult,
} from "@ai-sdk/provider";
import { CancelledError, ConfigError, ModelUnavailableError } from "../../errors.ts";
import type { ModelWindow } from "../model-window.ts";
import { collectStream } from "./collect-stream.ts";
import { defaultThreads } from "./default-threads.ts";
import {
	acquireLoadedModel,
	type LoadedModel,
	type LoadSettings,
	releaseLoadedModel,
} from "./loaded-model.ts";
import { planGeneration } from "./plan-generation.ts";
import { streamChatResponse } from "./stream-chat-response.ts";
import { windowOf } from "./window-of.ts";

/** How to run a GGUF model file in-process. */
export interface LlamaModelOptions {
	/** A GGUF file on disk; `resolveLocalModelFile` turns a URI into one. */
	modelPath: string;
	/**
	 * CPU threads. Defaults to one per physical core, at most 8 (`defaultThreads`, set from
	 * bench/threads.bench.ts), and is always passed to node-llama-cpp: its own default (at
	 * least 4) is many times slower on small machines.
	 */
	threads?: number;
	/** Tokens in the context window. Defaults to as many as memory allows, up to 8,192. */
	contextSize?: number;
	/** `false` (default) runs on the CPU; `'auto'` uses a GPU when node-llama-cpp finds one. */
	gpu?: false | "auto";
	/** Seed for sampling when a call sets a temperature above 0 but no seed. */
	seed?: number;
	/**
	 * A call fails when no token is evaluated or generated for this long (default 3
	 * minutes). There is no wall-clock limit: a slow but progressing call runs to its end.
	 */
	stallMs?: number;
	/** How often prompt-evaluation progress is reported (`includeRawChunks`); default a second. */
	progressIntervalMs?: number;
}

/** An AI SDK language model running a local GGUF file with node-llama-cpp. */
export interface LlamaLanguageModel extends LanguageModelV4 {
	doGenerate(options: LanguageModelV4CallOptions): Promise<LanguageModelV4GenerateResult>;
	doStream(options: LanguageModelV4CallOptions): Promise<LanguageModelV4StreamResult>;
	/** The settings in use, with defaults filled in. */
	readonly settings: Readonly<LoadSettings & { seed: number | undefined }>;
	/** Loads the model now rather than on the first call, to fail early or show progress. */
	load(): Promise<void>;
	/** The loaded context's size and the model's own token counts (loads the model). */
	window(): Promise<ModelWindow>;
	/**
	 * Waits for queued calls, then lets go of the loaded model; the last user of a loaded
	 * model frees its memory. A later call loads it again.
	 */
	dispose(): Promise<void>;
}

/**
 * Creates an AI SDK `LanguageModelV4` over a local GGUF file (provider `crewkit.local`,
 * model id the file name). Nothing is loaded until the first call or `load()`; models
 * created with the same file, threads, context size and GPU setting share one loaded copy,
 * and their calls run one at a time, each from an empty context.
 *
 * Throws at once a `ModelUnavailableError` if the file does not exist, and a
 * `ConfigError` for invalid settings.
 *
 * Cancellation: when a call's `abortSignal` aborts, `doStream`'s stream errors and
 * `doGenerate` rejects with a `CancelledError`. A prompt longer than the context window
 * fails the same way with a `LimitError` instead of being cut.
 */
export function createLlamaModel(options: LlamaModelOptions): LlamaLanguageModel {
	const settings = checkedSettings(options);
	let loading: Promise<LoadedModel> | undefined;

	const ensureLoaded = (): Promise<LoadedModel> => {
		if (!loading) {
			const attempt = acquireLoadedModel(settings);
			loading = attempt;
			attempt.catch(() => {
				if (loading === attempt) loading = undefined;
			});
		}
		return loading;
	};

	const doStream = async (callOptions: LanguageModelV4CallOptions) => {
		if (callOptions.abortSignal?.aborted) {
			throw new CancelledError("The model call was cancelled before it started.", {
				cause: callOptions.abortSignal.reason,
			});
		}
		const plan = planGeneration(callOptions, settings.seed);
		const loaded = await ensureLoaded();
		return {
			stream: streamChatResponse({
				loaded,
				plan,
				modelId: path.basename(settings.modelPath),
				abortSignal: callOptions.abortSignal,
				stallMs: options.stallMs,
				progressIntervalMs: options.progressIntervalMs,
			}),
		};
	};

	return {
		specificationVersion: "v4",
		provider: "crewkit.local",
		modelId: path.basename(settings.modelPath),
		supportedUrls: {},
		settings,
		doStream,
		async doGenerate(callOptions) {
			const { stream } = await doStream(callOptions);
			return collectStream(stream);
		},
		async load() {
			await ensureLoaded();
		},
		async window() {
			return windowOf(await ensureLoaded());
		},
		async dispose() {
			const held = loading;
			loading = undefined;
			const loaded = await held?.catch(() => undefined);
			if (!loaded) return;
			await loaded.queue.run(async () => {});
			await releaseLoadedModel(settings);
		},
	};
}

function checkedSettings(options: LlamaModelOptions): LlamaLanguageModel["settings"] {
	const modelPath = path.resolve(options.modelPath);
	const stats = statSync(modelPath, { throwIfNoEntry: false });
	if (!stats?.isFile()) {
		throw new ModelUnavailableError(
			`Model file '${modelPath}' ${stats ? "is not a file" : "does not exist"}. ` +
				"Pass the path of a GGUF model file (--model local:/path/to/model.gguf), " +
				"or leave --model out to download the default model.",
		);
	}
	const threads = options.threads ?? defaultThreads();
	if (!Number.isInteger(threads) || threads < 1) {
		throw new ConfigError(`threads must be a whole number of at least 1, not ${threads}.`);
	}
	if (
		options.contextSize !== undefined &&
		(!Number.isInteger(options.contextSize) || options.contextSize < 1)
	) {
		throw new ConfigError(
			`contextSize must be a whole number of tokens, not ${options.contextSize}.`,
		);
	}
	const gpu = options.gpu ?? false;
	if (gpu !== false && gpu !== "auto") {
		throw new ConfigError(`gpu must be false or 'auto', not ${JSON.stringify(gpu)}.`);
	}
	return { modelPath, threads, contextSize: options.contextSize, gpu, seed: options.seed };
}
