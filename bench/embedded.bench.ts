/**
 * Embedded model speed: tokens per second of crewkit's embedded provider (createLlamaModel,
 * doGenerate with maxOutputTokens) against node-llama-cpp called directly (getLlama +
 * LlamaChat) with the same model file, context size and threads — the ratio should be
 * close to 1 — on the stories260K fixture and on a random-weight GGUF of a 0.5B-class shape.
 * Then crewkit's default thread count (os.availableParallelism()) against
 * node-llama-cpp's own default (no threads passed), with a few tokens and a time limit.
 * The same-settings pairs also run at 1 thread, which a busy 2-core machine disturbs least.
 *
 *   node bench/embedded.bench.ts [--quick]
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { availableParallelism, tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import {
	type BenchResult,
	commandLine,
	publishResult,
	type Ratio,
} from "./support/bench-result.ts";
import { formatNumber, formatRatio, formatSpread } from "./support/format.ts";
import { benchDir } from "./support/frameworks.ts";
import { parseResultLine, runChild } from "./support/run-child.ts";
import { median, spread } from "./support/statistics.ts";

const { values } = parseArgs({ options: { quick: { type: "boolean", default: false } } });
const quick = values.quick;
const threads = availableParallelism();
const contextSize = 2048;
const notes: string[] = [];
const rootDir = join(benchDir, "..");
const sharedDir = join(rootDir, "..", "shared");

interface Call {
	outputTokens: number;
	ms: number;
}
interface WorkerResult {
	sides: Record<string, { loadMs: number; calls: Call[] }>;
	maxRssMb: number;
}

interface ModelCase {
	label: string;
	path: string;
	tokens: number;
	calls: number;
}

const cases: ModelCase[] = [];
const stories = join(sharedDir, "fixtures", "models", "stories260K.gguf");
if (existsSync(stories)) {
	cases.push({ label: "stories260K (1.2 MB)", path: stories, tokens: 256, calls: quick ? 5 : 9 });
} else notes.push(`stories260K skipped: ${stories} not found.`);

// A random-weight GGUF of Qwen2.5-0.5B's shape (Q4_0), generated into a temporary folder.
const synthetic = { folder: "", path: "" };
const generator = join(sharedDir, "tools", "make-synthetic-gguf.py");
const numpy = spawnSync("python3", ["-c", "import numpy"], { stdio: "ignore" });
if (!existsSync(generator)) notes.push(`0.5B-class model skipped: ${generator} not found.`);
else if (numpy.status !== 0) {
	notes.push(
		"0.5B-class model skipped: python3 cannot import numpy (pip install numpy), which the synthetic GGUF generator needs.",
	);
} else {
	synthetic.folder = mkdtempSync(join(tmpdir(), "crewkit-bench-gguf-"));
	synthetic.path = join(synthetic.folder, "synthetic-896x24-q4_0.gguf");
	const shape = ["896", "24", "14", "2", "4864", "151936", "2"];
	const made = spawnSync("python3", [generator, synthetic.path, ...shape], { encoding: "utf8" });
	if (made.status === 0) {
		cases.push({
			label: "random-weight Qwen2.5-0.5B shape, Q4_0 (282 MB)",
			path: synthetic.path,
			tokens: 48,
			calls: quick ? 3 : 7,
		});
	} else
		notes.push(
			`0.5B-class model skipped: the generator failed: ${made.stderr.trim().split("\n").at(-1)}`,
		);
}

const tokensPerSecond = (call: Call) => call.outputTokens / (call.ms / 1000);

interface PairFigures {
	model: ModelCase;
	threads: number;
	crewkit: number[];
	direct: number[];
	ratios: number[];
	outputTokens: number;
}
interface DefaultFigures {
	model: ModelCase;
	side: "crewkit" | "direct";
	tokensPerSecond: number | undefined;
	/** Wall time of the call. */
	seconds: number | undefined;
	tokens: number;
	timedOut: boolean;
	limitMs: number;
}

const pairs: PairFigures[] = [];

