import { ConfigError } from "../../errors.ts";
import type { QuantTagUri } from "./model-source.ts";

/** A file of a Hugging Face repository, as its listing gives it. */
export interface RepoFile {
	/** The path in the repository: `Qwen2.5-7B-Instruct-Q4_K_M.gguf`, `Q8_0/model-00001-of-00002.gguf`. */
	path: string;
	size: number | undefined;
}

/** `-00001-of-00003.gguf`: one part of a GGUF split by llama.cpp's gguf-split. */
const splitPart = /-\d{5}-of-\d{5}\.gguf$/i;

/** Quantisation names as GGUF file names carry them: Q4_K_M, IQ4_XS, Q8_0, F16, BF16, UD-Q4_K_XL, … */
const quantPattern =
	/(?<![A-Za-z0-9])(?:UD-)?(?:I?Q\d+(?:_[A-Za-z0-9]+)*|TQ\d_\d|B?F16|F32|MXFP4(?:_MOE)?)(?![A-Za-z0-9])/gi;

/**
 * What `hf:owner/repo` with no quantisation stands for, as with llama.cpp's `-hf`
 * (`find_best_model` in its common/download.cpp): the file tagged Q4_K_M, else the one
 * tagged Q8_0, else the repository's first GGUF model file by path. crewkit loads a
 * single file, so split files are passed over.
 */
export const defaultQuantTags = ["Q4_K_M", "Q8_0"] as const;

/**
 * The one `.gguf` model file of `files` whose name carries `uri.tag`: case-insensitive,
 * and whole (Q4_K does not match Q4_K_M, Q4_XS does not match IQ4_XS). Vision projectors
 * (`mmproj`), importance matrices and speculative-decoding heads are not models and never
 * match. Split files are refused: crewkit loads a single file. Without a tag, the first of
 * `defaultQuantTags` the repository has as one file, else its first single-file model.
 *
 * @throws ConfigError when no file, several files or only a split file match, saying
 * which quantisations exist and what to write instead.
 */
export function pickQuantFile(uri: QuantTagUri, files: readonly RepoFile[]): RepoFile {
	const ggufs = files.filter((file) => /\.gguf$/i.test(file.path) && isModel(file.path));
	const repo = `hf:${uri.owner}/${uri.repo}`;
	const at = uri.revision === "main" ? "" : ` at revision ${uri.revision}`;
	if (ggufs.length === 0) {
		throw new ConfigError(
			`${repo} has no GGUF file${at}. crewkit runs GGUF models: look for a repository of this model whose name ends in -GGUF.`,
		);
	}
	const singles = ggufs.filter((file) => !splitPart.test(file.path));
	if (uri.tag === undefined) {
		for (const tag of defaultQuantTags) {
			const picked = onlyTagged(uri, singles, tag);
			if (picked) return picked;
		}
		const [first] = singles.toSorted((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
		if (first) return first;
		throw new ConfigError(
			`${repo} names no quantisation, and the repository has no single-file GGUF${at} for crewkit to load: ${quantTagsOf(ggufs).length > 0 ? `its quantisations are ${describeTags(ggufs, singles)}` : `its GGUF files are ${ggufs.map((file) => file.path).join(", ")}`}. Merge the parts of one with llama.cpp's llama-gguf-split --merge and use local:<merged.gguf>.`,
		);
	}
	const picked = onlyTagged(uri, singles, uri.tag);
	if (picked) return picked;
	const tagged = ggufs.filter((file) => hasTag(file.path, uri.tag ?? ""));
	const singleTags = quantTagsOf(singles);
	if (tagged.length > 0) {
		const instead = singleTags[0]
			? ` The repository has single-file quantisations: ${singleTags.join(", ")}; e.g. ${repo}:${singleTags[0]}.`
			: " The repository has no single-file quantisation: merge the parts with llama.cpp's llama-gguf-split --merge and use local:<merged.gguf>.";
		throw new ConfigError(
			`${repo}:${uri.tag} is split into ${tagged.length} files${at} (${tagged[0]?.path}, …), and crewkit needs a single-file GGUF.${instead}`,
		);
	}
	const all = quantTagsOf(ggufs);
	throw new ConfigError(
		`${repo} has no GGUF file tagged ${uri.tag}${at}. ${all.length > 0 ? `Its quantisations: ${describeTags(ggufs, singles)}.` : `Its GGUF files: ${ggufs.map((file) => file.path).join(", ")}; name one as ${repo}/<file>.gguf.`}`,
	);
}

/** The quantisation a GGUF file's name carries (upper-case), if it carries one. */
export function quantTagOf(path: string): string | undefined {
	return path.replace(splitPart, ".gguf").match(quantPattern)?.at(-1)?.toUpperCase();
}

/**
 * The one file of `singles` tagged `tag`, or undefined when none is.
 * @throws ConfigError when several are: which one is meant cannot be guessed.
 */
function onlyTagged(
	uri: QuantTagUri,
	singles: readonly RepoFile[],
	tag: string,
): RepoFile | undefined {
	const matching = singles.filter((file) => hasTag(file.path, tag));
	if (matching.length <= 1) return matching[0];
	const repo = `hf:${uri.owner}/${uri.repo}`;
	const at = uri.revision === "main" ? "" : ` at revision ${uri.revision}`;
	throw new ConfigError(
		`${repo}:${tag} matches ${matching.length} GGUF files${at}: ${matching.map((file) => file.path).join(", ")}. Name the one you want, e.g. ${repo}/${matching[0]?.path}.`,
	);
}

/** Vision projectors, importance matrices and draft heads sit beside models as GGUF files. */
function isModel(path: string): boolean {
	return !/mmproj|imatrix|(?:^|[^a-z0-9])(?:mtp|eagle3|dflash|dspark)-/i.test(basename(path));
}

/** The quantisations of `ggufs`, those only split marked: "Q4_K_M, Q8_0 (split)". */
function describeTags(ggufs: readonly RepoFile[], singles: readonly RepoFile[]): string {
	const singleTags = quantTagsOf(singles);
	return quantTagsOf(ggufs)
		.map((tag) => (singleTags.includes(tag) ? tag : `${tag} (split)`))
		.join(", ");
}

/** True when `path` carries `tag` as a whole quantisation name. */
function hasTag(path: string, tag: string): boolean {
	const escaped = tag.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
	// Not preceded by a letter or digit; not followed by one, nor by `_` and one (Q4_K_M after Q4_K).
	return new RegExp(`(?<![A-Za-z0-9])${escaped}(?![A-Za-z0-9]|_[A-Za-z0-9])`, "i").test(path);
}

/** The quantisation names the files carry, upper-case, sorted, once each. */
function quantTagsOf(files: readonly RepoFile[]): string[] {
	const tags = new Set<string>();
	for (const file of files) {
		const tag = quantTagOf(file.path);
		if (tag) tags.add(tag);
	}
	return [...tags].sort();
}

function basename(path: string): string {
	return path.slice(path.lastIndexOf("/") + 1);
}
