/**
 * kickoffForEach (durable runs): crewkit's research crew over 100 inputs against a loopback
 * OpenAI-compatible server with a fixed latency per call (50 ms by default), at concurrency
 * 1, 4 and 16: wall time relative to the ideal `calls × latency / concurrency`. The floor
 * (two plain `fetch` calls per crew, under the same limiter) runs beside it as the reference
 * for what the HTTP round trips alone cost.
 *
 *   node bench/kickoff-for-each.bench.ts [--quick] [--latency 50] [--inputs 100]
 */
import { parseArgs } from "node:util";
import {
	type BenchResult,
	commandLine,
	publishResult,
	type Ratio,
} from "./support/bench-result.ts";
import { formatNumber, formatRatio, formatSpread } from "./support/format.ts";
import { findFramework } from "./support/frameworks.ts";
import { startLatencyServer } from "./support/latency-server.ts";
import { type BatchFigures, measureBatch } from "./support/measure-batch.ts";
import { median, spread } from "./support/statistics.ts";

const { values } = parseArgs({
	options: {
		quick: { type: "boolean", default: false },
		inputs: { type: "string", default: "100" },
		latency: { type: "string", default: "50" },
		concurrency: { type: "string", default: "1,4,16" },
		processes: { type: "string" },
		"no-floor": { type: "boolean", default: false },
	},
});
const inputs = Number(values.inputs);
const latencyMs = Number(values.latency);
const levels = values.concurrency.split(",").map(Number);
const processes = Number(values.processes ?? (values.quick ? 1 : 3));
const entries = values["no-floor"]
	? [findFramework("crewkit")]
	: [findFramework("crewkit"), findFramework("floor")];

const server = await startLatencyServer({ latencyMs });
interface Level {
	framework: string;
	concurrency: number;
	runs: BatchFigures[];
}
const measured: Level[] = [];
const notes: string[] = [];
try {
	for (const concurrency of levels) {
		for (const entry of entries) {
			const runs: BatchFigures[] = [];
			for (let index = 0; index < processes; index++) {
				runs.push(await measureBatch(entry, server, { topics: inputs, concurrency, latencyMs }));
			}
			measured.push({ framework: entry.name, concurrency, runs });
			process.stderr.write(
				`${entry.name}, concurrency ${concurrency}: ${formatNumber(median(runs.map((run) => run.wallMs)), 0)} ms\n`,
			);
		}
	}
} catch (error) {
	notes.push(`Failed: ${(error as Error).message.split("\n").slice(0, 3).join(" ")}`);
} finally {
	await server.close();
}

const ofCrewkit = measured.filter((level) => level.framework === "crewkit");
const floorAt = (concurrency: number) =>
	measured.find((level) => level.framework === "floor" && level.concurrency === concurrency);
const ratios: Ratio[] = ofCrewkit.map(({ concurrency, runs }) => {
	const value = median(runs.map((run) => run.wallMs / run.idealMs));
	return {
		label: `crewkit kickoffForEach wall time / ideal, concurrency ${concurrency}`,
		value,
		text: formatRatio(value),
	};
});
const result: BenchResult = {
	name: "kickoff-for-each",
	title: `kickoffForEach (${inputs} inputs × 2 calls, ${latencyMs} ms per call)`,
	command: commandLine(),
	method: `crewkit's research crew in a child process (${processes} per level): a warm-up wave of max(4, concurrency) runs, then crew.kickoffForEach over ${inputs} inputs at the given concurrency, against the loopback latency server (in the benchmark's process). Ideal = calls × latency / concurrency; whole-run bound = ceil(inputs / concurrency) × 2 × latency.`,
	tables: [
		{
			title: "Per concurrency (median of processes, min–max)",
			columns: [
				"crew",
				"concurrency",
				"wall ms",
				"ideal ms",
				"wall / ideal",
				"wall / whole-run bound",
				"peak in flight",
				"ms per crew run beyond latency",
			],
			rows: measured.map(({ framework, concurrency, runs }) => {
				const wall = spread(runs.map((run) => run.wallMs));
				const first = runs[0] as BatchFigures;
				const beyond = ((wall.median - first.wholeRunBoundMs) * concurrency) / inputs;
				return [
					framework === "floor" ? "floor (plain fetch)" : "crewkit kickoffForEach",
					String(concurrency),
					formatSpread(wall, 0),
					formatNumber(first.idealMs, 0),
					formatSpread(spread(runs.map((run) => run.wallMs / run.idealMs)), 3),
					formatNumber(median(runs.map((run) => run.wallMs / run.wholeRunBoundMs)), 3),
					String(Math.max(...runs.map((run) => run.peakInFlight))),
					formatNumber(beyond, 2),
				];
			}),
		},
	],
	notes: [
		...notes,
		'"ms per crew run beyond latency" = (wall − whole-run bound) × concurrency / inputs: the time each crew run spends outside the server\'s wait (HTTP client, orchestration), spread over the slots. The floor row shows the part of it that plain fetch round trips already cost.',
	],
	ratios: [
		...ratios,
		...ofCrewkit.flatMap(({ concurrency, runs }) => {
			const floor = floorAt(concurrency);
			if (!floor) return [];
			const value =
				median(runs.map((run) => run.wallMs)) / median(floor.runs.map((run) => run.wallMs));
			return [
				{
					label: `crewkit kickoffForEach / floor, wall time, concurrency ${concurrency}`,
					value,
					text: formatRatio(value),
				},
			];
		}),
	],
	data: measured,
};
publishResult(result);
