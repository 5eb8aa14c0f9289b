import { type AddressGuardOptions, assertPublicAddress } from "./address-guard.ts";
import type { FetchFunction } from "./fetch-function.ts";
import { FetchPageError } from "./web-errors.ts";

export interface RedirectOptions extends AddressGuardOptions {
	maxRedirects: number;
	headers: Record<string, string>;
	signal: AbortSignal;
	/**
	 * Sends each request instead of the guarded transport. The guard then checks the host
	 * name of every hop but cannot see the address the function connects to.
	 */
	fetch?: FetchFunction | undefined;
}

const redirectStatuses = new Set([301, 302, 303, 307, 308]);

/**
 * GETs `url`, following redirects by hand one hop at a time: every hop must be http(s),
 * passes the address guard, may not go from https down to http, and may not revisit a URL
 * (a loop) or exceed `maxRedirects`. Returns the first non-redirect response and its URL.
 */
export async function followRedirects(
	url: URL,
	options: RedirectOptions,
): Promise<{ response: Response; url: URL }> {
	const chain: URL[] = [url];
	let current = url;
	for (;;) {
		const response = await send(current, options);
		if (!redirectStatuses.has(response.status)) return { response, url: current };
		await response.body?.cancel().catch(() => {});
		const location = response.headers.get("location");
		if (!location) {
			throw new FetchPageError(
				`${current.href} answered HTTP ${response.status} (a redirect) without a Location header.`,
				{ url: current.href, reason: "redirect", status: response.status },
			);
		}
		const next = resolveLocation(location, current);
		const hops = chain.length;
		if (chain.some((seen) => withoutHash(seen) === withoutHash(next))) {
			throw new FetchPageError(
				`Redirect loop: ${[...chain, next].map((step) => step.href).join(" → ")}. The page cannot be fetched.`,
				{ url: url.href, reason: "redirect" },
			);
		}
		if (hops > options.maxRedirects) {
			throw new FetchPageError(
				`${url.href} redirected more than ${options.maxRedirects} times (${chain.map((step) => step.href).join(" → ")} → …); stopped.`,
				{ url: url.href, reason: "redirect" },
			);
		}
		if (current.protocol === "https:" && next.protocol === "http:") {
			throw new FetchPageError(
				`${current.href} redirects from https to plain http (${next.href}); refused so a secure page is not silently swapped for an insecure one. Fetch the http address directly if you trust it.`,
				{ url: url.href, reason: "redirect" },
			);
		}
		chain.push(next);
		current = next;
	}
}

/** Checks that a URL is http(s) and parses it. */
export function parseWebUrl(text: string, base?: URL): URL {
	let parsed: URL;
	try {
		parsed = new URL(text, base);
	} catch {
		throw new FetchPageError(`'${text}' is not a valid URL. Give an absolute http(s) URL.`, {
			url: text,
			reason: "url",
		});
	}
	if (parsed.protocol !== "http:" && parsed.protocol !== "https:") {
		const where = base ? `${base.href} redirects to ${parsed.href}, ` : `${parsed.href} is `;
		throw new FetchPageError(
			`${where}a ${parsed.protocol} URL; only http and https pages can be fetched.`,
			{
				url: parsed.href,
				reason: "url",
			},
		);
	}
	return parsed;
}

function resolveLocation(location: string, current: URL): URL {
	try {
		return parseWebUrl(location, current);
	} catch (error) {
		if (error instanceof FetchPageError) {
			throw new FetchPageError(
				error.message,
				{ url: current.href, reason: "redirect" },
				{ cause: error },
			);
		}
		throw error;
	}
}

async function send(url: URL, options: RedirectOptions): Promise<Response> {
	if (!options.fetch) {
		// node:http, node:https and node:zlib load when a page is first fetched, not with crewkit.
		const { guardedRequest } = await import("./guarded-request.ts");
		return guardedRequest(url, options);
	}
	await assertPublicAddress(url.hostname, options);
	return options.fetch(url.href, {
		method: "GET",
		headers: options.headers,
		redirect: "manual",
		signal: options.signal,
	});
}

function withoutHash(url: URL): string {
	return url.href.replace(/#.*$/, "");
}
