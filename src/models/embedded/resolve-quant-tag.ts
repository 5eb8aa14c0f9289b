import type { DownloadRetry } from "./download-model-file.ts";
import type { ModelRequestGuard } from "./follow-guarded.ts";
import type { HuggingFaceAccess } from "./hugging-face-access.ts";
import { listRepoFiles } from "./list-repo-files.ts";
import { fileUriOf, type QuantTagUri } from "./model-source.ts";
import { defaultQuantTags, pickQuantFile, quantTagOf } from "./pick-quant-file.ts";

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
	/** For a URI naming no quantisation: which file was taken, and why, to tell the user. */
	notice: string | undefined;
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
	return {
		path: picked.path,
		spec: fileUriOf(uri, picked.path),
		notice: uri.tag === undefined ? defaultNotice(uri, picked.path) : undefined,
	};
}

/** "hf:o/r names no quantisation: using its Q4_K_M file, …": which file, and why. */
function defaultNotice(uri: QuantTagUri, path: string): string {
	const repo = `hf:${uri.owner}/${uri.repo}`;
	const tag = quantTagOf(path);
	const [preferred] = defaultQuantTags;
	const another = `Name another as ${repo}:<QUANT>.`;
	if (tag === preferred) {
		return `${repo} names no quantisation: using its ${tag} file, ${path}. ${another}`;
	}
	const which =
		tag && (defaultQuantTags as readonly string[]).includes(tag)
			? `its ${tag} file`
			: `its first GGUF file${tag ? ` (${tag})` : ""}`;
	return `${repo} names no quantisation and has no single-file ${preferred}: using ${which}, ${path}, as llama.cpp's -hf would. ${another}`;
}
