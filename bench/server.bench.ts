/**
 * Dashboard server benchmark: 20 concurrent runs on the scripted model (fixed latency per
 * reply) followed by 100 SSE clients (5 per run). Measures event delivery latency, from the
 * moment the store recorded an event to the moment a client parsed it, and the server's
 * peak RSS. The server runs in a child process, so its memory is its own.
 * Run with `node bench/server.bench.ts` (`--runs 20 --clients-per-run 5 --latency 250 --rounds 3`).
 */
import { fork } from "node:child_process";
import { performance } from "node:perf_hooks";
import { parseArgs } from "node:util";
import type { RunStore } from "../src/store/run-store.ts";
import { startBriefingRun, startHarness } from "../test/support/server-harness.ts";
import { readSse } from "../test/support/sse-client.ts";

const { values } = parseArgs({
	options: {
		child: { type: "boolean", default: false },
		runs: { type: "string", default: "20" },
		"clients-per-run": { type: "string", default: "5" },
		latency: { type: "string", default: "250" },
		rounds: { type: "string", default: "3" },
	},
});
const runCount = Number(values.runs);
const clientsPerRun = Number(values["clients-per-run"]);
const latencyMs = Number(values.latency);
const rounds = Number(values.rounds);

/** Milliseconds on a clock both processes share (wall clock at start + monotonic since). */
const now = () => performance.timeOrigin + performance.now();

type ChildMessage =
	| { type: "ready"; url: string; baselineRssMb: number }
	| { type: "stamps"; stamps: Array<[string, number]>; peakRssMb: number };

if (values.child) await serve();
else await measure();

/** The server: the briefing crew on the scripted model; every recorded event is stamped. */
async function serve(): Promise<void> {
	const stamps = new Map<string, number>();
	const stamping = (store: RunStore): RunStore => ({
		...store,
		record(event) {
			const seq = store.record(event);
			stamps.set(`${event.runId}:${seq}`, now());
			return seq;
		},
	});
	const harness = await startHarness({ listen: true, latencyMs, wrapStore: stamping });
	let peakRss = process.memoryUsage().rss;
	const sampler = setInterval(() => {
		peakRss = Math.max(peakRss, process.memoryUsage().rss);
	}, 50);
	const send = (message: ChildMessage) => process.send?.(message);
	process.on("message", async (message: { type: string }) => {
		if (message.type === "report") {
			peakRss = Math.max(peakRss, process.resourceUsage().maxRSS * 1024);
			send({ type: "stamps", stamps: [...stamps], peakRssMb: peakRss / 2 ** 20 });
			stamps.clear();
		}
		if (message.type === "stop") {
			clearInterval(sampler);
			await harness.close();
			process.exit(0);
		}
	});
	send({ type: "ready", url: harness.server?.url ?? "", baselineRssMb: peakRss / 2 ** 20 });
}

/** The clients: start the runs, follow each with several SSE clients, compare times. */
async function measure(): Promise<void> {
	const child = fork(
		new URL(import.meta.url).pathname,
		["--child", "--latency", String(latencyMs)],
		{
			stdio: ["ignore", "inherit", "inherit", "ipc"],
		},
	);
	const deadline = setTimeout(() => {
		process.stderr.write("bench: over 2 minutes, stopping.\n");
		child.kill("SIGKILL");
		process.exit(1);
	}, 115_000);
	const next = () => new Promise<ChildMessage>((resolve) => child.once("message", resolve));
	const ready = await next();
	if (ready.type !== "ready") throw new Error("the server did not start");
	const request = (path: string, init?: RequestInit) => fetch(new URL(path, ready.url), init);

	const latencies: number[] = [];
	let deliveries = 0;
	let peakRssMb = 0;
	let wallMs = 0;
	for (let round = 0; round < rounds; round++) {
		const started = now();
		const received: Array<{ key: string; at: number; connectedAt: number }> = [];
		const runIds = await Promise.all(
			Array.from({ length: runCount }, (_, index) =>
				startBriefingRun({ request }, { topic: `Topic ${round}-${index}` }),
			),
		);
		await Promise.all(
			runIds.flatMap((runId) =>
				Array.from({ length: clientsPerRun }, async () => {
					const connectedAt = now();
					const response = await request(`/api/runs/${runId}/events`);
					await readSse(response, (message) => {
						received.push({ key: `${runId}:${message.id}`, at: now(), connectedAt });
						return undefined;
					});
				}),
			),
		);
		wallMs += now() - started;
		child.send({ type: "report" });
		const report = await next();
		if (report.type !== "stamps") throw new Error("no stamps");
		const stamps = new Map(report.stamps);
		peakRssMb = Math.max(peakRssMb, report.peakRssMb);
		for (const { key, at, connectedAt } of received) {
			const recordedAt = stamps.get(key);
			if (recordedAt === undefined) throw new Error(`no record time for ${key}`);
			deliveries += 1;
			// Events recorded before the client connected came from the backlog, not live.
			if (recordedAt >= connectedAt) latencies.push(at - recordedAt);
		}
	}
	clearTimeout(deadline);
	child.send({ type: "stop" });

	latencies.sort((a, b) => a - b);
	const percentile = (p: number) =>
		latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))] ??
		Number.NaN;
	const ms = (value: number) => `${value.toFixed(2)} ms`;
	const rows: Array<[string, string]> = [
		["runs (concurrent) × rounds", `${runCount} × ${rounds}`],
		["SSE clients", `${runCount * clientsPerRun} (${clientsPerRun} per run)`],
		["scripted latency per reply", `${latencyMs} ms`],
		[
			"events delivered",
			`${deliveries} (${latencies.length} live, ${deliveries - latencies.length} from the backlog)`,
		],
		["delivery latency p50", ms(percentile(50))],
		["delivery latency p95", ms(percentile(95))],
		["delivery latency p99", ms(percentile(99))],
		["delivery latency max", ms(latencies.at(-1) ?? Number.NaN)],
		["server RSS at start", `${ready.baselineRssMb.toFixed(0)} MB`],
		["server peak RSS", `${peakRssMb.toFixed(0)} MB`],
		["wall time", `${(wallMs / 1000).toFixed(1)} s`],
	];
	process.stdout.write(
		`## crewkit serve: ${runCount} runs, ${runCount * clientsPerRun} SSE clients (Node ${process.versions.node})\n\n| measure | value |\n|---|---|\n${rows
			.map(([name, value]) => `| ${name} | ${value} |`)
			.join("\n")}\n`,
	);
}
