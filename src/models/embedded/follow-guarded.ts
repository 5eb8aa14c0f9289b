import { ModelUnavailableError } from "../../errors.ts";
import type { DnsLookup } from "../../tools/web/address-guard.ts";
import { followRedirects } from "../../tools/web/follow-redirects.ts";
import { guardedRequest } from "../../tools/web/guarded-request.ts";
import { FetchPageError, PrivateAddressError } from "../../tools/web/web-errors.ts";
import type { HuggingFaceAccess } from "./hugging-face-access.ts";

/** What the operator allows a model request to reach. */
export interface ModelRequestGuard {
	/** Allow loopback and private-network addresses (the operator's choice, never a request's). */
	allowPrivateNetwork?: boolean | undefined;
	/**
	 * Origins (`http://10.0.0.5:8080`) allowed even on a private address, such as a mirror
	 * the operator configured; a redirect from them to anywhere else passes the guard.
	 */
	trustedOrigins?: readonly string[] | undefined;
	/** Name resolution for the address guard; injected in tests. */
	lookup?: DnsLookup | undefined;
}

export interface FollowGuardedOptions {
	guard: ModelRequestGuard;
	headers: Record<string, string>;
	signal: AbortSignal;
	/** What the request is for, in the refusal: "download a model from". */
	action: string;
	/**
	 * Called with each answer from `url`'s own origin, until a redirect leaves it: the
	 * configured endpoint's answers, not those of the CDN it sends the client on to. It may
	 * throw to stop before the next hop (the answer's body is then cancelled).
	 */
	onOwnResponse?: ((response: Response) => void | Promise<void>) | undefined;
	/**
	 * The Hugging Face endpoint's origin and token: the token goes as `Authorization:
	 * Bearer …` to the hops on that origin while the chain has not left it (a same-origin
	 * redirect, such as a renamed repository's, keeps it), never to another origin (the
	 * CDN's signed URLs need none), and not at all when `url` is elsewhere.
	 */
	access?: HuggingFaceAccess | undefined;
}

/** A followed request's final answer and URL, and whether the token went with it. */
export interface GuardedAnswer {
	response: Response;
	url: URL;
	tokenSent: boolean;
}

/**
 * GETs `url` through crewkit's address guard on every hop (redirects included: each is
 * resolved and checked, and the socket's address checked again), so a model URL can reach
 * neither the machine itself nor its network unless the operator allowed it.
 *
 * @throws ModelUnavailableError for a refused address or a bad redirect, saying what to do;
 *   ConfigError (`access.unusableToken`) when `url` is on the endpoint and the token is unusable.
 */
export async function followGuarded(
	url: URL,
	options: FollowGuardedOptions,
): Promise<GuardedAnswer> {
	const { guard, headers, signal, access } = options;
	// A request to the endpoint would carry the token: one that cannot be a token stops it.
	if (url.origin === access?.endpoint.origin && access.unusableToken) throw access.unusableToken;
	const trusted = new Set(guard.trustedOrigins ?? []);
	let ownOrigin = true;
	let tokenSent = false;
	// The hop being asked: a refused address is named as the redirect's when it is not `url`'s.
	let hop = url;
	try {
		const answer = await followRedirects(url, {
			maxRedirects: 10,
			headers,
			signal,
			// Each hop is guarded below, where it is known whether its origin is trusted.
			allowPrivate: true,
			lookup: guard.lookup,
			fetch: async (href) => {
				hop = new URL(href);
				ownOrigin &&= hop.origin === url.origin;
				const token =
					ownOrigin && hop.origin === access?.endpoint.origin ? access.token : undefined;
				tokenSent = token !== undefined;
				const response = await guardedRequest(hop, {
					headers: token ? { ...headers, authorization: `Bearer ${token.value}` } : headers,
					signal,
					allowPrivate: guard.allowPrivateNetwork || trusted.has(hop.origin),
					lookup: guard.lookup,
				});
				if (ownOrigin && options.onOwnResponse) {
					try {
						await options.onOwnResponse(response);
					} catch (error) {
						await response.body?.cancel().catch(() => {});
						throw error;
					}
				}
				return response;
			},
		});
		return { ...answer, tokenSent };
	} catch (error) {
		if (error instanceof PrivateAddressError) {
			const where =
				hop.origin === url.origin
					? `${error.hostname} is`
					: `it redirects to ${hop.host}, which is`;
			throw new ModelUnavailableError(
				`Refused to ${options.action} ${url.href}: ${where} ${error.range}, not a public address. To download from your own network, set CREWKIT_ALLOW_PRIVATE_MODEL_URLS=1 for the CLI (a server's requests can never name such a URL).`,
				{ cause: error },
			);
		}
		if (error instanceof FetchPageError) {
			throw new ModelUnavailableError(`Could not ${options.action} ${url.href}: ${error.message}`, {
				cause: error,
			});
		}
		throw error;
	}
}
