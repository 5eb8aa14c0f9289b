import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import {
	freePort,
	type RedisServer,
	skipWithoutRedis,
	startRedisServer,
} from "../../test/support/redis-server.ts";
import { ConfigError } from "../errors.ts";
import { assertReachable, connectRedis, redactUrl } from "./redis-connection.ts";

let server: RedisServer | undefined;

before(async () => {
	if (skipWithoutRedis) return;
	server = await startRedisServer();
});
after(async () => {
	await server?.stop();
});

test("a Redis URL's password never appears in messages; the rest of the URL does", () => {
	assert.equal(
		redactUrl("redis://user:hunter2@cache.internal:6380/2"),
		"redis://user:***@cache.internal:6380/2",
	);
	assert.equal(redactUrl("rediss://:hunter2@cache.internal"), "rediss://:***@cache.internal");
	assert.equal(redactUrl("redis://cache.internal:6379"), "redis://cache.internal:6379");
	// Too broken to parse, or parsed as something else: the password is masked as text.
	assert.equal(redactUrl("redis://:hunter 2@cache:port"), "redis://:***@cache:port");
	assert.equal(redactUrl("admin:hunter2@cache:6379"), "admin:***@cache:6379");
	assert.equal(redactUrl("cache.internal:6379"), "cache.internal:6379");
	assert.equal(redactUrl("not a url"), "not a url");
});

test("a URL that is not a Redis URL is refused with an example, its password masked", () => {
	assert.throws(
		() => connectRedis("redis://:hunter 2@cache:port"),
		(error) =>
			error instanceof ConfigError &&
			error.message ===
				"'redis://:***@cache:port' is not a Redis URL. Set CREWKIT_REDIS_URL to e.g. redis://127.0.0.1:6379",
	);
	assert.throws(
		() => connectRedis("http://admin:hunter2@cache:6379"),
		(error) =>
			error instanceof ConfigError &&
			error.message ===
				"'http://admin:***@cache:6379/' is not a Redis URL (it must start with redis:// or rediss://). Example: redis://127.0.0.1:6379",
	);
	assert.throws(() => connectRedis("cache:6379"), /must start with redis:\/\/ or rediss:\/\//);
});

test("a connection answers at once, and its commands wait through reconnections (no retry limit)", {
	skip: skipWithoutRedis,
}, async () => {
	const redis = connectRedis(server?.url ?? "");
	try {
		assert.equal(redis.options.maxRetriesPerRequest, null);
		await assertReachable(redis, server?.url ?? "");
		assert.equal(await redis.ping(), "PONG");
	} finally {
		redis.disconnect();
	}
});

test("Redis that does not answer is a ConfigError naming the URL without its password and the time waited", async () => {
	const port = await freePort();
	const url = `redis://:hunter2@127.0.0.1:${port}`;
	const redis = connectRedis(url);
	redis.on("error", () => {});
	try {
		await assert.rejects(
			assertReachable(redis, url, 250),
			(error) =>
				error instanceof ConfigError &&
				error.message ===
					`Redis at redis://:***@127.0.0.1:${port} did not answer within 0.25 s. Start redis-server or fix CREWKIT_REDIS_URL.`,
		);
	} finally {
		redis.disconnect();
	}
});
