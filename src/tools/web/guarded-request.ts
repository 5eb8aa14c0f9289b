import http, { type IncomingMessage } from "node:http";
import https from "node:https";
import type { Readable } from "node:stream";
import zlib from "node:zlib";
import {
	type AddressGuardOptions,
	assertPublicLiteral,
	createGuardedLookup,
	normalizeHost,
} from "./address-guard.ts";
import { guardConnectedSocket } from "./guard-connected-socket.ts";
import { toWebStream } from "./readable-to-web.ts";
import { cleanStatusText } from "./web-errors.ts";

/**
 * One HTTP GET through the SSRF guard, without following redirects: the host is resolved
 * by the guard's `lookup` hook, so the socket connects only to checked addresses, and the
 * peer address of the connected socket is checked once more. The host name stays in the
 * URL, so the Host header and TLS SNI/certificate checks are the ordinary ones.
 *
 * Returns a standard `Response` (body decompressed) so callers can treat it like `fetch`'s.
 */
export function guardedRequest(
	url: URL,
	options: AddressGuardOptions & { headers: Record<string, string>; signal: AbortSignal },
): Promise<Response> {
	const client = url.protocol === "https:" ? https : http;
	const literal = normalizeHost(url.hostname);
	if (literal && !options.allowPrivate) {
		// Literal addresses never reach the lookup hook.
		try {
			assertPublicLiteral(url.hostname, literal);
		} catch (error) {
			return Promise.reject(error);
		}
	}
	return new Promise<Response>((resolve, reject) => {
		const request = client.request(
			url,
			{
				method: "GET",
				headers: { "accept-encoding": "gzip, deflate, br", ...options.headers },
				signal: options.signal,
				lookup: createGuardedLookup(options),
				// A fresh connection per request: a pooled socket could have been opened under
				// different guard options.
				agent: false,
			},
			(response) => {
				try {
					resolve(toResponse(response));
				} catch (error) {
					response.destroy();
					reject(error);
				}
			},
		);
		request.on("error", reject);
		guardConnectedSocket(request, url.hostname, options);
		request.end();
	});
}

const nullBodyStatuses = new Set([204, 205, 304]);

function toResponse(message: IncomingMessage): Response {
	const headers = new Headers();
	for (const [name, value] of Object.entries(message.headers)) {
		if (value === undefined) continue;
		for (const item of Array.isArray(value) ? value : [value]) headers.append(name, item);
	}
	const status = message.statusCode ?? 502;
	if (nullBodyStatuses.has(status) || status < 200 || status > 599) {
		message.resume();
		return new Response(null, { status: status < 200 || status > 599 ? 502 : status, headers });
	}
	const body = decompress(message, headers);
	return new Response(toWebStream(body), {
		status,
		// A status text with control characters is not a valid one: `Response` would throw.
		statusText: cleanStatusText(message.statusMessage ?? ""),
		headers,
	});
}

function decompress(message: IncomingMessage, headers: Headers): Readable {
	const encoding = headers.get("content-encoding")?.trim().toLowerCase();
	const decoder =
		encoding === "gzip" || encoding === "x-gzip"
			? zlib.createGunzip()
			: encoding === "deflate"
				? zlib.createInflate()
				: encoding === "br"
					? zlib.createBrotliDecompress()
					: undefined;
	if (!decoder) return message;
	headers.delete("content-encoding");
	headers.delete("content-length");
	message.on("error", (error) => decoder.destroy(error));
	decoder.on("close", () => message.destroy());
	return message.pipe(decoder);
}
