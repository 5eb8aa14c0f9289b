/**
 * Runs one framework's research crew in its own process, for the overhead, prompt and
 * concurrency benchmarks, and prints one result line (`@@result {json}`) for the parent.
 *
 *   node bench/support/crew-worker.ts overhead <framework> --runs 1000 --warmup 200
 *   node bench/support/crew-worker.ts capture <framework>
 *   node bench/support/crew-worker.ts server <framework> --url http://127.0.0.1:PORT/v1 --topics 100 --concurrency 16
 */
import { performance } from "node:perf_hooks";
import { pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import type { CapturedMessage, CrewRunner, FrameworkModule, ModelSetup } from "./crew-runner.ts";
import { benchDir, findFramework } from "./frameworks.ts";
import { mapWithConcurrency } from "./map-with-concurrency.ts";
import { crewInputs } from "./research-crew-text.ts";

const { positionals, values } = parseArgs({
	allowPositionals: true,
	options: {
		runs: { type: "string", default: "1000" },
		warmup: { type: "string", default: "200" },
		batches: { type: "string", default: "10" },
		url: { type: "string" },
		model: { type: "string", default: "bench-model" },
		topics: { type: "string", default: "100" },
		concurrency: { type: "string", default: "16" },
	},
});
const [mode, name] = positionals;
if (!mode || !name) throw new Error("usage: crew-worker.ts <overhead|capture|server> <framework>");
const entry = findFramework(name);

/** Loads the framework's crew module by computed path (peers are not type-checked with crewkit). */
async function loadCrew(setup: ModelSetup): Promise<CrewRunner> {
	const module = (await import(pathToFileURL(`${benchDir}${entry.module}`).href)) as Record<
		string,
		FrameworkModule["createCrew"]
	>;
	const factory = module[entry.factory ?? "createCrew"];
	if (!factory) throw new Error(`${entry.module} has no export ${entry.factory ?? "createCrew"}`);
	return factory(setup);
}

function report(result: object): void {
	process.stdout.write(`@@result ${JSON.stringify({ framework: name, mode, ...result })}\n`);
}

const inputs = { topic: crewInputs.topic, current_year: crewInputs.current_year };

if (mode === "overhead") {
	const runs = Number(values.runs);
	const warmup = Number(values.warmup);
	const batches = Math.max(1, Math.min(runs, Number(values.batches)));
	const crew = await loadCrew({ kind: "fake" });
	const loadMs = performance.now();
	for (let index = 0; index < warmup; index++) await crew.run(inputs);
	const callsBefore = crew.modelCalls();
	const batchMicroseconds: number[] = [];
	const batchSize = Math.floor(runs / batches);
	let measuredRuns = 0;
	let totalMs = 0;
	for (let batch = 0; batch < batches; batch++) {
		const size = batch === batches - 1 ? runs - measuredRuns : batchSize;
		const started = performance.now();
		for (let index = 0; index < size; index++) await crew.run(inputs);
		const elapsed = performance.now() - started;
		totalMs += elapsed;
		measuredRuns += size;
		batchMicroseconds.push((elapsed * 1000) / size);
	}
	const calls = crew.modelCalls() - callsBefore;
	report({
		runs: measuredRuns,
		warmup,
		callsPerRun: calls / measuredRuns,
		microsecondsPerRun: (totalMs * 1000) / measuredRuns,
		batchMicrosecondsPerRun: batchMicroseconds,
		maxRssMb: process.resourceUsage().maxRSS / 1024,
		loadMs,
	});
} else if (mode === "capture") {
	const calls: CapturedMessage[][] = [];
	const crew = await loadCrew({ kind: "fake", onPrompt: (messages) => calls.push(messages) });
	const answer = await crew.run(inputs);
	report({ calls, answer });
} else if (mode === "server") {
	if (!values.url) throw new Error("server mode needs --url");
	const topics = Number(values.topics);
	const concurrency = Number(values.concurrency);
	const crew = await loadCrew({ kind: "server", baseURL: values.url, modelId: values.model });
	const inputsList = Array.from({ length: topics }, (_, index) => ({
		topic: `${crewInputs.topic} ${index + 1}`,
		current_year: crewInputs.current_year,
	}));
	const runAll = (list: typeof inputsList) =>
		crew.runMany
			? crew.runMany(list, concurrency)
			: mapWithConcurrency(list, concurrency, (item) => crew.run(item));
	// Warm-up, outside the measured batch: one wave of runs (at least 4) the same way.
	const warmupRuns = Math.max(4, concurrency);
	await runAll(
		Array.from({ length: warmupRuns }, (_, index) => ({
			topic: `warm-up ${index + 1}`,
			current_year: crewInputs.current_year,
		})),
	);
	const started = performance.now();
	const answers = await runAll(inputsList);
	const wallMs = performance.now() - started;
	report({
		runs: answers.length,
		warmupRuns,
		concurrency,
		wallMs,
		usedOwnBatchApi: crew.runMany !== undefined,
		maxRssMb: process.resourceUsage().maxRSS / 1024,
	});
} else {
	throw new Error(`Unknown mode '${mode}'.`);
}
