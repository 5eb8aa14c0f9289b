import { Redis } from "ioredis";
import { ConfigError } from "../errors.ts";

/**
 * Opens a Redis connection from a URL (`redis://host:port/db`). Commands wait through
 * reconnections (`maxRetriesPerRequest: null`), as BullMQ's blocking commands require.
 */
export function connectRedis(url: string): Redis {
	let parsed: URL;
	try {
		parsed = new URL(url);
	} catch {
		throw new ConfigError(
			`'${redactUrl(url)}' is not a Redis URL. Set CREWKIT_REDIS_URL to e.g. redis://127.0.0.1:6379`,
		);
	}
	if (parsed.protocol !== "redis:" && parsed.protocol !== "rediss:") {
		throw new ConfigError(
			`'${redactUrl(url)}' is not a Redis URL (it must start with redis:// or rediss://). Example: redis://127.0.0.1:6379`,
		);
	}
	return new Redis(url, { maxRetriesPerRequest: null });
}

/** Fails with a clear message when Redis does not answer within `timeoutMs`. */
export async function assertReachable(redis: Redis, url: string, timeoutMs = 3000): Promise<void> {
	let timer: NodeJS.Timeout | undefined;
	const timeout = new Promise<never>((_, reject) => {
		timer = setTimeout(
			() =>
				reject(
					new ConfigError(
						`Redis at ${redactUrl(url)} did not answer within ${timeoutMs / 1000} s. Start redis-server or fix CREWKIT_REDIS_URL.`,
					),
				),
			timeoutMs,
		);
	});
	try {
		await Promise.race([redis.ping(), timeout]);
	} finally {
		clearTimeout(timer);
	}
}

/**
 * A Redis URL without its password, for messages; in text that is no URL with a password
 * (`host:6379`, a broken URL), whatever stands as `user:password@` is masked too.
 */
export function redactUrl(url: string): string {
	try {
		const parsed = new URL(url);
		if (parsed.password) {
			parsed.password = "***";
			return parsed.toString();
		}
	} catch {}
	return url.replace(/^([^@/]*\/\/)?([^@/:]*):[^@/]*@/, "$1$2:***@");
}
