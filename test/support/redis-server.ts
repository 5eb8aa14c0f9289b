import { type ChildProcess, spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { createServer } from "node:net";
import { skipWhenMissing } from "./skip-when-missing.ts";

export const redisServerPath = "/usr/bin/redis-server";

/** `skip` value for tests that need Redis. */
export const skipWithoutRedis = skipWhenMissing(
	existsSync(redisServerPath),
	`needs ${redisServerPath} (Debian: apt-get install redis-server)`,
);

export interface RedisServer {
	url: string;
	port: number;
	stop(): Promise<void>;
}

/** A free TCP port on 127.0.0.1 (free when asked; taken by the caller right after). */
export function freePort(): Promise<number> {
	return new Promise((resolve, reject) => {
		const server = createServer();
		server.on("error", reject);
		server.listen(0, "127.0.0.1", () => {
			const address = server.address();
			const port = typeof address === "object" && address ? address.port : 0;
			server.close(() => resolve(port));
		});
	});
}

/**
 * Starts a throwaway redis-server on 127.0.0.1 and a free port, with nothing saved to
 * disk; resolves once it accepts connections.
 */
export async function startRedisServer(): Promise<RedisServer> {
	const port = await freePort();
	const child = spawn(
		redisServerPath,
		[
			"--port",
			String(port),
			"--bind",
			"127.0.0.1",
			"--save",
			"",
			"--appendonly",
			"no",
			"--dir",
			"/tmp",
		],
		{ stdio: ["ignore", "pipe", "pipe"] },
	);
	await new Promise<void>((resolve, reject) => {
		let output = "";
		const timer = setTimeout(() => {
			child.kill("SIGKILL");
			reject(new Error(`redis-server did not start within 10 s:\n${output}`));
		}, 10_000);
		child.stdout?.on("data", (chunk: Buffer) => {
			output += chunk;
			if (output.includes("Ready to accept connections")) {
				clearTimeout(timer);
				resolve();
			}
		});
		child.on("exit", (code) => {
			clearTimeout(timer);
			reject(new Error(`redis-server exited with ${code}:\n${output}`));
		});
	});
	child.stdout?.resume();
	child.stderr?.resume();
	return { url: `redis://127.0.0.1:${port}`, port, stop: () => stopProcess(child) };
}

/** Ends a child process: SIGTERM, then SIGKILL after 3 s. */
export function stopProcess(child: ChildProcess): Promise<void> {
	if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
	return new Promise((resolve) => {
		const timer = setTimeout(() => child.kill("SIGKILL"), 3000);
		child.once("exit", () => {
			clearTimeout(timer);
			resolve();
		});
		child.kill("SIGTERM");
	});
}
