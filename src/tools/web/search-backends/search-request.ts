import type { z } from "zod";
import { ProviderError } from "../../../errors.ts";
import { normalizeDate } from "../../../sources/normalize-date.ts";
import type { FetchFunction } from "../fetch-function.ts";
import type { SearchResult } from "../search-backend.ts";
import { cleanStatusText } from "../web-errors.ts";

/**
 * Sends a search API request and returns the response when it is OK. Failures become
 * `ProviderError`s naming the backend, with the HTTP status, the `Retry-After` delay, and
 * `hints[status]` when there is something the user can do about that status.
 */
export async function sendSearchRequest(request: {
	backend: string;
	url: string;
	init: RequestInit;
	fetch: FetchFunction | undefined;
	hints?: Record<number, string>;
}): Promise<Response> {
	let response: Response;
	try {
		response = await (request.fetch ?? globalThis.fetch)(request.url, request.init);
	} catch (error) {
		if (request.init.signal?.aborted) throw error;
		const cause =
			error instanceof Error && error.cause instanceof Error ? error.cause.message : String(error);
		throw new ProviderError(
			`Could not reach ${request.backend} at ${new URL(request.url).origin}: ${cause}`,
			{},
			{ cause: error },
		);
	}
	if (response.ok) return response;
	await response.body?.cancel().catch(() => {});
	const retryAfterMs = parseRetryAfter(response.headers.get("retry-after"));
	const hint =
		request.hints?.[response.status] ??
		(response.status === 429 ? "Too many searches: wait and try again." : "");
	const statusText = cleanStatusText(response.statusText);
	throw new ProviderError(
		`${request.backend} answered HTTP ${response.status}${statusText ? ` ${statusText}` : ""}.${hint ? ` ${hint}` : ""}`,
		{ status: response.status, ...(retryAfterMs === undefined ? {} : { retryAfterMs }) },
	);
}

/** Reads a JSON answer and checks its shape; a surprise becomes a `ProviderError`. */
export async function readSearchJson<Schema extends z.ZodType>(
	backend: string,
	response: Response,
	schema: Schema,
): Promise<z.output<Schema>> {
	let body: unknown;
	try {
		body = await response.json();
	} catch (error) {
		throw new ProviderError(
			`${backend} answered with something that is not JSON.`,
			{},
			{ cause: error },
		);
	}
	const parsed = schema.safeParse(body);
	if (!parsed.success) {
		const issue = parsed.error.issues[0];
		throw new ProviderError(
			`${backend} answered with JSON of an unexpected shape (${issue ? `${issue.path.join(".") || "root"}: ${issue.message}` : "invalid"}).`,
		);
	}
	return parsed.data;
}

/** Builds a result, dropping results whose URL is not http(s) and tidying the text. */
export function toSearchResult(fields: {
	title: string | null | undefined;
	url: string;
	snippet: string | null | undefined;
	published?: string | null | undefined;
}): SearchResult | undefined {
	let url: URL;
	try {
		url = new URL(fields.url);
	} catch {
		return undefined;
	}
	if (url.protocol !== "http:" && url.protocol !== "https:") return undefined;
	const published = normalizeDate(fields.published);
	return {
		title: tidy(fields.title) || url.hostname,
		url: url.href,
		snippet: tidy(fields.snippet),
		...(published ? { published } : {}),
	};
}

/**
 * Strips the highlighting tags engines put in titles and snippets (`<strong>`, `<b>`, …),
 * decodes common entities and collapses white space. Other angle brackets are left as
 * text, to be defanged where the text is shown to a model.
 */
export function tidy(text: string | null | undefined): string {
	return (
		(text ?? "")
			// A line break separates words; highlighting does not.
			.replace(/<br\b[^>]*>/gi, " ")
			.replace(/<\/?(?:strong|b|em|i|u|mark|span|wbr)\b[^>]*>/gi, "")
			.replace(/&(#\d+|#x[\da-f]+|amp|lt|gt|quot|apos|nbsp|#39);/gi, (entity, name: string) => {
				const lower = name.toLowerCase();
				if (lower.startsWith("#")) {
					const code = lower.startsWith("#x")
						? Number.parseInt(lower.slice(2), 16)
						: Number(lower.slice(1));
					return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : entity;
				}
				return { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'", nbsp: " " }[lower] ?? entity;
			})
			.replace(/\s+/g, " ")
			.trim()
	);
}

/** `Retry-After` as milliseconds: seconds or an HTTP date. */
export function parseRetryAfter(value: string | null): number | undefined {
	if (!value) return undefined;
	const seconds = Number(value);
	if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
	const date = Date.parse(value);
	return Number.isNaN(date) ? undefined : Math.max(0, date - Date.now());
}
