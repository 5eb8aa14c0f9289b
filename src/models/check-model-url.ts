import { ModelUnavailableError } from "../errors.ts";
import type { DnsLookup } from "../tools/web/address-guard.ts";
import { followRedirects } from "../tools/web/follow-redirects.ts";
import { PrivateAddressError } from "../tools/web/web-errors.ts";

/** How long the model's server may take to answer the check. */
const checkTimeoutMs = 15_000;

/**
 * Checks a model URL before anything is downloaded from it: every hop passes the address
 * guard of `fetch_page` (no loopback, private or metadata addresses unless allowed), and
 * the server must answer with success. A server error fails at once (the downloader would
 * otherwise retry it for minutes); `signal` cancels the check.
 * @throws ModelUnavailableError saying what was refused and what to do.
 */
export async function checkModelUrl(
	url: string,
	options: {
		signal?: AbortSignal | undefined;
		allowPrivateNetwork?: boolean | undefined;
		lookup?: DnsLookup | undefined;
	} = {},
): Promise<void> {
	const timeout = AbortSignal.timeout(checkTimeoutMs);
	const signal = options.signal ? AbortSignal.any([options.signal, timeout]) : timeout;
	try {
		const { response, url: final } = await followRedirects(new URL(url), {
			maxRedirects: 5,
			headers: { range: "bytes=0-0" },
			signal,
			allowPrivate: options.allowPrivateNetwork,
			lookup: options.lookup,
		});
		await response.body?.cancel();
		if (!response.ok) {
			throw new ModelUnavailableError(
				`The model at ${final.href} could not be downloaded: the server answered HTTP ${response.status}. Check the URL, or download the file yourself and use local:<file.gguf>.`,
			);
		}
	} catch (error) {
		if (error instanceof ModelUnavailableError) throw error;
		if (options.signal?.aborted) throw options.signal.reason;
		if (error instanceof PrivateAddressError) {
			throw new ModelUnavailableError(
				`Refused to download a model from ${url}: ${error.range.startsWith("loopback") ? "the address" : `${error.address}`} is ${error.range}, not public. To download from your own network, set CREWKIT_ALLOW_PRIVATE_MODEL_URLS=1 for the CLI (a server's requests can never name such a URL).`,
				{ cause: error },
			);
		}
		throw new ModelUnavailableError(
			`The model at ${url} could not be reached: ${error instanceof Error ? error.message : String(error)}`,
			{ cause: error },
		);
	}
}
