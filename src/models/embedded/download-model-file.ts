import { open, rename, rm, stat } from "node:fs/promises";
import { setTimeout as delay } from "node:timers/promises";
import { CancelledError, ModelUnavailableError } from "../../errors.ts";
import type { DnsLookup } from "../../tools/web/address-guard.ts";
import { followRedirects } from "../../tools/web/follow-redirects.ts";
import { guardedRequest } from "../../tools/web/guarded-request.ts";
import { FetchPageError, PrivateAddressError } from "../../tools/web/web-errors.ts";
import { AttemptError, classifyNetworkError, statusError, totalSize } from "./download-fault.ts";
import { withDownloadLock } from "./download-lock.ts";
import { formatBytes } from "./format-progress-bar.ts";
import { verifyModelFile } from "./verify-model-file.ts";

/** How a failed download is tried again. */
export interface DownloadRetry {
	/** Attempts in all, the first included. */
	attempts: number;
	/** Wait before the second attempt; doubles each time. */
	baseDelayMs: number;
	/** The wait never grows past this (a Retry-After asking for more is capped too). */
	maxDelayMs: number;
}

export const defaultDownloadRetry = {
	attempts: 4,
	baseDelayMs: 1000,
	maxDelayMs: 30_000,
} as const satisfies DownloadRetry;

export interface DownloadModelFileOptions {
	/** Stops the download; the partial file is kept so the next download resumes it. */
	signal?: AbortSignal | undefined;
	/** Allow loopback and private-network addresses (the operator's choice, never a request's). */
	allowPrivateNetwork?: boolean | undefined;
	/**
	 * Origins (`http://10.0.0.5:8080`) allowed even on a private address, such as a mirror
	 * the operator configured; a redirect from them to anywhere else passes the guard.
	 */
	trustedOrigins?: readonly string[] | undefined;
	/** Name resolution for the address guard; injected in tests. */
	lookup?: DnsLookup | undefined;
	/** Called as bytes arrive: bytes on disk so far, and the total when the server says it. */
	onProgress?: ((downloaded: number, total: number) => void) | undefined;
	/** The file's SHA-256 (hex); a download that does not match is deleted and refused. */
	sha256?: string | undefined;
	retry?: DownloadRetry | undefined;
	/** An attempt fails when no byte arrives for this long (default 60 s); the next resumes. */
	stallMs?: number | undefined;
	/**
	 * Told once when another process is downloading the same file and this one waits for it:
	 * "waiting for another crewkit process (pid N) downloading X".
	 */
	onWait?: ((message: string) => void) | undefined;
	/** Waiting for another process gives up when its partial file stops growing this long (default 5 min). */
	waitStallMs?: number | undefined;
}

/** Destinations being downloaded in this process: a second caller waits for the first. */
const inFlight = new Map<string, Promise<void>>();

/**
 * Downloads a model file to `destination`, through crewkit's address guard on every hop
 * (redirects included: each is resolved and checked, and the socket's address checked
 * again), so a model URL can reach neither the machine itself nor its network unless the
 * operator allowed it.
 *
 * Bytes go to `<destination>.part`; an interrupted attempt (dropped connection, a stall,
 * a 5xx, a 429) is retried a bounded number of times with growing waits, resuming where
 * it stopped when the server accepts ranges. A 4xx other than 408/429, a refused address
 * and a bad redirect fail at once. The finished file must have the size the server
 * announced, start like a GGUF file and match `sha256` when given; only then is it
 * renamed to `destination`. Cancelling (the signal) stops within a chunk and keeps the
 * partial file for the next attempt. Processes share the file through a lock next to it
 * (./download-lock.ts): one downloads, the others wait and then use the finished file.
 *
 * @throws ModelUnavailableError saying what failed and what to do; CancelledError when aborted.
 */
