/**
 * Concurrency: 100 topics through the research crew (2 model calls each) against a loopback
 * OpenAI-compatible server answering every call after a fixed 200 ms, at most 16 crews at a
 * time: crewkit with `crew.kickoffForEach(inputs, { concurrency: 16 })`, the peers with
 * their OpenAI-compatible clients and a limiter (Promise.all over 16 workers). Reported:
 * wall time relative to the ideal `calls × latency / concurrency`.
 *
 *   node bench/concurrency.bench.ts [--quick] [--frameworks crewkit,langgraph] [--latency 200]
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
import { startLatencyServer } from "./support/latency-server.ts";
import { type BatchFigures, measureBatch } from "./support/measure-batch.ts";
import { labelWithVersion } from "./support/package-versions.ts";
import { selectFrameworks } from "./support/select-frameworks.ts";
import { median, type Spread, spread } from "./support/statistics.ts";

const { values } = parseArgs({
	options: {
		quick: { type: "boolean", default: false },
		frameworks: { type: "string" },
		topics: { type: "string", default: "100" },
		concurrency: { type: "string", default: "16" },
		latency: { type: "string", default: "200" },
		processes: { type: "string" },
		"no-install": { type: "boolean", default: false },
	},
});
const topics = Number(values.topics);
const concurrency = Number(values.concurrency);
const latencyMs = Number(values.latency);
const processes = Number(values.processes ?? (values.quick ? 1 : 3));

const { selected, notes } = selectFrameworks(values.frameworks, {
	install: !values["no-install"],
	include: (entry) => !entry.diagnostic,
});
const server = await startLatencyServer({ latencyMs });

interface FrameworkFigures {
	entry: FrameworkEntry;
	runs: BatchFigures[];
	overIdeal: Spread;
	wallMs: Spread;
}

const measured: FrameworkFigures[] = [];
try {
	for (const entry of selected) {
		const runs: BatchFigures[] = [];
		try {
			for (let index = 0; index < processes; index++) {
				runs.push(await measureBatch(entry, server, { topics, concurrency, latencyMs }));
			}
		} catch (error) {
			notes.push(
				`${entry.label} failed: ${(error as Error).message.split("\n").slice(0, 3).join(" ")}`,
			);
			continue;
		}
		const figures = {
			entry,
			runs,
			overIdeal: spread(runs.map((run) => run.wallMs / run.idealMs)),
			wallMs: spread(runs.map((run) => run.wallMs)),
		};
		measured.push(figures);
		process.stderr.write(
			`${entry.label}: ${formatNumber(figures.wallMs.median, 0)} ms (${formatRatio(figures.overIdeal.median)} ideal)\n`,
		);
	}
} finally {
	await server.close();
}

const crewkit = measured.find((figures) => figures.entry.name === "crewkit");
const callSlots = measured.find((figures) => figures.entry.name === "crewkit-call-slots");
const first = measured[0]?.runs[0];
const ratios: Ratio[] = [];
if (crewkit) {
	ratios.push({
		label: `crewkit wall time / ideal (${topics} runs × 2 calls × ${latencyMs} ms / ${concurrency})`,
		value: crewkit.overIdeal.median,
		text: formatRatio(crewkit.overIdeal.median),
	});
	const bound = median(crewkit.runs.map((run) => run.wallMs / run.wholeRunBoundMs));
	ratios.push({
		label:
			"crewkit wall time / whole-run bound (the best any framework can do with whole crew runs per slot)",
		value: bound,
		text: formatRatio(bound),
	});
	if (callSlots) {
		ratios.push({
			label: `crewkit with callConcurrency ${concurrency} (${concurrency} model calls in flight, not ${concurrency} runs) wall time / ideal`,
			value: callSlots.overIdeal.median,
			text: formatRatio(callSlots.overIdeal.median),
		});
	}
	for (const figures of measured) {
		if (figures === crewkit || figures === callSlots) continue;
		const value = figures.wallMs.median / crewkit.wallMs.median;
		ratios.push({
			label: `${figures.entry.label} / crewkit, wall time`,
			value,
			text: formatRatio(value),
		});
	}
}

const result: BenchResult = {
	name: "concurrency",
	title: `Concurrency (${topics} crews × 2 calls, ${latencyMs} ms per call, ${concurrency} at a time)`,
	command: commandLine(),
	method: `The latency server runs in the benchmark's process; each framework runs in a child process (${processes} per framework): a warm-up wave of max(4, concurrency) crew runs, then ${topics} topics at most ${concurrency} at a time. Ideal = calls × latency / concurrency = ${first ? formatNumber(first.idealMs, 0) : "–"} ms; with whole crew runs per slot the best possible is ceil(${topics}/${concurrency}) × 2 × ${latencyMs} ms = ${first ? formatNumber(first.wholeRunBoundMs, 0) : "–"} ms.`,
	tables: [
		{
			title: "Per framework (median of processes, min–max)",
			columns: [
				"framework",
				"how",
				"wall ms",
				"wall / ideal",
				"wall / whole-run bound",
				"calls per run",
				"peak in flight",
				"peak RSS MB",
			],
			rows: measured.map((figures) => [
				labelWithVersion(figures.entry),
				figures.entry.batchOnly
					? `kickoffForEach({ callConcurrency: ${concurrency} })`
					: figures.runs[0]?.usedOwnBatchApi
						? `kickoffForEach({ concurrency: ${concurrency} })`
						: "limiter + run()",
				formatSpread(figures.wallMs, 0),
				formatSpread(figures.overIdeal, 2),
				formatNumber(median(figures.runs.map((run) => run.wallMs / run.wholeRunBoundMs)), 2),
				formatNumber(figures.runs[0]?.callsPerRun ?? Number.NaN, 1),
				String(Math.max(...figures.runs.map((run) => run.peakInFlight))),
				formatNumber(median(figures.runs.map((run) => run.maxRssMb)), 0),
			]),
		},
	],
	notes: [
		...notes,
		`Wall / ideal cannot reach 1.00 here: \`concurrency\` bounds crew runs, and a crew run's calls follow one another, so ${topics} runs over ${concurrency} slots take at least ceil(${topics}/${concurrency}) runs one after another in some slot (the whole-run bound, ${first ? formatRatio(first.wholeRunBoundMs / first.idealMs) : "–"} ideal). What is left over that bound is the framework's and the HTTP client's. The callConcurrency row bounds model calls in flight instead (runs start up to 4 × ${concurrency} at a time): its floor is ceil(${topics} × 2 / ${concurrency}) calls one after another, ${formatRatio(Math.ceil((topics * 2) / concurrency) / ((topics * 2) / concurrency))} ideal. "Peak in flight" is the most requests the server saw at once, for every row.`,
		"Each framework talks to the server through its own OpenAI-compatible client: crewkit the model string openai-compatible:<model>@<url> (AI SDK provider), the AI SDK and Mastra @ai-sdk/openai-compatible, LangGraph.js and KaibanJS LangChain's ChatOpenAI, OpenAI Agents JS its OpenAIChatCompletionsModel, the floor plain fetch.",
	],
	ratios,
	data: measured.map((figures) => ({ framework: figures.entry.name, runs: figures.runs })),
};
publishResult(result);
