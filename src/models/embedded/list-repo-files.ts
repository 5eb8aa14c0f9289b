import { z } from "zod";
import { ConfigError, ModelUnavailableError } from "../../errors.ts";
import { readLimitedBody } from "../../tools/web/read-limited-body.ts";
import { classifyNetworkError } from "./download-fault.ts";
import { followGuarded, type ModelRequestGuard } from "./follow-guarded.ts";
import type { QuantTagUri } from "./model-source.ts";
import type { RepoFile } from "./pick-quant-file.ts";

export interface ListRepoFilesOptions {
	guard: ModelRequestGuard;
	signal?: AbortSignal | undefined;
	/** The whole listing, every page, must arrive within this (default 30 s). */
	timeoutMs?: number | undefined;
}

/** Bounds on what a listing may be: pages, bytes per page, files. */
const limits = { pages: 10, pageBytes: 4 * 1024 * 1024, files: 20_000 };

const treeSchema = z.array(
	z.object({ type: z.string(), path: z.string(), size: z.number().optional() }),
);

/**
 * The files of a Hugging Face model repository at a revision, through the Hub API the
 * endpoint serves (`GET /api/models/{owner}/{repo}/tree/{revision}?recursive=true`, what
 * huggingface.js's `listFiles` asks; further pages follow its `Link: <…>; rel="next"`).
 * Every request goes through the address guard; each page is read up to a size limit
 * and checked for shape; the listing has a deadline and a bounded number of pages, which
 * must stay on the endpoint's origin.
 *
 * @throws ConfigError when the repository or revision does not exist (or is private),
 * or the listing is past the limits; ModelUnavailableError when the endpoint cannot be
 * reached or fails.
 */
export async function listRepoFiles(
	endpoint: URL,
	uri: QuantTagUri,
	options: ListRepoFilesOptions,
): Promise<RepoFile[]> {
	const timeoutMs = options.timeoutMs ?? 30_000;
	const timeout = AbortSignal.timeout(timeoutMs);
	const signal = options.signal ? AbortSignal.any([options.signal, timeout]) : timeout;
	const repo = `hf:${uri.owner}/${uri.repo}`;
	const what = `the file list of ${repo}${uri.revision === "main" ? "" : ` at revision ${uri.revision}`}`;
	const path = [uri.owner, uri.repo, "tree", uri.revision].map(encodeURIComponent).join("/");
	let next: URL | undefined = new URL(`api/models/${path}?recursive=true`, endpoint);
	const files: RepoFile[] = [];
	try {
		for (let page = 1; next; page += 1) {
			if (page > limits.pages || files.length > limits.files) {
				throw new ConfigError(
					`${what} runs past ${limits.pages} pages or ${limits.files} files, more than crewkit reads to find one quantisation. Name the file instead: ${repo}/<file>.gguf.`,
				);
			}
			const { response, url } = await followGuarded(next, {
				guard: options.guard,
				headers: { accept: "application/json", "user-agent": "crewkit" },
				signal,
				action: "list the files of a model at",
			});
			if (!response.ok) {
				await response.body?.cancel().catch(() => {});
				throw statusError(response.status, url, what, repo);
			}
			const body = await readLimitedBody(response, limits.pageBytes);
			if (body.truncated) {
				throw new ModelUnavailableError(
					`${url.host} sent more than ${limits.pageBytes / 1024 / 1024} MB for one page of ${what}; it was not read. Name the file instead: ${repo}/<file>.gguf.`,
				);
			}
			const parsed = treeSchema.safeParse(parseJson(body.bytes));
			if (!parsed.success) {
				throw new ModelUnavailableError(
					`${url.host} answered with something other than a file list for ${what} (is HF_ENDPOINT a Hugging Face mirror?). Name the file instead: ${repo}/<file>.gguf.`,
				);
			}
			for (const entry of parsed.data) {
				if (entry.type === "file") files.push({ path: entry.path, size: entry.size });
			}
			next = nextPage(response.headers.get("link"), url, endpoint);
		}
	} catch (error) {
		if (timeout.aborted && !options.signal?.aborted) {
			throw new ModelUnavailableError(
				`${endpoint.host} did not send ${what} within ${timeoutMs / 1000} s.`,
				{ cause: error },
			);
		}
		if (error instanceof ConfigError || error instanceof ModelUnavailableError) throw error;
		if (options.signal?.aborted) throw error;
		throw new ModelUnavailableError(
			`Could not get ${what}: ${classifyNetworkError(error, endpoint.href).message}.`,
			{ cause: error },
		);
	}
	return files;
}

function parseJson(bytes: Uint8Array): unknown {
	try {
		return JSON.parse(new TextDecoder().decode(bytes));
	} catch {
		return undefined;
	}
}

function statusError(status: number, url: URL, what: string, repo: string): Error {
	if (status === 401 || status === 403 || status === 404) {
		return new ConfigError(
			`${url.host} answered HTTP ${status} for ${what}: the repository or the revision does not exist, or it is private or gated. Check the name; for a gated model, download the file yourself and use local:<file.gguf>.`,
		);
	}
	return new ModelUnavailableError(
		`${url.host} answered HTTP ${status} for ${what}. Try again later, or name the file: ${repo}/<file>.gguf.`,
	);
}

/** The `rel="next"` target of a `Link` header, which must stay on the endpoint's origin. */
function nextPage(link: string | null, base: URL, endpoint: URL): URL | undefined {
	const target = /<([^>]*)>\s*;\s*rel="?next"?/i.exec(link ?? "")?.[1];
	if (!target) return undefined;
	const url = URL.canParse(target, base.href) ? new URL(target, base) : undefined;
	if (!url || (url.origin !== base.origin && url.origin !== endpoint.origin)) {
		throw new ModelUnavailableError(
			`${base.host} sent the next page of a file list to ${url?.origin ?? "an invalid address"}, not to itself; it was not followed.`,
		);
	}
	return url;
}