/** crewkit and node-llama-cpp in one process, same settings, calls alternating. */
async function measurePair(model: ModelCase, threadCount: number): Promise<PairFigures> {
	const child = await runChild(
		"support/embedded-worker.ts",
		[
			"pair",
			model.path,
			"--tokens",
			String(model.tokens),
			"--calls",
			String(model.calls),
			"--threads",
			String(threadCount),
			"--context",
			String(contextSize),
		],
		{ timeoutMs: 600_000 },
	);
	const result = parseResultLine<WorkerResult>(child, `${model.label}, same settings`);
	const crewkit = result.sides.crewkit?.calls ?? [];
	const direct = result.sides.direct?.calls ?? [];
	return {
		model,
		threads: threadCount,
		crewkit: crewkit.map(tokensPerSecond),
		direct: direct.map(tokensPerSecond),
		ratios: crewkit.map((call, index) => {
			const other = direct[index];
			return other ? tokensPerSecond(call) / tokensPerSecond(other) : Number.NaN;
		}),
		outputTokens: median(crewkit.map((call) => call.outputTokens)),
	};
}
const defaults: DefaultFigures[] = [];
try {
	const threadLevels = [...new Set([threads, 1])];
	for (const level of threadLevels) {
		// At 1 thread only the small model in quick mode: the 0.5B one takes a while.
		for (const model of level === threads || !quick ? cases : cases.slice(0, 1)) {
			try {
				pairs.push(await measurePair(model, level));
				process.stderr.write(`${model.label}, ${level} thread(s): paired calls done\n`);
			} catch (error) {
				notes.push(
					`${model.label}, same settings, ${level} thread(s) failed: ${(error as Error).message.split("\n")[0]}`,
				);
			}
		}
	}
	// Default threads: a few tokens, one call, no warm-up, a time limit.
	const defaultCases = quick ? cases.slice(0, 1) : cases;
	for (const model of defaultCases) {
		for (const side of ["crewkit", "direct"] as const) {
			const tokens = quick ? 4 : 8;
			const limitMs = quick ? 60_000 : 90_000;
			const child = await runChild(
				"support/embedded-worker.ts",
				[`${side}-default`, model.path, "--tokens", String(tokens), "--calls", "1", "--no-warmup"],
				{ timeoutMs: limitMs },
			);
			if (child.timedOut) {
				defaults.push({
					model,
					side,
					tokensPerSecond: undefined,
					seconds: undefined,
					tokens,
					timedOut: true,
					limitMs,
				});
				continue;
			}
			try {
				const result = parseResultLine<WorkerResult>(
					child,
					`${model.label}, ${side} default threads`,
				);
				const call = result.sides[side]?.calls[0];
				defaults.push({
					model,
					side,
					tokensPerSecond: call ? tokensPerSecond(call) : undefined,
					seconds: call ? call.ms / 1000 : undefined,
					tokens,
					timedOut: false,
					limitMs,
				});
			} catch (error) {
				notes.push((error as Error).message.split("\n")[0] ?? "");
			}
		}
	}
} finally {
	if (synthetic.folder) rmSync(synthetic.folder, { recursive: true, force: true });
}

const ratios: Ratio[] = pairs.map((pair) => {
	const value = median(pair.ratios);
	return {
		label: `crewkit / node-llama-cpp direct, tokens/s, ${pair.model.label}, ${pair.threads} thread${pair.threads === 1 ? "" : "s"}`,
		value,
		text: formatRatio(value),
	};
});
for (const model of cases) {
	const crewkit = defaults.find((item) => item.model === model && item.side === "crewkit");
	const direct = defaults.find((item) => item.model === model && item.side === "direct");
	if (!crewkit?.tokensPerSecond || !direct) continue;
	// A timed-out run generated its tokens in more than the limit: a lower bound on the ratio.
	const directRate = direct.tokensPerSecond ?? direct.tokens / (direct.limitMs / 1000);
	const value = crewkit.tokensPerSecond / directRate;
	ratios.push({
		label: `crewkit default threads (${threads}) / node-llama-cpp default threads, tokens/s, ${model.label}`,
		value,
		text: direct.timedOut ? `more than ${formatRatio(value)}` : formatRatio(value),
	});
}

const result: BenchResult = {
	name: "embedded",
	title: "Embedded model speed (crewkit's provider vs node-llama-cpp direct)",
	command: commandLine(),
	method: `Same settings: one process per model loads it through crewkit (createLlamaModel + doGenerate with maxOutputTokens) and through node-llama-cpp directly (getLlama({ gpu: false, maxThreads: 0 }) + LlamaChat, history cleared per call as crewkit does), context ${contextSize}, ${threads} threads (availableParallelism) and 1 thread, greedy, the same system and user prompt; after one short untimed call each, the calls alternate between the two. tokens/s = output tokens / wall time of the call (prompt evaluation included). Default threads: a separate process each, threads not passed, ${quick ? 4 : 8} tokens, no warm-up (the call includes the first prompt evaluation), one call, with a time limit.`,
	tables: [
		{
			title: "Same model, context and threads, median (min–max) over calls",
			columns: [
				"model",
				"threads",
				"output tokens per call",
				"crewkit tokens/s",
				"node-llama-cpp tokens/s",
				"crewkit / direct (paired calls)",
			],
			rows: pairs.map((pair) => [
				pair.model.label,
				String(pair.threads),
				formatNumber(pair.outputTokens, 0),
				formatSpread(spread(pair.crewkit), 1),
				formatSpread(spread(pair.direct), 1),
				formatSpread(spread(pair.ratios), 3),
			]),
		},
		{
			title: "Default threads (a few tokens, one call)",
			columns: ["model", "who", "threads", "tokens", "seconds", "tokens/s"],
			rows: defaults.map((item) => [
				item.model.label,
				item.side === "crewkit"
					? "crewkit (createLlamaModel, no threads)"
					: "node-llama-cpp (getLlama + createContext, no threads)",
				item.side === "crewkit"
					? `${threads} (availableParallelism)`
					: "node-llama-cpp's default (max(4, math cores))",
				String(item.tokens),
				item.timedOut ? `> ${item.limitMs / 1000}` : formatNumber(item.seconds ?? Number.NaN, 1),
				item.timedOut
					? `< ${formatNumber(item.tokens / (item.limitMs / 1000), 2)} (not done in ${item.limitMs / 1000} s)`
					: formatNumber(item.tokensPerSecond ?? Number.NaN, 1),
			]),
		},
	],
	notes: [
		...notes,
		"llama.cpp's worker threads spin while they wait for each other, so when a machine runs more busy threads than it has cores (node-llama-cpp's default of at least 4 on this 2-core machine, or other load), decoding slows down many times over; the same-settings figures are paired call by call for that reason, and the 1-thread pairs, which such load disturbs least, give the steadiest crewkit / direct ratio.",
	],
	ratios,
	data: { pairs, defaults },
};
publishResult(result);
