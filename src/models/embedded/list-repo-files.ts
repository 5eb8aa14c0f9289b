import { setTimeout as delay } from "node:timers/promises";
import { z } from "zod";
import { ConfigError, CrewkitError, ModelUnavailableError } from "../../errors.ts";
import { readLimitedBody } from "../../tools/web/read-limited-body.ts";
import { type AttemptError, classifyNetworkError, statusError } from "./download-fault.ts";
import { type DownloadRetry, defaultDownloadRetry } from "./download-model-file.ts";
import { followGuarded, type ModelRequestGuard } from "./follow-guarded.ts";
import { accessRefusedError, type HuggingFaceAccess } from "./hugging-face-access.ts";
import type { QuantTagUri } from "./model-source.ts";
import type { RepoFile } from "./pick-quant-file.ts";

export interface ListRepoFilesOptions {
	/** The endpoint to list through, and the token it gets (./hugging-face-access.ts). */
	access: HuggingFaceAccess;
	guard: ModelRequestGuard;
	signal?: AbortSignal | undefined;
	/** The whole listing, every page, must arrive within this (default 30 s), retries included. */
	timeoutMs?: number | undefined;
	/** How a failed page is tried again: as a failed download is, by default. */
	retry?: DownloadRetry | undefined;
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
 * @throws ConfigError when the repository or revision does not exist, is gated or private
 * (saying whether the token was refused or none was set), or the listing is past the
 * limits; ModelUnavailableError when the endpoint cannot be reached or fails.
 */
export async function listRepoFiles(
	uri: QuantTagUri,
	options: ListRepoFilesOptions,
): Promise<RepoFile[]> {
	const { endpoint } = options.access;
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
			const { response, url } = await fetchPage(next, signal, options, what, repo);
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
		throw error;
	}
	return files;
}

/**
 * One page, OK: a 5xx, a 429 or a dropped connection is tried again as a download would
 * be (growing waits, Retry-After honoured, a bounded number of attempts).
 */
async function fetchPage(
	page: URL,
	signal: AbortSignal,
	options: ListRepoFilesOptions,
	what: string,
	repo: string,
): Promise<{ response: Response; url: URL }> {
	const retry = options.retry ?? defaultDownloadRetry;
	for (let attempt = 1; ; attempt += 1) {
		let fault: AttemptError;
		try {
			const answer = await followGuarded(page, {
				guard: options.guard,
				access: options.access,
				headers: { accept: "application/json", "user-agent": "crewkit" },
				signal,
				action: "list the files of a model at",
			});
			if (answer.response.ok) return answer;
			await answer.response.body?.cancel().catch(() => {});
			const status = answer.response.status;
			if (status === 401 || status === 403) {
				throw accessRefusedError(status, what, answer.url, options.access, answer.tokenSent);
			}
			if (status === 404) {
				throw new ConfigError(
					`${answer.url.host} answered HTTP 404 for ${what}: the repository or the revision does not exist${options.access.token ? ", or the token's account may not see it" : ", or it is private (set HF_TOKEN to read a private repository)"}. Check the name.`,
				);
			}
			fault = statusError(answer.response, answer.url);
		} catch (error) {
			if (error instanceof CrewkitError || signal.aborted) throw error;
			fault = classifyNetworkError(error, page.href);
		}
		if (!fault.retryable || attempt >= retry.attempts) {
			throw new ModelUnavailableError(
				`Could not get ${what}: ${fault.message}${attempt > 1 ? ` (${attempt} attempts)` : ""}. Try again later, or name the file: ${repo}/<file>.gguf.`,
			);
		}
		const backoff = retry.baseDelayMs * 2 ** (attempt - 1);
		await delay(Math.min(retry.maxDelayMs, Math.max(backoff, fault.retryAfterMs ?? 0)), undefined, {
			signal,
		});
	}
}

function parseJson(bytes: Uint8Array): unknown {
	try {
		return JSON.parse(new TextDecoder().decode(bytes));
	} catch {
		return undefined;
	}
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