export async function downloadModelFile(
	url: URL,
	destination: string,
	options: DownloadModelFileOptions = {},
): Promise<void> {
	for (let running = inFlight.get(destination); running; running = inFlight.get(destination)) {
		try {
			await untilAborted(running, options.signal, url, `${destination}.part`);
			return;
		} catch (error) {
			// Another caller cancelled its download: this one carries on with its own.
			if (!(error instanceof CancelledError) || options.signal?.aborted) throw error;
		}
	}
	const download = withDownloadLock(
		destination,
		{ signal: options.signal, onWait: options.onWait, stallMs: options.waitStallMs },
		async () => {
			// Another process finished (and verified) it while this one waited.
			if ((await stat(destination).catch(() => undefined))?.isFile()) return;
			await downloadWithRetries(url, destination, options);
		},
	).finally(() => inFlight.delete(destination));
	inFlight.set(destination, download);
	return download;
}

/** Waits for `promise`, or rejects with a `CancelledError` as soon as `signal` aborts. */
function untilAborted(
	promise: Promise<void>,
	signal: AbortSignal | undefined,
	url: URL,
	partial: string,
): Promise<void> {
	if (!signal) return promise;
	return new Promise<void>((resolve, reject) => {
		const onAbort = () => {
			try {
				throwIfCancelled(signal, url, partial);
			} catch (error) {
				reject(error);
			}
		};
		if (signal.aborted) return onAbort();
		signal.addEventListener("abort", onAbort, { once: true });
		promise.then(resolve, reject).finally(() => signal.removeEventListener("abort", onAbort));
	});
}

async function downloadWithRetries(
	url: URL,
	destination: string,
	options: DownloadModelFileOptions,
): Promise<void> {
	const retry = options.retry ?? defaultDownloadRetry;
	const partial = `${destination}.part`;
	const failures: string[] = [];
	for (let attempt = 1; ; attempt += 1) {
		throwIfCancelled(options.signal, url, partial);
		try {
			await downloadOnce(url, partial, options);
			break;
		} catch (error) {
			throwIfCancelled(options.signal, url, partial, error);
			if (error instanceof ModelUnavailableError) throw error;
			const fault = error instanceof AttemptError ? error : classifyNetworkError(error, url.href);
			failures.push(fault.message);
			if (!fault.retryable || attempt >= retry.attempts) {
				const tries =
					attempt === 1 ? "" : ` after ${attempt} attempts (${[...new Set(failures)].join("; ")})`;
				throw new ModelUnavailableError(
					`The model at ${url.href} could not be downloaded: ${fault.message}${tries}. ${await keptText(partial)}`,
					{ cause: error },
				);
			}
			const backoff = Math.min(retry.maxDelayMs, retry.baseDelayMs * 2 ** (attempt - 1));
			const wait = Math.min(retry.maxDelayMs, Math.max(backoff, fault.retryAfterMs ?? 0));
			try {
				await delay(wait, undefined, options.signal ? { signal: options.signal } : {});
			} catch (abort) {
				throwIfCancelled(options.signal, url, partial, abort);
				throw abort;
			}
		}
	}
	await verifyModelFile(url, partial, options.sha256);
	await rename(partial, destination);
}

