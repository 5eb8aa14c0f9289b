import type { MiddlewareHandler } from "hono";
import { ApiError, errorResponse } from "./api-error.ts";
import { isLoopbackHost } from "./loopback-host.ts";

/**
 * Keeps other web sites out of the API. Without a token, requests must name a loopback
 * host (against DNS rebinding); with or without one, a request that changes something must
 * come from the server's own origin when the browser says where it comes from (against
 * cross-site requests).
 */
export function guardOrigin(options: { loopbackOnly: boolean }): MiddlewareHandler {
	return async (context, next) => {
		const url = new URL(context.req.url);
		if (options.loopbackOnly && !isLoopbackHost(url.hostname)) {
			return errorResponse(
				context,
				new ApiError(
					403,
					"forbidden",
					`Host '${url.hostname}' is not allowed: without a token this server answers loopback names only (localhost, 127.0.0.1).`,
				),
			);
		}
		const method = context.req.method;
		const origin = context.req.header("origin");
		if (method !== "GET" && method !== "HEAD" && origin !== undefined && !sameHost(origin, url)) {
			return errorResponse(
				context,
				new ApiError(403, "forbidden", `Requests from '${origin}' are not allowed here.`),
			);
		}
		await next();
		return undefined;
	};
}

/** The origin names the same host and port (the scheme may differ behind a TLS proxy). */
function sameHost(origin: string, url: URL): boolean {
	try {
		return new URL(origin).host === url.host;
	} catch {
		return false; // `Origin: null` (sandboxed frames, file pages) and garbage
	}
}
