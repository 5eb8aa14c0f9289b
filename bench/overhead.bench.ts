/**
 * Orchestration overhead: the same two-task crew (researcher → analyst, context passed, no
 * tools) on a zero-latency fake model, in crewkit and in each peer through its own mock or
 * custom-model interface. Each framework runs in processes of its own (3 by default), each
 * doing warm-up runs and then measured runs in batches; the figure per process is the
 * median batch, the figure per framework the median process. Ratios to crewkit come last.
 *
 *   node bench/overhead.bench.ts [--quick] [--frameworks crewkit,langgraph] [--processes 3]
 */
import { parseArgs } from "node:util";
import {
	type BenchResult,
	commandLine,
	publishResult,
	type Ratio,
} from "./support/bench-result.ts";
import { formatNumber, formatRatio, formatSpread } from "./support/format.ts";
import type { FrameworkEntry } from "./support/frameworks.ts";
import { labelWithVersion } from "./support/package-versions.ts";
import { parseResultLine, runChild } from "./support/run-child.ts";
import { selectFrameworks } from "./support/select-frameworks.ts";
import { median, type Spread, spread } from "./support/statistics.ts";

const { values } = parseArgs({
	options: {
		quick: { type: "boolean", default: false },
		frameworks: { type: "string" },
		processes: { type: "string" },
		runs: { type: "string" },
		warmup: { type: "string" },
		"no-install": { type: "boolean", default: false },
	},
});
const processes = Number(values.processes ?? 3);
const runs = Number(values.runs ?? (values.quick ? 200 : 1000));
const warmup = Number(values.warmup ?? (values.quick ? 50 : 500));

interface WorkerResult {
	runs: number;
	callsPerRun: number;
	microsecondsPerRun: number;
	batchMicrosecondsPerRun: number[];
	maxRssMb: number;
	loadMs: number;
}

interface FrameworkFigures {
	entry: FrameworkEntry;
	perRun: Spread;
	perCall: Spread;
	rssMb: number;
	loadMs: number;
	callsPerRun: number;
	processes: WorkerResult[];
}

const { selected, notes } = selectFrameworks(values.frameworks, {
	install: !values["no-install"],
	include: (entry) => !entry.batchOnly,
});
const measured: FrameworkFigures[] = [];
for (const entry of selected) {
	const results: WorkerResult[] = [];
	try {
		for (let index = 0; index < processes; index++) {
			const child = await runChild(
				"support/crew-worker.ts",
				["overhead", entry.name, "--runs", String(runs), "--warmup", String(warmup)],
				{ timeoutMs: 300_000 },
			);
			results.push(parseResultLine<WorkerResult>(child, `${entry.label} (process ${index + 1})`));
		}
	} catch (error) {
		notes.push(`${entry.label} failed: ${(error as Error).message.split("\n")[0]}`);
		continue;
	}
	const perProcess = results.map((result) => median(result.batchMicrosecondsPerRun));
	const callsPerRun = results[0]?.callsPerRun ?? 2;
	measured.push({
		entry,
		perRun: spread(perProcess),
		perCall: spread(perProcess.map((value) => value / callsPerRun)),
		rssMb: median(results.map((result) => result.maxRssMb)),
		loadMs: median(results.map((result) => result.loadMs)),
		callsPerRun,
		processes: results,
	});
	process.stderr.write(`${entry.label}: ${formatNumber(median(perProcess))} µs per run\n`);
}

const crewkit = measured.find((figures) => figures.entry.name === "crewkit");
const ratios: Ratio[] = crewkit
	? measured
			.filter((figures) => figures !== crewkit)
			.map((figures) => {
				const value = figures.perRun.median / crewkit.perRun.median;
				return {
					label: `${figures.entry.label} / crewkit, µs per crew run`,
					value,
					text: formatRatio(value),
				};
			})
	: [];
if (crewkit) {
	const rssPeers = measured.filter((figures) => figures.entry.peer);
	for (const figures of rssPeers) {
		const value = figures.rssMb / crewkit.rssMb;
		ratios.push({
			label: `${figures.entry.label} / crewkit, peak RSS`,
			value,
			text: formatRatio(value),
		});
	}
}

const result: BenchResult = {
	name: "overhead",
	title: "Orchestration overhead (two-task crew, zero-latency fake model)",
	command: commandLine(),
	method: `Each framework in ${processes} separate processes; each process does ${warmup} warm-up runs, then ${runs} measured runs in 10 batches. µs per crew run: median over processes of each process's median batch (min–max over processes). µs per model call: the same divided by the model calls per run. Peak RSS: process.resourceUsage().maxRSS after all runs (median process; it grows with the number of runs where a framework or its mock keeps per-run state). Load: ms from process start until the crew was built (modules loaded).`,
	tables: [
		{
			title: "Per framework",
			columns: [
				"framework",
				"µs per crew run",
				"µs per model call",
				"model calls per run",
				"peak RSS MB",
				"load ms",
				"vs crewkit",
			],
			rows: measured.map((figures) => [
				labelWithVersion(figures.entry),
				formatSpread(figures.perRun),
				formatSpread(figures.perCall),
				formatNumber(figures.callsPerRun, 0),
				formatNumber(figures.rssMb, 0),
				formatNumber(figures.loadMs, 0),
				crewkit ? formatRatio(figures.perRun.median / crewkit.perRun.median) : "–",
			]),
		},
	],
	notes: [
		...notes,
		"Telemetry: KaibanJS (KAIBAN_TELEMETRY_OPT_OUT) and Mastra (MASTRA_TELEMETRY_DISABLED) ran with their phone-home telemetry off, as this machine has no network for it; OpenAI Agents JS ran with its default tracing (spans are built; the exporter skips the upload without an API key).",
		"crewkit's row uses its scripted model, which keeps its last 100 calls and counts prompt tokens; the bare-model row shows crewkit's orchestration without that bookkeeping.",
	],
	ratios,
	data: measured.map((figures) => ({
		framework: figures.entry.name,
		processes: figures.processes,
	})),
};
publishResult(result);
