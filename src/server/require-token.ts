import { createHash, timingSafeEqual } from "node:crypto";
import type { MiddlewareHandler } from "hono";
import { ApiError, errorResponse } from "./api-error.ts";

/** Compares two secrets in constant time (their SHA-256 digests, so lengths do not leak). */
export function tokensMatch(given: string, expected: string): boolean {
	const digest = (text: string) => createHash("sha256").update(text, "utf8").digest();
	return timingSafeEqual(digest(given), digest(expected));
}

/** The one route whose client (EventSource) cannot send headers, so may carry `?token=`. */
const eventStreamPath = /^\/api\/runs\/[^/]+\/events$/;

/**
 * Requires the server's token on every request it guards: `Authorization: Bearer <token>`,
 * or `?token=<token>` on the event stream only (EventSource cannot set headers; a token in
 * other URLs would end up in logs and histories for no reason).
 */
export function requireToken(token: string): MiddlewareHandler {
	return async (context, next) => {
		const header = context.req.header("authorization");
		const bearer = header?.match(/^Bearer\s+(.+)$/i)?.[1]?.trim();
		const query = eventStreamPath.test(context.req.path) ? context.req.query("token") : undefined;
		const given = bearer ?? query;
		if (given === undefined || given === "") {
			context.header("WWW-Authenticate", 'Bearer realm="crewkit"');
			return errorResponse(
				context,
				new ApiError(
					401,
					"unauthorized",
					"This server needs a token: send 'Authorization: Bearer <token>' (or '?token=<token>' on the event stream, for EventSource).",
				),
			);
		}
		if (!tokensMatch(given, token)) {
			context.header("WWW-Authenticate", 'Bearer realm="crewkit", error="invalid_token"');
			return errorResponse(
				context,
				new ApiError(
					401,
					"unauthorized",
					"The token is wrong. Use the token the server was started with.",
				),
			);
		}
		await next();
		return undefined;
	};
}
