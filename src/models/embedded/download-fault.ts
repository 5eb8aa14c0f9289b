/** Why one download attempt failed, and whether another attempt may succeed. */
export class AttemptError extends Error {
	readonly retryable: boolean;
	readonly retryAfterMs: number | undefined;
	constructor(
		message: string,
		details: { retryable: boolean; retryAfterMs?: number | undefined },
		options?: ErrorOptions,
	) {
		super(message, options);
		this.retryable = details.retryable;
		this.retryAfterMs = details.retryAfterMs;
	}
}

/** Network errors after which a new connection may work (not: refused, unknown name). */
const retryableCodes = new Set(["ECONNRESET", "ETIMEDOUT", "EPIPE", "EAI_AGAIN", "ECONNABORTED"]);

/** An HTTP error status as an attempt's failure: 408, 429 and 5xx (not 501) may pass. */
export function statusError(response: Response, url: URL): AttemptError {
	const status = response.status;
	const retryable = status === 408 || status === 429 || (status >= 500 && status !== 501);
	const retryAfter = Number(response.headers.get("retry-after"));
	const advice =
		status === 401 || status === 403
			? " (the file is private or gated, and crewkit sends a token to the Hugging Face endpoint only: download it yourself and use local:<file.gguf>)"
			: status === 404
				? " (no such file: check the name)"
				: "";
	return new AttemptError(`${url.host} answered HTTP ${status}${advice}`, {
		retryable,
		retryAfterMs: Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter * 1000 : undefined,
	});
}

/** The whole file's size: from Content-Range on a resumed download, else Content-Length; 0 when unknown. */
export function totalSize(response: Response, offset: number): number {
	const range = /\/(\d+)\s*$/.exec(response.headers.get("content-range") ?? "")?.[1];
	if (range) return Number(range);
	const length = Number(response.headers.get("content-length"));
	return Number.isFinite(length) && length > 0 ? offset + length : 0;
}

/** A network error as an attempt's failure: a reset or a timeout may pass; a refused connection or an unknown name will not. */
export function classifyNetworkError(error: unknown, url: string): AttemptError {
	let cause: unknown = error;
	while (cause instanceof Error && !(cause as NodeJS.ErrnoException).code && cause.cause) {
		cause = cause.cause;
	}
	const code = (cause as NodeJS.ErrnoException | undefined)?.code;
	const message = cause instanceof Error ? cause.message : String(cause);
	return new AttemptError(`${new URL(url).host}: ${message}`, {
		retryable: code !== undefined && retryableCodes.has(code),
	});
}