async function downloadOnce(
	url: URL,
	partial: string,
	options: DownloadModelFileOptions,
): Promise<void> {
	const offset = (await stat(partial).catch(() => undefined))?.size ?? 0;
	const attempt = new AbortController();
	const signal = options.signal
		? AbortSignal.any([options.signal, attempt.signal])
		: attempt.signal;
	const stallMs = options.stallMs ?? 60_000;
	let stalled = false;
	let timer = setTimeout(() => {
		stalled = true;
		attempt.abort();
	}, stallMs);
	const keepAlive = () => {
		clearTimeout(timer);
		timer = setTimeout(() => {
			stalled = true;
			attempt.abort();
		}, stallMs);
	};
	try {
		const { response, url: final } = await followGuarded(url, offset, signal, options);
		const resumed = offset > 0 && response.status === 206;
		if (offset > 0 && response.status === 416) {
			await response.body?.cancel().catch(() => {});
			await rm(partial, { force: true });
			throw new AttemptError(`${final.host} refused to resume at byte ${offset}`, {
				retryable: true,
			});
		}
		if (!response.ok) {
			await response.body?.cancel().catch(() => {});
			throw statusError(response, final);
		}
		const rangeStart = /^bytes (\d+)-/.exec(response.headers.get("content-range") ?? "")?.[1];
		if (resumed && Number(rangeStart) !== offset) {
			await response.body?.cancel().catch(() => {});
			await rm(partial, { force: true });
			throw new AttemptError(`${final.host} resumed at the wrong byte`, { retryable: true });
		}
		const total = totalSize(response, resumed ? offset : 0);
		let received = resumed ? offset : 0;
		options.onProgress?.(received, total);
		const body = response.body;
		if (!body) throw new AttemptError(`${final.host} sent no body`, { retryable: true });
		// Each chunk is on disk before the next is read, so whatever stops the transfer
		// (a cut, a stall, cancelling) leaves a partial file the next attempt can resume.
		const output = await open(partial, resumed ? "a" : "w");
		try {
			for await (const chunk of body) {
				keepAlive();
				await output.write(chunk);
				received += chunk.length;
				options.onProgress?.(received, total);
			}
		} finally {
			await output.close();
		}
		if (total > 0 && received !== total) {
			throw new AttemptError(
				`the connection ended after ${formatBytes(received)} of ${formatBytes(total)}`,
				{ retryable: received < total },
			);
		}
	} catch (error) {
		if (stalled) {
			throw new AttemptError(`no data arrived for ${stallMs / 1000} s`, {
				retryable: true,
			});
		}
		throw error;
	} finally {
		clearTimeout(timer);
	}
}

async function followGuarded(
	url: URL,
	offset: number,
	signal: AbortSignal,
	options: DownloadModelFileOptions,
): Promise<{ response: Response; url: URL }> {
	const headers: Record<string, string> = {
		"accept-encoding": "identity",
		"user-agent": "crewkit",
		...(offset > 0 ? { range: `bytes=${offset}-` } : {}),
	};
	const trusted = new Set(options.trustedOrigins ?? []);
	try {
		return await followRedirects(url, {
			maxRedirects: 10,
			headers,
			signal,
			// Each hop is guarded below, where it is known whether its origin is trusted.
			allowPrivate: true,
			lookup: options.lookup,
			fetch: (href) => {
				const hop = new URL(href);
				return guardedRequest(hop, {
					headers,
					signal,
					allowPrivate: options.allowPrivateNetwork || trusted.has(hop.origin),
					lookup: options.lookup,
				});
			},
		});
	} catch (error) {
		if (error instanceof PrivateAddressError) {
			const where =
				error.hostname === url.hostname
					? `${error.hostname} is`
					: `it redirects to ${error.hostname}, which is`;
			throw new ModelUnavailableError(
				`Refused to download a model from ${url.href}: ${where} ${error.range}, not a public address. To download from your own network, set CREWKIT_ALLOW_PRIVATE_MODEL_URLS=1 for the CLI (a server's requests can never name such a URL).`,
				{ cause: error },
			);
		}
		if (error instanceof FetchPageError) {
			throw new ModelUnavailableError(
				`The model at ${url.href} could not be downloaded: ${error.message}`,
				{ cause: error },
			);
		}
		throw error;
	}
}

function throwIfCancelled(
	signal: AbortSignal | undefined,
	url: URL,
	partial: string,
	cause?: unknown,
): void {
	if (!signal?.aborted) return;
	throw new CancelledError(
		`The download of ${url.href} was cancelled; what arrived is kept in ${partial} and the next download resumes from it.`,
		{ cause: cause ?? signal.reason },
	);
}

async function keptText(partial: string): Promise<string> {
	const size = (await stat(partial).catch(() => undefined))?.size ?? 0;
	return size > 0
		? `The ${formatBytes(size)} downloaded so far are kept in ${partial}; the next download resumes from there.`
		: "";
}
