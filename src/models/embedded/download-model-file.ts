import { open, rename, rm, stat } from "node:fs/promises";
import { setTimeout as delay } from "node:timers/promises";
import { CancelledError, CrewkitError, ModelUnavailableError } from "../../errors.ts";
import {
	type AnnouncedFile,
	announcedFileOf,
	forgetHash,
	recordedHash,
	recordHash,
} from "./announced-file.ts";
import { AttemptError, classifyNetworkError, statusError, totalSize } from "./download-fault.ts";
import { withDownloadLock } from "./download-lock.ts";
import { followGuarded, type ModelRequestGuard } from "./follow-guarded.ts";
import { formatBytes } from "./format-progress-bar.ts";
import { accessRefusedError, type HuggingFaceAccess } from "./hugging-face-access.ts";
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

export interface DownloadModelFileOptions extends ModelRequestGuard {
	/** Stops the download; the partial file is kept so the next download resumes it. */
	signal?: AbortSignal | undefined;
	/** Called as bytes arrive: bytes on disk so far, and the total when the server says it. */
	onProgress?: ((downloaded: number, total: number) => void) | undefined;
	/**
	 * The file's SHA-256 (hex) as crewkit's catalog pins it: a download that does not match
	 * is deleted and refused, and a server announcing another hash is refused before any
	 * byte is fetched. Without it, the hash the server announces (Hugging Face's
	 * `X-Linked-Etag`, ./announced-file.ts) is checked instead.
	 */
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
	/**
	 * The Hugging Face endpoint and the environment's token (./hugging-face-access.ts): the
	 * token goes to the endpoint's origin only, and a 401 or 403 from it says the repository
	 * is gated or private and what to do.
	 */
	access?: HuggingFaceAccess | undefined;
}

/** Destinations being downloaded in this process: a second caller waits for the first. */
const inFlight = new Map<string, Promise<void>>();

/**
 * Downloads a model file to `destination`, through crewkit's address guard on every hop
 * (./follow-guarded.ts), so a model URL can reach neither the machine itself nor its
 * network unless the operator allowed it.
 *
 * Bytes go to `<destination>.part`; an interrupted attempt (dropped connection, a stall,
 * a 5xx, a 429) is retried a bounded number of times with growing waits, resuming where
 * it stopped when the server accepts ranges. A 4xx other than 408/429, a refused address
 * and a bad redirect fail at once. The finished file must have the size the server
 * announced, start like a GGUF file and match its SHA-256: `sha256` when given, else the
 * one the URL's own server announced (on Hugging Face, every LFS file; the hash is kept
 * in `<destination>.part.sha256` so a resumed download is known to continue the same
 * file, and a partial file of a file that changed since is deleted). Only then is it
 * renamed to `destination`. Cancelling (the signal) stops within a chunk and keeps the
 * partial file for the next attempt. Processes share the file through a lock next to it
 * (./download-lock.ts): one downloads, the others wait and then use the finished file.
 *
 * @throws ModelUnavailableError saying what failed and what to do; ConfigError when the
 * Hugging Face endpoint refuses access (a gated or private repository); CancelledError when aborted.
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
	let announced: AnnouncedFile | undefined;
	for (let attempt = 1; ; attempt += 1) {
		throwIfCancelled(options.signal, url, partial);
		try {
			announced = await downloadOnce(url, partial, options);
			break;
		} catch (error) {
			throwIfCancelled(options.signal, url, partial, error);
			if (error instanceof CrewkitError) throw error;
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
	try {
		await verifyModelFile(url, partial, {
			// An earlier attempt's announcement, when the last one had none, is on disk.
			sha256: options.sha256 ?? announced?.sha256 ?? (await recordedHash(partial)),
			pinned: options.sha256 !== undefined,
			size: announced?.size,
		});
		await rename(partial, destination);
	} finally {
		await forgetHash(partial);
	}
}

/** One attempt; returns what the URL's server announced about the file, if anything. */
async function downloadOnce(
	url: URL,
	partial: string,
	options: DownloadModelFileOptions,
): Promise<AnnouncedFile | undefined> {
	const offset = (await stat(partial).catch(() => undefined))?.size ?? 0;
	const recorded = offset > 0 ? await recordedHash(partial) : undefined;
	let announced: AnnouncedFile | undefined;
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
		const {
			response,
			url: final,
			tokenSent,
		} = await followGuarded(url, {
			guard: options,
			access: options.access,
			headers: {
				"accept-encoding": "identity",
				"user-agent": "crewkit",
				...(offset > 0 ? { range: `bytes=${offset}-` } : {}),
			},
			signal,
			action: "download a model from",
			// Checked on the endpoint's own answer, before its redirect to the bytes is followed.
			onOwnResponse: async (hop) => {
				const found = announcedFileOf(hop.headers);
				if (!found.sha256) return;
				await refuseChangedFile(url, partial, found, options.sha256, recorded);
				announced = found;
			},
		});
		if (announced?.sha256 && announced.sha256 !== recorded) {
			await recordHash(partial, announced.sha256);
		}
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
			const { access } = options;
			const fromEndpoint =
				tokenSent || (access && !access.token && final.origin === access.endpoint.origin);
			if (access && fromEndpoint && (response.status === 401 || response.status === 403)) {
				throw accessRefusedError(response.status, url.href, final, access, tokenSent);
			}
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
		return announced;
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

/**
 * Stops before any byte is fetched when the server announces a file other than the one
 * expected: another hash than the catalog pins (the file changed upstream), or, resuming,
 * another hash than the partial file was begun with (it changed mid-download: the partial
 * file is deleted, as it belongs to neither).
 */
async function refuseChangedFile(
	url: URL,
	partial: string,
	announced: AnnouncedFile,
	pinned: string | undefined,
	recorded: string | undefined,
): Promise<void> {
	if (pinned && announced.sha256 !== pinned.toLowerCase()) {
		const revision = announced.commit
			? `name the new file with its revision (${url.host} says commit ${announced.commit}) so it is checked against the hash ${url.host} announces: --model local:${url.href.replace(/\/resolve\/[^/]+\//, `/resolve/${announced.commit}/`)}`
			: `name it by its URL so it is checked against the hash ${url.host} announces: --model local:${url.href}`;
		throw new ModelUnavailableError(
			`${url.host} now announces SHA-256 ${announced.sha256} for ${url.href}, but crewkit's model list pins ${pinned}: the file changed upstream since this version of crewkit was made. Nothing was downloaded. Update crewkit, or, if you trust the new file, ${revision}.`,
		);
	}
	if (recorded && announced.sha256 !== recorded) {
		const size = (await stat(partial).catch(() => undefined))?.size ?? 0;
		await rm(partial, { force: true });
		await forgetHash(partial);
		throw new ModelUnavailableError(
			`The file at ${url.href} changed on the server during the download: its SHA-256 was ${recorded} when the download began and is now ${announced.sha256}. The ${formatBytes(size)} downloaded before belong to the old file and were deleted; run the same command again to download the new one.`,
		);
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
