import { isAbsolute, resolve } from "node:path";
import type { LanguageModelV4 } from "@ai-sdk/provider";
import { ConfigError } from "../errors.ts";
import type { DefaultModelChoice } from "./embedded/choose-default-model.ts";

/** Options that apply when a model string is turned into a model. */
export interface ResolveModelOptions {
	/** Folder relative paths in model strings are resolved against. Default: the working directory. */
	cwd?: string;
	/** Environment to read keys and base URLs from. Default: `process.env`. */
	env?: Record<string, string | undefined>;
	/** Threads of the embedded model. Default: one per physical core, at most 8 (`defaultThreads`). */
	threads?: number;
	/** Context size of the embedded model, in tokens. */
	contextSize?: number;
	/** Where downloaded models are cached. */
	cacheDir?: string;
	/** Progress of a model download, in bytes. */
	onDownloadProgress?: (downloaded: number, total: number) => void;
	/** Told once when another process is downloading the model and this one waits for it. */
	onDownloadWait?: (message: string) => void;
	/** Told which file `local:hf:owner/repo` (no quantisation named) stands for, and why. */
	onModelResolve?: (message: string) => void;
	/** Cancels a model download (the run's signal: a server shutting down stops it). */
	signal?: AbortSignal | undefined;
	/** Told which model `local:default` chose for this machine, and why, before it loads. */
	onModelChoice?: (choice: DefaultModelChoice) => void;
}

/** A resolved model and how to release it (the embedded model holds memory). */
export interface ResolvedModel {
	model: LanguageModelV4;
	dispose(): Promise<void>;
}

/**
 * The model used when nothing is configured: the embedded model chosen for the machine
 * from a documented list, downloaded once (see ./embedded/choose-default-model.ts).
 */
export const defaultModelSpec = "local:default";

/** The providers a model string can name, and what follows their colon. */
export const modelProviders = {
	openai: "openai:<model>  (OPENAI_API_KEY)",
	anthropic: "anthropic:<model>  (ANTHROPIC_API_KEY)",
	google: "google:<model>  (GOOGLE_GENERATIVE_AI_API_KEY)",
	ollama: "ollama:<model>  (OLLAMA_BASE_URL, default http://127.0.0.1:11434/v1)",
	lmstudio: "lmstudio:<model>  (LMSTUDIO_BASE_URL, default http://127.0.0.1:1234/v1)",
	vllm: "vllm:<model>  (VLLM_BASE_URL, default http://127.0.0.1:8000/v1)",
	llamacpp: "llamacpp:<model>  (LLAMACPP_BASE_URL, default http://127.0.0.1:8080/v1)",
	openrouter: "openrouter:<model>  (OPENROUTER_API_KEY)",
	"openai-compatible": "openai-compatible:<model>@<baseURL>  (OPENAI_COMPATIBLE_API_KEY if needed)",
	local:
		"local:<default | path.gguf | hf:owner/repo/file.gguf | hf:owner/repo[:QUANT] | https://…/file.gguf>  (embedded llama.cpp)",
	scripted: "scripted:<replies.json>",
	replay: "replay:<calls.json>",
} as const;

const compatibleServers = {
	ollama: { env: "OLLAMA_BASE_URL", baseURL: "http://127.0.0.1:11434/v1", keyEnv: undefined },
	lmstudio: { env: "LMSTUDIO_BASE_URL", baseURL: "http://127.0.0.1:1234/v1", keyEnv: undefined },
	vllm: { env: "VLLM_BASE_URL", baseURL: "http://127.0.0.1:8000/v1", keyEnv: "VLLM_API_KEY" },
	llamacpp: { env: "LLAMACPP_BASE_URL", baseURL: "http://127.0.0.1:8080/v1", keyEnv: undefined },
	openrouter: {
		env: "OPENROUTER_BASE_URL",
		baseURL: "https://openrouter.ai/api/v1",
		keyEnv: "OPENROUTER_API_KEY",
	},
} as const;

/**
 * Turns a model string into an AI SDK model. Provider packages are imported only when
 * their provider is named, so start-up stays fast.
 */
export function resolveModel(
	spec: string,
	options: ResolveModelOptions = {},
): Promise<ResolvedModel> {
	const { provider } = parseModelString(spec);
	if (!remoteProviders.has(provider)) return createModel(spec, options);
	// Remote models hold no state between calls: one per process for the same string and
	// settings, so many kickoffs (kickoffForEach, a server) do not rebuild providers.
	const env = options.env ?? process.env;
	const key = JSON.stringify([spec, ...settingNames.map((name) => env[name] ?? "")]);
	let model = remoteModels.get(key);
	if (!model) {
		model = createModel(spec, options);
		remoteModels.set(key, model);
		model.catch(() => remoteModels.delete(key));
	}
	return model;
}

/** Providers reached over HTTP: their models can be shared within a process. */
const remoteProviders = new Set<string>([
	"openai",
	"anthropic",
	"google",
	"openai-compatible",
	"ollama",
	"lmstudio",
	"vllm",
	"llamacpp",
	"openrouter",
]);

/** Environment variables a remote model depends on (keys and base URLs). */
const settingNames = [
	"OPENAI_API_KEY",
	"ANTHROPIC_API_KEY",
	"GOOGLE_GENERATIVE_AI_API_KEY",
	"OPENAI_COMPATIBLE_API_KEY",
	"OPENROUTER_API_KEY",
	"VLLM_API_KEY",
	...Object.values(compatibleServers).map((server) => server.env),
];

