import { createHash, timingSafeEqual } from "node:crypto";
import type { MiddlewareHandler } from "hono";
import { ApiError, errorResponse } from "./api-error.ts";

/** Compares two secrets in constant time (their SHA-256 digests, so lengths do not leak). */
export function tokensMatch(given: string, expected: string): boolean {
	const digest = (text: string) => createHash("sha256").update(text, "utf8").digest();
	return timingSafeEqual(digest(given), digest(expected));
}

/**
 * Requires the server's token on every request it guards: `Authorization: Bearer <token>`,
 * or `?token=<token>` for clients that cannot set headers (EventSource).
 */
export function requireToken(token: string): MiddlewareHandler {
	return async (context, next) => {
		const header = context.req.header("authorization");
		const bearer = header?.match(/^Bearer\s+(.+)$/i)?.[1]?.trim();
		const given = bearer ?? context.req.query("token");
		if (given === undefined || given === "") {
			context.header("WWW-Authenticate", 'Bearer realm="crewkit"');
			return errorResponse(
				context,
				new ApiError(
					401,
					"unauthorized",
					"This server needs a token: send 'Authorization: Bearer <token>' (or '?token=<token>' for EventSource).",
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
