import { mkdir, stat } from "node:fs/promises";
import { homedir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { resolveModelFile } from "node-llama-cpp";
import { CancelledError, ModelUnavailableError } from "../../errors.ts";
import { checkDownloadHost, downloadHostFor } from "./check-download-host.ts";

/**
 * The model crewkit runs when none is configured: Qwen2.5 1.5B Instruct, 4-bit (about
 * 1.1 GB). It is small enough for a laptop CPU, tuned to follow instructions, trained for
 * native tool calling (node-llama-cpp's Qwen chat wrapper speaks its format), and
 * licensed Apache-2.0, so crewkit can download it for anyone.
 */
export const defaultLocalModel =
	"hf:Qwen/Qwen2.5-1.5B-Instruct-GGUF/qwen2.5-1.5b-instruct-q4_k_m.gguf";

/** Where to find a model file and what to report while downloading it. */
export interface ResolveLocalModelFileOptions {
	/** Where downloaded models are kept. Defaults to `defaultModelCacheDir()`. */
	cacheDir?: string;
	/** Called as the download progresses, in bytes. */
	onProgress?: (downloaded: number, total: number) => void;
	/** Stops a download; the promise then rejects with a `CancelledError`. */
	signal?: AbortSignal;
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
 *   there once if missing, reporting progress.
 *
 * Rejects with a `ModelUnavailableError` saying what to do when the file is missing or
 * cannot be downloaded; without internet access that happens within seconds.
 */
export async function resolveLocalModelFile(
	spec: string,
	options: ResolveLocalModelFileOptions = {},
): Promise<string> {
	if (!isRemoteSpec(spec)) return checkLocalFile(spec);

	const cacheDir = path.resolve(options.cacheDir ?? defaultModelCacheDir());
	const cached = await resolveModelFile(spec, {
		directory: cacheDir,
		download: false,
		cli: false,
	}).catch(() => cachedUrlFile(spec, cacheDir));
	if (cached) return cached;

	try {
		options.signal?.throwIfAborted();
		await checkDownloadHost(downloadHostFor(spec), { signal: options.signal });
		await mkdir(cacheDir, { recursive: true });
		const { onProgress } = options;
		return await resolveModelFile(spec, {
			directory: cacheDir,
			cli: false,
			...(onProgress && {
				onProgress: ({ downloadedSize, totalSize }) => onProgress(downloadedSize, totalSize),
			}),
			...(options.signal && { signal: options.signal }),
		});
	} catch (error) {
		if (options.signal?.aborted) {
			throw new CancelledError(`The download of ${spec} was cancelled.`, { cause: error });
		}
		throw new ModelUnavailableError(downloadFailedMessage(spec, cacheDir, error), {
			cause: error,
		});
	}
}

function isRemoteSpec(spec: string): boolean {
	return spec.startsWith("hf:") || spec.startsWith("https://") || spec.startsWith("http://");
}

/** node-llama-cpp names a file downloaded from a plain URL after the URL's last segment. */
async function cachedUrlFile(spec: string, cacheDir: string): Promise<string | undefined> {
	if (spec.startsWith("hf:") || !URL.canParse(spec)) return undefined;
	const file = path.join(cacheDir, path.posix.basename(new URL(spec).pathname));
	const stats = await stat(file).catch(() => undefined);
	return stats?.isFile() ? file : undefined;
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
	const reason = (error instanceof Error ? error.message : String(error)).replace(/\.$/, "");
	return (
		`The model ${spec} could not be downloaded: ${reason}. ` +
		`crewkit downloads it once into ${cacheDir}. ` +
		"Without internet access, use a model file you already have " +
		"(--model local:/path/to/model.gguf) or a model server " +
		"(--model ollama:qwen3, or --model openai-compatible:<model>@<baseURL>)."
	);
}