const remoteModels = new Map<string, Promise<ResolvedModel>>();

async function createModel(spec: string, options: ResolveModelOptions): Promise<ResolvedModel> {
	const env = options.env ?? process.env;
	const { provider, rest } = parseModelString(spec);
	const path = (file: string) => (isAbsolute(file) ? file : resolve(options.cwd ?? ".", file));
	const keep = (model: LanguageModelV4): ResolvedModel => ({ model, dispose: async () => {} });

	switch (provider) {
		case "openai": {
			const { createOpenAI } = await import("@ai-sdk/openai");
			return keep(createOpenAI({ apiKey: requireKey(env, "OPENAI_API_KEY", spec) })(rest));
		}
		case "anthropic": {
			const { createAnthropic } = await import("@ai-sdk/anthropic");
			return keep(createAnthropic({ apiKey: requireKey(env, "ANTHROPIC_API_KEY", spec) })(rest));
		}
		case "google": {
			const { createGoogleGenerativeAI } = await import("@ai-sdk/google");
			const apiKey = requireKey(env, "GOOGLE_GENERATIVE_AI_API_KEY", spec);
			return keep(createGoogleGenerativeAI({ apiKey })(rest));
		}
		case "openai-compatible": {
			const at = rest.lastIndexOf("@");
			const model = rest.slice(0, at);
			const baseURL = rest.slice(at + 1);
			if (at <= 0 || !/^https?:\/\//.test(baseURL)) {
				throw new ConfigError(
					`Model '${spec}' needs the form openai-compatible:<model>@<baseURL>, e.g. openai-compatible:qwen3@http://127.0.0.1:8080/v1`,
				);
			}
			return keep(
				await compatibleModel("openai-compatible", model, baseURL, env.OPENAI_COMPATIBLE_API_KEY),
			);
		}
		case "scripted": {
			const { loadScriptedModel } = await import("./scripted-model.ts");
			return keep(await loadScriptedModel(path(rest)));
		}
		case "replay": {
			const { loadReplayModel } = await import("./replay-model.ts");
			return keep(await loadReplayModel(path(rest)));
		}
		case "local": {
			const embedded = await import("./embedded/index.ts");
			let source = rest;
			let contextSize = options.contextSize;
			let gpu: false | "auto" = false;
			if (rest === "default") {
				const choice = embedded.chooseDefaultModel(await embedded.readMachineResources());
				options.onModelChoice?.(choice);
				source = choice.model.source;
				contextSize ??= choice.contextSize;
				if (choice.gpu) gpu = "auto";
			}
			const modelPath = await embedded.resolveLocalModelFile(
				/^(hf:|https?:|file:)/.test(source) ? source : path(source),
				{
					cacheDir: options.cacheDir ?? embedded.defaultModelCacheDir(env),
					env,
					...(options.onDownloadProgress ? { onProgress: options.onDownloadProgress } : {}),
					...(options.onDownloadWait ? { onWait: options.onDownloadWait } : {}),
					...(options.onModelResolve ? { onResolve: options.onModelResolve } : {}),
					...(options.signal ? { signal: options.signal } : {}),
				},
			);
			const model = embedded.createLlamaModel({
				modelPath,
				gpu,
				...(options.threads ? { threads: options.threads } : {}),
				...(contextSize ? { contextSize } : {}),
			});
			return { model, dispose: () => model.dispose() };
		}
		default: {
			const server = compatibleServers[provider as keyof typeof compatibleServers];
			const baseURL = env[server.env] ?? server.baseURL;
			const apiKey = server.keyEnv
				? provider === "openrouter"
					? requireKey(env, server.keyEnv, spec)
					: env[server.keyEnv]
				: undefined;
			return keep(await compatibleModel(provider, rest, baseURL, apiKey));
		}
	}
}

/** Splits a model string into provider and the rest, or throws a `ConfigError` listing the forms. */
export function parseModelString(spec: string): {
	provider: keyof typeof modelProviders;
	rest: string;
} {
	const colon = spec.indexOf(":");
	const provider = colon > 0 ? spec.slice(0, colon) : "";
	const rest = colon > 0 ? spec.slice(colon + 1).trim() : "";
	if (!(provider in modelProviders) || !rest) {
		throw new ConfigError(
			`Unknown model '${spec}'. Use one of:\n  ${Object.values(modelProviders).join("\n  ")}`,
		);
	}
	return { provider: provider as keyof typeof modelProviders, rest };
}

async function compatibleModel(
	name: string,
	model: string,
	baseURL: string,
	apiKey: string | undefined,
): Promise<LanguageModelV4> {
	const { createOpenAICompatible } = await import("@ai-sdk/openai-compatible");
	return createOpenAICompatible({
		name,
		baseURL,
		includeUsage: true,
		...(apiKey ? { apiKey } : {}),
	}).chatModel(model);
}

function requireKey(env: Record<string, string | undefined>, name: string, spec: string): string {
	const key = env[name];
	if (!key) {
		throw new ConfigError(
			`Model '${spec}' needs ${name}, which is not set. Export it, or run without a key on the embedded model (--model local:<file.gguf>) or a local server (--model ollama:<model>).`,
		);
	}
	return key;
}
