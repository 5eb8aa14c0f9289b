import assert from "node:assert/strict";
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { startMcpHttpServer, type TestMcpHttpServer } from "./support/mcp-http-server.ts";
import { writeMcpVariableCrew } from "./support/mcp-variable-crew.ts";
import {
	type RedisServer,
	skipWithoutRedis,
	startRedisServer,
	stopProcess,
} from "./support/redis-server.ts";
import { crewkitBin, runCli } from "./support/run-cli.ts";

/* A real `crewkit worker` on a real Redis runs a queued crew whose mcp.yaml names two variables. */

const tokenA = "worker-variable-a-5c1d";
const tokenB = "worker-variable-b-9e07";
const model = "scripted:calc-crew/script.json";

describe("crewkit worker --allow-crew-variable", { skip: skipWithoutRedis }, () => {
	let redis: RedisServer;
	let mcp: TestMcpHttpServer;
	let cwd: string;
	const env = () => ({
		CREWKIT_REDIS_URL: redis.url,
		CREWKIT_TEST_VAR_A: tokenA,
		CREWKIT_TEST_VAR_B: tokenB,
	});
	before(async () => {
		redis = await startRedisServer();
		mcp = await startMcpHttpServer();
		cwd = await mkdtemp(join(tmpdir(), "crewkit-worker-variables-"));
		await writeMcpVariableCrew(join(cwd, "calc-crew"), mcp.url);
	});
	after(async () => {
		await mcp?.close();
		await redis?.stop();
		if (cwd) await rm(cwd, { recursive: true, force: true });
	});

	/** Starts a worker allowing `variables`; resolves once it is ready. */
	async function startWorker(variables: string[]): Promise<ChildProcess> {
		const flags = variables.flatMap((name) => ["--allow-crew-variable", name]);
		const child = spawn(
			process.execPath,
			[crewkitBin, "worker", "--allow-model", model, "--allow-crew-mcp", ...flags],
			{
				cwd,
				env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "", ...env() },
				stdio: ["ignore", "pipe", "pipe"],
			},
		);
		let log = "";
		await new Promise<void>((resolve, reject) => {
			child.stderr?.on("data", (chunk) => {
				log += chunk;
				if (/ready, /.test(log)) resolve();
			});
			child.on("exit", (code) => reject(new Error(`worker exited with ${code}:\n${log}`)));
		});
		return child;
	}

	async function enqueueAndWait() {
		return runCli(["enqueue", "--crew", "calc-crew", "--model", model, "--wait"], {
			cwd,
			env: env(),
		});
	}

	test("one of two variables allowed: the queued run fails naming the other and the flag", async () => {
		const worker = await startWorker(["CREWKIT_TEST_VAR_A"]);
		try {
			const result = await enqueueAndWait();
			assert.equal(result.code, 1, result.stdout + result.stderr);
			assert.match(
				result.stdout + result.stderr,
				/names \$\{CREWKIT_TEST_VAR_B\} \(MCP server 'calc' of agent 'calculator' as header X-Team\), which crewkit worker does not let crews read.*start crewkit worker with --allow-crew-variable CREWKIT_TEST_VAR_B/,
			);
			assert.doesNotMatch(result.stdout + result.stderr, new RegExp(`${tokenA}|${tokenB}`));
			assert.deepEqual(mcp.authorizations, [], "the MCP server was never contacted");
		} finally {
			await stopProcess(worker);
		}
	});

	test("both allowed: the queued run completes and the MCP server gets the expanded header", async () => {
		const worker = await startWorker(["CREWKIT_TEST_VAR_A", "CREWKIT_TEST_VAR_B"]);
		try {
			const result = await enqueueAndWait();
			assert.equal(result.code, 0, result.stdout + result.stderr);
			assert.ok(mcp.authorizations.length > 0, "the MCP server was contacted");
			assert.ok(mcp.authorizations.every((value) => value === `Bearer ${tokenA}`));
		} finally {
			await stopProcess(worker);
		}
	});

	test("--allow-crew-variable without --allow-crew-mcp is refused at start", async () => {
		const result = await runCli(["worker", "--allow-crew-variable", "CREWKIT_TEST_VAR_A"], {
			cwd,
			env: env(),
		});
		assert.equal(result.code, 1);
		assert.match(result.stderr, /has no effect without --allow-crew-mcp/);
	});
});
