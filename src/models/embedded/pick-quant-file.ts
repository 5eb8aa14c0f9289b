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
 * The one `.gguf` file of `files` whose name carries `uri.tag`: case-insensitive, and
 * whole (Q4_K does not match Q4_K_M, Q4_XS does not match IQ4_XS). Vision projectors
 * (`mmproj-…`) are not models and never match. Split files are refused: crewkit loads a
 * single file.
 *
 * @throws ConfigError when no file, several files or only a split file match, saying
 * which quantisations exist and what to write instead.
 */
export function pickQuantFile(uri: QuantTagUri, files: readonly RepoFile[]): RepoFile {
	const ggufs = files.filter(
		(file) => /\.gguf$/i.test(file.path) && !/^mmproj/i.test(basename(file.path)),
	);
	const tagged = ggufs.filter((file) => hasTag(file.path, uri.tag));
	const single = tagged.filter((file) => !splitPart.test(file.path));
	const repo = `hf:${uri.owner}/${uri.repo}`;
	const at = uri.revision === "main" ? "" : ` at revision ${uri.revision}`;
	if (single.length === 1 && single[0]) return single[0];
	if (single.length > 1) {
		throw new ConfigError(
			`${repo}:${uri.tag} matches ${single.length} GGUF files${at}: ${single.map((file) => file.path).join(", ")}. Name the one you want, e.g. ${repo}/${single[0]?.path}.`,
		);
	}
	const singles = quantTagsOf(ggufs.filter((file) => !splitPart.test(file.path)));
	if (tagged.length > 0) {
		const instead = singles[0]
			? ` The repository has single-file quantisations: ${singles.join(", ")}; e.g. ${repo}:${singles[0]}.`
			: " The repository has no single-file quantisation: merge the parts with llama.cpp's llama-gguf-split --merge and use local:<merged.gguf>.";
		throw new ConfigError(
			`${repo}:${uri.tag} is split into ${tagged.length} files${at} (${tagged[0]?.path}, …), and crewkit needs a single-file GGUF.${instead}`,
		);
	}
	if (ggufs.length === 0) {
		throw new ConfigError(
			`${repo} has no GGUF file${at}. crewkit runs GGUF models: look for a repository of this model whose name ends in -GGUF.`,
		);
	}
	const all = quantTagsOf(ggufs);
	throw new ConfigError(
		`${repo} has no GGUF file tagged ${uri.tag}${at}. ${all.length > 0 ? `Its quantisations: ${all.map((tag) => (singles.includes(tag) ? tag : `${tag} (split)`)).join(", ")}.` : `Its GGUF files: ${ggufs.map((file) => file.path).join(", ")}; name one as ${repo}/<file>.gguf.`}`,
	);
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
		const found = file.path.replace(splitPart, ".gguf").match(quantPattern);
		const tag = found?.at(-1);
		if (tag) tags.add(tag.toUpperCase());
	}
	return [...tags].sort();
}

function basename(path: string): string {
	return path.slice(path.lastIndexOf("/") + 1);
}
