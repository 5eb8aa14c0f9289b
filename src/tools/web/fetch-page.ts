import type { DnsLookup } from "./address-guard.ts";
import type { FetchFunction } from "./fetch-function.ts";
import { followRedirects, parseWebUrl } from "./follow-redirects.ts";
import { pageKindOf, parseContentType, readPageContent } from "./page-content.ts";
import { readLimitedBody } from "./read-limited-body.ts";
import { cleanStatusText, FetchPageError } from "./web-errors.ts";

export interface FetchPageOptions {
	/**
	 * Allow loopback, private, link-local and other non-public addresses. Off by default:
	 * the URL comes from a model or a page and must not reach the local network.
	 */
	allowPrivateAddresses?: boolean | undefined;
	/** Most bytes of body read (default 5 MB); longer pages are cut and marked `truncated`. */
	maxBytes?: number | undefined;
	/** Time limit for the whole fetch, redirects and body included (default 15 s). */
	timeoutMs?: number | undefined;
	/** Most redirects followed (default 5). */
	maxRedirects?: number | undefined;
	userAgent?: string | undefined;
	/** Cancels the fetch. */
	signal?: AbortSignal | undefined;
	/**
	 * Sends the requests instead of crewkit's guarded transport (a proxy, a test double).
	 * The guard still checks every hop's host name, but not the address connected to.
	 */
	fetch?: FetchFunction | undefined;
	/** Name resolution for the guard; the system resolver by default. */
	lookup?: DnsLookup | undefined;
}

/** A fetched page, as markdown. */
export interface FetchedPage {
	/** The URL finally read, after redirects. */
	url: string;
	title: string;
	markdown: string;
	/** The media type the server declared (`text/html`), or `""` when it declared none. */
	contentType: string;
	/** Publication date from the page's metadata, when known. */
	published?: string;
	/** True when the body was longer than `maxBytes` and only its start was read. */
	truncated: boolean;
}

export const defaultUserAgent = "crewkit/0.1 (research agent; +https://github.com/crewkit/crewkit)";
const accept =
	"text/html,application/xhtml+xml,application/pdf;q=0.9,text/plain;q=0.8,text/markdown;q=0.8";

/**
 * Fetches a web page and returns its readable content as markdown: HTML through
 * Readability and turndown, PDF through unpdf, plain text and markdown as they are. Every
 * address passes the SSRF guard; redirects are followed by hand and checked hop by hop;
 * the body is cut at `maxBytes` while it streams; the whole fetch has a time limit.
 * Throws `FetchPageError` (or `PrivateAddressError`) with a message saying what to do.
 */
export async function fetchPage(url: string, options: FetchPageOptions = {}): Promise<FetchedPage> {
	const maxBytes = options.maxBytes ?? 5 * 1024 * 1024;
	const timeoutMs = options.timeoutMs ?? 15_000;
	const start = parseWebUrl(url);
	const timeout = AbortSignal.timeout(timeoutMs);
	const signal = options.signal ? AbortSignal.any([options.signal, timeout]) : timeout;
	try {
		const { response, url: finalUrl } = await followRedirects(start, {
			maxRedirects: options.maxRedirects ?? 5,
			headers: { "user-agent": options.userAgent ?? defaultUserAgent, accept },
			signal,
			allowPrivate: options.allowPrivateAddresses,
			lookup: options.lookup,
			fetch: options.fetch,
		});
		const href = finalUrl.href;
		if (!response.ok) {
			await response.body?.cancel().catch(() => {});
			const statusText = cleanStatusText(response.statusText);
			throw new FetchPageError(
				`${href} answered HTTP ${response.status}${statusText ? ` ${statusText}` : ""}; the page was not read.`,
				{ url: href, reason: "status", status: response.status },
			);
		}
		const { mediaType, charset } = parseContentType(response.headers.get("content-type"));
		const kind = pageKindOf(mediaType);
		if (!kind) {
			await response.body?.cancel().catch(() => {});
			throw new FetchPageError(
				`${href} is ${mediaType}, which fetch_page does not read: it reads HTML, PDF, plain text and markdown pages.`,
				{ url: href, reason: "content-type" },
			);
		}
		const body = await readLimitedBody(response, maxBytes);
		const content = await readPageContent({
			url: href,
			...body,
			kind,
			charset,
			maxBytes,
			signal: options.signal,
		});
		return { url: href, contentType: mediaType, ...content, truncated: body.truncated };
	} catch (error) {
		if (error instanceof FetchPageError && error.reason === "parser-limit") throw error;
		if (timeout.aborted && !options.signal?.aborted) {
			throw new FetchPageError(
				`Fetching ${start.href} took longer than ${timeoutMs} ms and was stopped. The site may be slow or down; try another source.`,
				{ url: start.href, reason: "timeout" },
				{ cause: error },
			);
		}
		if (isSystemError(error) && !options.signal?.aborted) {
			throw new FetchPageError(
				`Could not fetch ${start.href}: ${networkProblem(error)}`,
				{ url: start.href, reason: "network" },
				{ cause: error },
			);
		}
		throw error;
	}
}

function isSystemError(error: unknown): error is NodeJS.ErrnoException {
	return error instanceof Error && typeof (error as NodeJS.ErrnoException).code === "string";
}

function networkProblem(error: NodeJS.ErrnoException): string {
	switch (error.code) {
		case "ENOTFOUND":
		case "EAI_AGAIN":
			return `the host name does not resolve (${error.code}).`;
		case "ECONNREFUSED":
			return "the server refused the connection.";
		case "ECONNRESET":
			return "the connection was reset.";
		default:
			return error.message;
	}
}
