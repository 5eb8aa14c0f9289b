/** How long to wait for the download host to answer before calling it unreachable. */
export const downloadHostTimeoutMs = 5_000;

/**
 * The address whose host serves a model URI: the URL itself, or for `hf:` URIs the
 * Hugging Face endpoint (`MODEL_ENDPOINT` or `HF_ENDPOINT` when set, as node-llama-cpp
 * reads them).
 */
export function downloadHostFor(spec: string, env: NodeJS.ProcessEnv = process.env): URL {
	if (!spec.startsWith("hf:")) return new URL(spec);
	for (const endpoint of [env.MODEL_ENDPOINT, env.HF_ENDPOINT]) {
		if (endpoint && URL.canParse(endpoint)) return new URL(endpoint);
	}
	return new URL("https://huggingface.co/");
}

/**
 * Asks the download host for a response (any HTTP status will do) and throws if none
 * comes within `timeoutMs`. node-llama-cpp's downloader retries for minutes when offline;
 * this check lets a machine without internet fail in well under a second instead.
 */
export async function checkDownloadHost(
	host: URL,
	options: { signal?: AbortSignal | undefined; timeoutMs?: number } = {},
): Promise<void> {
	const timeout = AbortSignal.timeout(options.timeoutMs ?? downloadHostTimeoutMs);
	const signal = options.signal ? AbortSignal.any([options.signal, timeout]) : timeout;
	try {
		const response = await fetch(host, { method: "HEAD", signal });
		await response.body?.cancel();
	} catch (error) {
		if (options.signal?.aborted) throw options.signal.reason;
		const cause = error instanceof Error && error.cause instanceof Error ? error.cause : error;
		const reason = timeout.aborted
			? `${host.host} did not answer within ${(options.timeoutMs ?? downloadHostTimeoutMs) / 1000} s`
			: `${host.host} cannot be reached (${cause instanceof Error ? cause.message : String(cause)})`;
		throw new Error(reason, { cause: error });
	}
}
