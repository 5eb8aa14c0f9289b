import { mkdir, stat } from "node:fs/promises";
import { homedir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { CancelledError, CrewkitError, ModelUnavailableError } from "../../errors.ts";
import { type DownloadRetry, downloadModelFile } from "./download-model-file.ts";
import { huggingFaceAccess } from "./hugging-face-access.ts";
import { fallbackCatalogModel, modelCatalog } from "./model-catalog.ts";
import { fileUriOf, huggingFaceEndpoint, modelSourceOf, quantTagUriOf } from "./model-source.ts";
import { cachedQuantFile, recordQuantFile } from "./quant-tag-cache.ts";
import { resolveQuantTag } from "./resolve-quant-tag.ts";

/**
 * The model `local:default` stands for when the machine is not measured (the embedder's
 * default, the examples): Qwen2.5 1.5B Instruct, 4-bit, about 1.1 GB. `local:default` in a
 * run picks from the documented list by the machine (see ./choose-default-model.ts and
 * ./model-catalog.ts for the list and why).
 */
export const defaultLocalModel = fallbackCatalogModel.source;

/** Where to find a model file and what to report while downloading it. */
export interface ResolveLocalModelFileOptions {
	/** Where downloaded models are kept. Defaults to `defaultModelCacheDir()`. */
	cacheDir?: string;
	/** Called as the download progresses, in bytes. */
	onProgress?: (downloaded: number, total: number) => void;
	/** Told once when another process is downloading the file and this one waits for it. */
	onWait?: (message: string) => void;
	/**
	 * Told which file an `hf:owner/repo` naming no quantisation stands for, and why, when it
	 * is resolved through the network (not when it is found in the cache).
	 */
	onResolve?: (message: string) => void;
	/** Stops a download; the promise then rejects with a `CancelledError`. */
	signal?: AbortSignal | undefined;
	/**
	 * The environment: `HF_ENDPOINT`/`MODEL_ENDPOINT` (a Hugging Face mirror),
	 * `HF_TOKEN`/`HUGGING_FACE_HUB_TOKEN` (for gated and private repositories, sent to that
	 * endpoint only) and `CREWKIT_ALLOW_PRIVATE_MODEL_URLS=1` (allow downloads from the
	 * local network). Only the operator sets these; default `process.env`.
	 */
	env?: Record<string, string | undefined>;
	/** How failed downloads are retried (tests shorten the waits). */
	retry?: DownloadRetry;
}

/**
 * The model cache: `$CREWKIT_CACHE_DIR`, else `$XDG_CACHE_HOME/crewkit/models`, else
 * `~/.cache/crewkit/models`.
 */
export function defaultModelCacheDir(env: NodeJS.ProcessEnv = process.env): string {
	if (env.CREWKIT_CACHE_DIR) return path.resolve(env.CREWKIT_CACHE_DIR);
	const cacheHome = env.XDG_CACHE_HOME || path.join(homedir(), ".cache");
	return path.join(cacheHome, "crewkit", "models");
}

/**
 * Returns the path of a local model file for `spec`:
 *
 * - a path (or `file:` URL) is checked to be an existing file;
 * - an `hf:` URI or an http(s) URL is looked up in the cache directory and downloaded
 *   there once if missing, reporting progress;
 * - a quant-tag URI (`hf:owner/repo:Q4_K_M`, or `hf:owner/repo` for its default
 *   quantisation) is first resolved to one file of the repository
 *   (./resolve-quant-tag.ts), and the resolution recorded in the cache once the file is
 *   there, so the next run needs no network.
 *
 * Rejects with a `ModelUnavailableError` saying what to do when the file is missing or
 * cannot be downloaded; without internet access that happens within seconds.
 */
export async function resolveLocalModelFile(
	spec: string,
	options: ResolveLocalModelFileOptions = {},
): Promise<string> {
	if (!isRemoteSpec(spec)) return checkLocalFile(spec);

	const env = options.env ?? process.env;
	const cacheDir = path.resolve(options.cacheDir ?? defaultModelCacheDir(env));
	const guard = {
		allowPrivateNetwork: env.CREWKIT_ALLOW_PRIVATE_MODEL_URLS === "1",
		// A Hugging Face mirror the operator configured may be on their own network.
		trustedOrigins:
			spec.startsWith("hf:") && (env.MODEL_ENDPOINT || env.HF_ENDPOINT)
				? [huggingFaceEndpoint(env).origin]
				: [],
	};
	const cached = await cachedModelFile(spec, { cacheDir, env });
	if (cached) return cached;

	const quantTag = quantTagUriOf(spec);
	try {
		options.signal?.throwIfAborted();
		const access = huggingFaceAccess(env);
		const resolved = quantTag
			? await resolveQuantTag(quantTag, {
					access,
					guard,
					signal: options.signal,
					retry: options.retry,
				})
			: undefined;
		if (resolved?.notice) options.onResolve?.(resolved.notice);
		const fileSpec = resolved?.spec ?? spec;
		const source = modelSourceOf(fileSpec, env);
		const file = path.join(cacheDir, source.fileName);
		// A quant tag can name a file downloaded before under its own name.
		if (!(await isFile(file))) {
			await mkdir(cacheDir, { recursive: true });
			await downloadModelFile(source.url, file, {
				...guard,
				access,
				signal: options.signal,
				onProgress: options.onProgress,
				onWait: options.onWait,
				sha256: modelCatalog.find((model) => model.source === fileSpec)?.sha256,
				retry: options.retry,
			});
		}
		if (quantTag && resolved) await recordQuantFile(cacheDir, quantTag, resolved.path);
		return file;
	} catch (error) {
		if (error instanceof CancelledError) throw error;
		if (options.signal?.aborted) {
			throw new CancelledError(`The download of ${spec} was cancelled.`, { cause: error });
		}
		if (error instanceof CrewkitError && !(error instanceof ModelUnavailableError)) throw error;
		throw new ModelUnavailableError(downloadFailedMessage(spec, cacheDir, error), {
			cause: error,
		});
	}
}

/**
 * The downloaded file for a remote spec (`hf:…`, an http(s) URL) when it is in the cache,
 * else undefined; never asks the network. A quant-tag URI is found through the resolution
 * recorded when it was downloaded (./quant-tag-cache.ts).
 * @throws ConfigError for an `hf:` URI of neither form.
 */
export async function cachedModelFile(
	spec: string,
	options: { cacheDir: string; env?: Record<string, string | undefined> },
): Promise<string | undefined> {
	const env = options.env ?? process.env;
	const quantTag = quantTagUriOf(spec);
	const recorded = quantTag ? await cachedQuantFile(options.cacheDir, quantTag) : undefined;
	if (quantTag && !recorded) return undefined;
	const fileSpec = quantTag && recorded ? fileUriOf(quantTag, recorded) : spec;
	const file = path.join(options.cacheDir, modelSourceOf(fileSpec, env).fileName);
	return (await isFile(file)) ? file : undefined;
}

async function isFile(file: string): Promise<boolean> {
	return (await stat(file).catch(() => undefined))?.isFile() ?? false;
}

function isRemoteSpec(spec: string): boolean {
	return spec.startsWith("hf:") || spec.startsWith("https://") || spec.startsWith("http://");
}

async function checkLocalFile(spec: string): Promise<string> {
	const file = path.resolve(spec.startsWith("file:") ? fileURLToPath(spec) : spec);
	const stats = await stat(file).catch(() => undefined);
	if (stats?.isFile()) return file;
	throw new ModelUnavailableError(
		`Model file '${file}' ${stats ? "is not a file" : "does not exist"}. ` +
			"Pass the path of a GGUF model file (--model local:/path/to/model.gguf), " +
			`or a Hugging Face URI such as ${defaultLocalModel}.`,
	);
}

function downloadFailedMessage(spec: string, cacheDir: string, error: unknown): string {
	const what =
		error instanceof ModelUnavailableError
			? error.message
			: `The model ${spec} could not be downloaded: ${(error instanceof Error ? error.message : String(error)).replace(/\.$/, "")}.`;
	return (
		`${what} crewkit downloads a model once, into ${cacheDir}. ` +
		"Without internet access, use a model file you already have " +
		"(--model local:/path/to/model.gguf) or a model server " +
		"(--model ollama:qwen3, or --model openai-compatible:<model>@<baseURL>)."
	);
}
