import { ConfigError } from "../../errors.ts";

/** Where a remote model comes from and what its file in the cache is called. */
export interface ModelSource {
	url: URL;
	/** File name in the model cache (the same name node-llama-cpp gives the common forms). */
	fileName: string;
}

/**
 * The Hugging Face endpoint `hf:` URIs resolve against: `MODEL_ENDPOINT` or `HF_ENDPOINT`
 * (as node-llama-cpp and huggingface_hub read them, e.g. a mirror), else huggingface.co.
 * Only the environment of the process sets it: a server's requests cannot.
 */
export function huggingFaceEndpoint(env: Record<string, string | undefined>): URL {
	for (const endpoint of [env.MODEL_ENDPOINT, env.HF_ENDPOINT]) {
		if (endpoint && URL.canParse(endpoint)) {
			const url = new URL(endpoint);
			if (!url.pathname.endsWith("/")) url.pathname += "/";
			return url;
		}
	}
	return new URL("https://huggingface.co/");
}

/**
 * A Hugging Face URI naming a repository's quantisation rather than a file:
 * `hf:owner/repo:Q4_K_M[#revision]`, the short form of llama.cpp's `-hf` and
 * node-llama-cpp, or `hf:owner/repo[#revision]` for its default quantisation (Q4_K_M,
 * with llama.cpp's fallbacks: ./pick-quant-file.ts). Which file it is takes a listing of
 * the repository (./resolve-quant-tag.ts).
 */
export interface QuantTagUri {
	owner: string;
	repo: string;
	/** As written: `Q4_K_M`, `q8_0`, `UD-Q4_K_XL`, `F16`; matched case-insensitively. Undefined: the default. */
	tag: string | undefined;
	revision: string;
}

/** The quant-tag form of `spec`, or undefined when `spec` is not one. */
export function quantTagUriOf(spec: string): QuantTagUri | undefined {
	if (!spec.startsWith("hf:")) return undefined;
	const [withoutRevision = "", revision = "main"] = spec.slice(3).split("#", 2);
	const match = /^([^/:]+)\/([^/:]+)(?::([A-Za-z0-9][\w.-]*))?$/.exec(withoutRevision);
	if (!match?.[1] || !match[2]) return undefined;
	return { owner: match[1], repo: match[2], tag: match[3], revision: revision || "main" };
}

/** The file URI for `path` in the repository and revision of `uri`. */
export function fileUriOf(uri: QuantTagUri, path: string): string {
	return `hf:${uri.owner}/${uri.repo}/${path}${uri.revision === "main" ? "" : `#${uri.revision}`}`;
}

/**
 * Turns a remote model spec that names its file into a URL and a cache file name:
 *
 * - `hf:owner/repo/path/file.gguf[#revision]` → `<endpoint>/owner/repo/resolve/<revision>/path/file.gguf`,
 *   cached as `hf_owner_file.gguf` (with the repository, folders and revision in the name
 *   when the file name alone would not say which repository it came from);
 * - an `http(s)://…/file.gguf` URL → itself, cached under its last path segment.
 *
 * A quant-tag URI (`hf:owner/repo:Q4_K_M`, `hf:owner/repo`) names no file: resolve it to one first
 * (./resolve-quant-tag.ts).
 *
 * @throws ConfigError for an `hf:` URI that does not name a `.gguf` file.
 */
export function modelSourceOf(
	spec: string,
	env: Record<string, string | undefined> = process.env,
): ModelSource {
	if (!spec.startsWith("hf:")) {
		const url = new URL(spec);
		const last = decodeURIComponent(url.pathname.split("/").pop() ?? "");
		return { url, fileName: safeFileName(last || `${url.hostname}.gguf`) };
	}
	const [withoutRevision = "", revision = "main"] = spec.slice(3).split("#", 2);
	const [owner, repo, ...path] = withoutRevision.split("/");
	const file = path.at(-1);
	if (!owner || !repo || !file?.toLowerCase().endsWith(".gguf")) {
		throw new ConfigError(
			`'${spec}' does not name a GGUF file on Hugging Face. Use hf:<owner>/<repository>/<file>.gguf (e.g. hf:Qwen/Qwen2.5-1.5B-Instruct-GGUF/qwen2.5-1.5b-instruct-q4_k_m.gguf), hf:<owner>/<repository>:<quantisation> (e.g. hf:bartowski/Qwen2.5-7B-Instruct-GGUF:Q4_K_M) or hf:<owner>/<repository> (its Q4_K_M), optionally followed by #<revision>.`,
		);
	}
	const url = new URL(
		[owner, repo, "resolve", revision || "main", ...path].map(encodeURIComponent).join("/"),
		huggingFaceEndpoint(env),
	);
	const repoName = repo.replace(/-gguf$/i, "").toLowerCase();
	const parts = ["hf", owner];
	if (!file.toLowerCase().startsWith(repoName) || (revision && revision !== "main"))
		parts.push(repo);
	if (revision && revision !== "main") parts.push(revision);
	if (path.length > 1) parts.push(path.slice(0, -1).join("__"));
	return { url, fileName: safeFileName(`${parts.join("_")}_${file}`) };
}

/** A name safe on every file system: no separators, reserved or control characters. */
function safeFileName(name: string): string {
	// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what is removed.
	return name.replace(/[<>:"/\\|?*\u0000-\u001f]/g, "!").replace(/^\.+/, "!");
}
