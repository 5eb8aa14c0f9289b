import type { DownloadRetry } from "./download-model-file.ts";
import type { ModelRequestGuard } from "./follow-guarded.ts";
import type { HuggingFaceAccess } from "./hugging-face-access.ts";
import { listRepoFiles } from "./list-repo-files.ts";
import { fileUriOf, type QuantTagUri } from "./model-source.ts";
import { pickQuantFile } from "./pick-quant-file.ts";

export interface ResolveQuantTagOptions {
	access: HuggingFaceAccess;
	guard: ModelRequestGuard;
	signal?: AbortSignal | undefined;
	retry?: DownloadRetry | undefined;
}

/** The file a quant-tag URI stands for: its path in the repository and its file URI. */
export interface ResolvedQuantTag {
	path: string;
	spec: string;
}

/**
 * Resolves `hf:owner/repo:TAG[#revision]` to one file by listing the repository on the
 * Hugging Face endpoint (./list-repo-files.ts) and picking the one single-file GGUF that
 * carries the tag (./pick-quant-file.ts). The caller records the resolution in the model
 * cache (./quant-tag-cache.ts) once the file is downloaded, so the next run asks nothing.
 */
export async function resolveQuantTag(
	uri: QuantTagUri,
	options: ResolveQuantTagOptions,
): Promise<ResolvedQuantTag> {
	const files = await listRepoFiles(uri, {
		access: options.access,
		guard: options.guard,
		signal: options.signal,
		retry: options.retry,
	});
	const picked = pickQuantFile(uri, files);
	return { path: picked.path, spec: fileUriOf(uri, picked.path) };
}
