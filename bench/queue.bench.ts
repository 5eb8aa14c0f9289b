/**
 * Queue benchmark: throughput of queued runs on 1 worker process versus 4, against the ideal
 * 4×. Each run is a 3-task YAML crew on the scripted model with a fixed latency per call, so
 * a run's floor is 3 × latency; each worker runs `--concurrency` runs at a time.
 * Run with `node bench/queue.bench.ts` (needs /usr/bin/redis-server); options:
 * --runs 200 --latency 100 --concurrency 4 --reps 3.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { availableParallelism, tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { parseArgs } from "node:util";
import { runKeys } from "../src/queue/redis-keys.ts";
import { enqueueRun, openRunQueue } from "../src/queue/run-queue.ts";
import { defineRun } from "../src/service/define-run.ts";
import { skipWithoutRedis, startRedisServer, stopProcess } from "../test/support/redis-server.ts";

const { values } = parseArgs({
	options: {
		runs: { type: "string", default: "200" },
		latency: { type: "string", default: "100" },
		concurrency: { type: "string", default: "4" },
		reps: { type: "string", default: "3" },
	},
});
const runCount = Number(values.runs);
const latencyMs = Number(values.latency);
const concurrency = Number(values.concurrency);
const repetitions = Number(values.reps);
/** A repetition that has not finished by then is reported as failed. */
const repetitionTimeoutMs = 120_000;

if (skipWithoutRedis) {
	console.log(`queue bench skipped: ${skipWithoutRedis}`);
	process.exit(0);
}

const cwd = await mkdtemp(join(tmpdir(), "crewkit-queue-bench-"));
await mkdir(join(cwd, "crew"));
await writeFile(
	join(cwd, "crew/agents.yaml"),
	"writer:\n  role: Writer on {topic}\n  goal: Write well\n  backstory: Careful.\n",
);
await writeFile(
	join(cwd, "crew/tasks.yaml"),
	["one", "two", "three"]
		.map(
			(name) =>
				`task_${name}:\n  description: Step ${name} on {topic}\n  expected_output: Text ${name}\n  agent: writer\n`,
		)
		.join("\n"),
);
await writeFile(
	join(cwd, "script.json"),
	JSON.stringify({
		latencyMs,
		replies: ["one", "two", "three"].map((name) => ({
			match: `Step ${name}`,
			text: `Output ${name}.`,
		})),
	}),
);
// The worker command module, started as a process (also before `crewkit worker` is registered).
const srcCli = new URL("../src/cli/", import.meta.url);
const runner = join(cwd, "run-command.mjs");
await writeFile(
	runner,
	[
		`const [name, ...args] = process.argv.slice(2);`,
		`const { command } = await import(new URL(\`\${name}.ts\`, ${JSON.stringify(srcCli.href)}).href);`,
		`const { processIo } = await import(${JSON.stringify(new URL("io.ts", srcCli).href)});`,
		`process.exitCode = await command.run(args, processIo());`,
	].join("\n"),
);

const server = await startRedisServer();
const runQueue = await openRunQueue(server.url);

function startWorker(): Promise<ChildProcess> {
	const child = spawn(
		process.execPath,
		[runner, "worker", "--concurrency", String(concurrency), "--store", ":memory:", "--quiet"],
		{
			cwd,
			env: {
				PATH: process.env.PATH ?? "",
				HOME: process.env.HOME ?? "",
				CREWKIT_REDIS_URL: server.url,
			},
			stdio: ["ignore", "ignore", "pipe"],
		},
	);
	return new Promise((resolve, reject) => {
		let log = "";
		child.stderr?.on("data", (chunk) => (log += chunk));
		child.on("exit", (code) => reject(new Error(`worker exited with ${code}: ${log}`)));
		// --quiet prints nothing when ready: wait until BullMQ lists the worker.
		const poll = setInterval(async () => {
			const listed = await runQueue.queue.getWorkersCount();
			if (listed > 0 && !child.killed) {
				clearInterval(poll);
				resolve(child);
			}
		}, 50);
	});
}

/** Runs `runCount` runs on `workerCount` fresh worker processes; returns seconds. */
async function measure(workerCount: number, repetition: number): Promise<number> {
	await runQueue.redis.flushall();
	const children: ChildProcess[] = [];
	for (let index = 0; index < workerCount; index++) {
		children.push(await startWorker());
		await waitFor(async () => (await runQueue.queue.getWorkersCount()) >= index + 1);
	}
	const runIds = Array.from(
		{ length: runCount },
		(_, index) => `run_bench_${workerCount}_${repetition}_${index}`,
	);
	const started = performance.now();
	for (const runId of runIds) {
		const inputs = { topic: runId };
		const definition = await defineRun(
			{ crew: "crew", inputs, model: "scripted:script.json" },
			{ workspace: cwd, defaultModel: "scripted:script.json", runId },
		);
		await enqueueRun(runQueue, { runId, definition, inputs });
	}
	await waitFor(async () => {
		const pipeline = runQueue.redis.pipeline();
		for (const runId of runIds) pipeline.exists(runKeys(runId).done);
		const replies = (await pipeline.exec()) ?? [];
		return replies.every(([, exists]) => exists === 1);
	}, repetitionTimeoutMs);
	const seconds = (performance.now() - started) / 1000;
	await Promise.all(children.map((child) => stopProcess(child)));
	return seconds;
}

async function waitFor(check: () => Promise<boolean>, timeoutMs = 30_000): Promise<void> {
	const deadline = Date.now() + timeoutMs;
	while (!(await check())) {
		if (Date.now() > deadline) throw new Error("timed out");
		await new Promise((resolve) => setTimeout(resolve, 50));
	}
}

const median = (numbers: number[]) => {
	const sorted = [...numbers].sort((a, b) => a - b);
	return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
};

try {
	const seconds = new Map<number, number[]>([
		[1, []],
		[4, []],
	]);
	for (let repetition = 0; repetition < repetitions; repetition++) {
		for (const workerCount of [1, 4]) {
			const elapsed = await measure(workerCount, repetition);
			seconds.get(workerCount)?.push(elapsed);
			console.error(`  rep ${repetition + 1}: ${workerCount} worker(s) ${elapsed.toFixed(2)} s`);
		}
	}
	const floor = (runCount * 3 * latencyMs) / 1000;
	const one = median(seconds.get(1) ?? []);
	const four = median(seconds.get(4) ?? []);
	const row = (workers: number, elapsed: number) => {
		const ideal = floor / (workers * concurrency);
		return `| ${workers} | ${workers * concurrency} | ${elapsed.toFixed(2)} | ${(runCount / elapsed).toFixed(1)} | ${ideal.toFixed(2)} | ${((ideal / elapsed) * 100).toFixed(0)}% |`;
	};
	console.log(
		`\n### Queue throughput: ${runCount} runs × 3 model calls × ${latencyMs} ms, ${concurrency} runs per worker, median of ${repetitions} (${availableParallelism()} cores)\n`,
	);
	console.log("| workers | slots | seconds | runs/s | ideal seconds | efficiency |");
	console.log("|---|---|---|---|---|---|");
	console.log(row(1, one));
	console.log(row(4, four));
	console.log(`\nScaling 1 → 4 workers: ${(one / four).toFixed(2)}× (ideal 4×).`);
} finally {
	await runQueue.close();
	await server.stop();
	await rm(cwd, { recursive: true, force: true });
}
