/**
 * time-to-report: the research crew over a fixed corpus (a recorded web on 127.0.0.1 of
 * twelve 12,000-character articles, of which the pipeline reads ten) on a GGUF model. Per step: model calls, prompt tokens,
 * tokens evaluated (prompt tokens not served from the KV cache), output tokens, seconds;
 * and the total. Beside it, estimates from this model's measured speeds: the same calls
 * with no KV-cache reuse, and the old agent strategy's measured token count (issue #11).
 *
 *   node bench/time-to-report.bench.ts [--model stories|synthetic-0.5b|synthetic-1.5b|synthetic-3b|synthetic-7b|FILE.gguf]
 *     [--context N] [--threads N] [--estimate synthetic-7b,synthetic-3b] [--keep]
 *
 * `synthetic-*` writes a random-weight GGUF of that Qwen2.5 shape with
 * ../shared/tools/make-synthetic-gguf.py into a temporary folder (never committed) and gives
 * it a real subword vocabulary (support/gguf-vocabulary.ts), so prompts count about as many
 * tokens as with Qwen2.5. Its output is noise that stops early (the repetition stop, or an
 * empty answer), so a worst-case row adds every call's unused reserved output at the
 * measured generation speed. `--estimate` measures the speeds of
 * other shapes and estimates this run's time on them. The result goes to
 * bench/.results/time-to-report.json (the suite's RESULTS.md section, `npm run bench --
 * --time-to-report`).
 */
import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import { createLlamaModel } from "../src/models/embedded/llama-model.ts";
import { openRunStore } from "../src/store/sqlite-store.ts";
import { evaluatedInputTokens } from "../src/usage.ts";
import { startArticleWeb } from "../test/support/article-web.ts";
import { largeCorpus } from "../test/support/large-corpus.ts";
import { peersDir } from "./peers/install.ts";
import { type BenchResult, commandLine, publishResult } from "./support/bench-result.ts";
import { formatNumber } from "./support/format.ts";
import { benchDir } from "./support/frameworks.ts";
import { replaceGgufVocabulary, subwordVocabulary } from "./support/gguf-vocabulary.ts";
import { loadAverage } from "./support/machine.ts";

const root = join(benchDir, "..");
const shared = join(root, "..", "shared");
const { values } = parseArgs({
	options: {
		model: { type: "string", default: "stories" },
		context: { type: "string", default: "8192" },
		threads: { type: "string", default: "2" },
		estimate: { type: "string" },
		keep: { type: "boolean", default: false },
	},
});
const contextSize = Number(values.context);
const threads = Number(values.threads);
const loadBefore = loadAverage();

/** Qwen2.5 shapes: n_embd, n_layer, n_head, n_head_kv, n_ff, n_vocab, type (2 = Q4_0). */
const shapes: Record<string, number[]> = {
	"synthetic-0.5b": [896, 24, 14, 2, 4864, 151_936, 2],
	"synthetic-1.5b": [1536, 28, 12, 2, 8960, 151_936, 2],
	"synthetic-3b": [2048, 36, 16, 2, 11_008, 151_936, 2],
	"synthetic-7b": [3584, 28, 28, 4, 18_944, 152_064, 2],
};
/** The old agent strategy's prompt tokens for a 6-page report, measured in issue #11. */
const oldAgentPromptTokens = 91_227;

const work = mkdtempSync(join(tmpdir(), "crewkit-time-to-report-"));
try {
	const modelPath = await prepareModel(values.model);
	const speed = await measureSpeed(modelPath);

	const web = await startArticleWeb({ pages: 12, characters: 12_000 });
	const started = performance.now();
	// Asynchronous: the recorded web answers from this process while the run goes on.
	const run = await runProcess(
		process.execPath,
		[
			join(root, "bin/crewkit.js"),
			"run",
			"--topic",
			"AI LLMs",
			"--search",
			"searxng",
			"--allow-private-network",
			"--model",
			`local:${modelPath}`,
			"--threads",
			String(threads),
			"--context",
			String(contextSize),
			"--allow-ungrounded",
			"--json",
		],
		{ cwd: work, env: { ...process.env, SEARXNG_URL: web.baseUrl } },
	);
	await web.close();
	const wall = (performance.now() - started) / 1000;
	if (run.code !== 0) throw new Error(`the run failed:\n${run.stderr}`);
	const { runId } = JSON.parse(run.stdout) as { runId: string };
	const store = openRunStore(join(work, ".crewkit/runs.db"));
	const calls = store.modelCalls(runId);
	const toolCalls = store.toolCalls(runId);
	store.close();
	const report = readdirSync(work).find((file) => file.endsWith(".md"));
	const reportText = report ? readFileSync(join(work, report), "utf8") : "";
	const sectionCount = (reportText.match(/^## /gm) ?? []).length;
	const pagesRead = toolCalls.filter(
		(call) => !call.isError && call.toolName === "fetch_page",
	).length;

	const steps = new Map<string, typeof calls>();
	for (const call of calls) {
		const step = stepOf(call.task, JSON.stringify(call.prompt));
		steps.set(step, [...(steps.get(step) ?? []), call]);
	}
	const total = { calls: 0, prompt: 0, evaluated: 0, output: 0, seconds: 0 };
	const rows: string[][] = [];
	for (const [step, mine] of steps) {
		const figures = {
			calls: mine.length,
			prompt: mine.reduce((sum, call) => sum + call.usage.inputTokens, 0),
			evaluated: mine.reduce((sum, call) => sum + evaluatedInputTokens(call.usage), 0),
			output: mine.reduce((sum, call) => sum + call.usage.outputTokens, 0),
			seconds: mine.reduce((sum, call) => sum + call.durationMs, 0) / 1000,
		};
		for (const key of Object.keys(total) as Array<keyof typeof total>) total[key] += figures[key];
		rows.push([
			step,
			String(figures.calls),
			formatNumber(figures.prompt, 0),
			formatNumber(figures.evaluated, 0),
			formatNumber(figures.output, 0),
			formatNumber(figures.seconds, 0),
		]);
	}
	rows.push([
		"**total**",
		String(total.calls),
		formatNumber(total.prompt, 0),
		formatNumber(total.evaluated, 0),
		formatNumber(total.output, 0),
		`${formatNumber(total.seconds, 0)} (wall ${formatNumber(wall, 0)}, model load included)`,
	]);
	const overflowing = calls.filter(
		(call) =>
			call.window &&
			call.usage.inputTokens + call.window.reservedOutputTokens > call.window.contextSize,
	).length;
	const capped = calls.filter((call) => call.finishReason === "length").length;
	const largestPrompt = Math.max(...calls.map((call) => call.usage.inputTokens));
	const largestOutput = Math.max(...calls.map((call) => call.usage.outputTokens));

	const estimate = (prompt: number, output: number, rates: Speed) =>
		prompt / rates.prompt + output / rates.generated;
	// Noise stops early (the provider's repetition stop, or an end-of-turn at once): the
	// worst case adds, for every call, the output it did not write up to its reserved cap.
	const uncapped = calls.reduce(
		(sum, call) =>
			sum + Math.max(0, (call.window?.reservedOutputTokens ?? 0) - call.usage.outputTokens),
		0,
	);
	const worstWall = wall + uncapped / speed.generated;
	const estimates = [
		[
			`${values.model}, measured (this run)`,
			formatNumber(total.evaluated, 0),
			formatNumber(total.output, 0),
			`${formatNumber(wall / 60, 1)} min`,
		],
		[
			`${values.model}, worst case: every call writes its whole reserved output (measured + ${formatNumber(uncapped, 0)} tokens at ${formatNumber(speed.generated, 1)} tokens/s)`,
			formatNumber(total.evaluated, 0),
			formatNumber(total.output + uncapped, 0),
			`≈ ${formatNumber(worstWall / 60, 1)} min`,
		],
		[
			`${values.model}, same calls without KV-cache reuse`,
			formatNumber(total.prompt, 0),
			formatNumber(total.output, 0),
			`≈ ${formatNumber(estimate(total.prompt, total.output, speed) / 60, 1)} min`,
		],
		[
			`${values.model}, old agent strategy (${formatNumber(oldAgentPromptTokens)} prompt tokens for 6 pages, issue #11)`,
			formatNumber(oldAgentPromptTokens),
			formatNumber(total.output, 0),
			`≈ ${formatNumber(estimate(oldAgentPromptTokens, total.output, speed) / 60, 1)} min`,
		],
	];
	const otherSpeeds: Record<string, Speed> = {};
	for (const other of values.estimate?.split(",").filter(Boolean) ?? []) {
		const rates = await measureSpeed(await prepareModel(other));
		otherSpeeds[other] = rates;
		estimates.push([
			`${other}, this run's tokens at its measured speed (${formatNumber(rates.prompt, 0)} prompt, ${formatNumber(rates.generated, 1)} generated tokens/s)`,
			formatNumber(total.evaluated, 0),
			formatNumber(total.output, 0),
			`≈ ${formatNumber(estimate(total.evaluated, total.output, rates) / 60, 1)} min`,
		]);
		estimates.push([
			`${other}, worst case (every call's whole reserved output)`,
			formatNumber(total.evaluated, 0),
			formatNumber(total.output + uncapped, 0),
			`≈ ${formatNumber(estimate(total.evaluated, total.output + uncapped, rates) / 60, 1)} min`,
		]);
		estimates.push([
			`${other}, old agent strategy`,
			formatNumber(oldAgentPromptTokens),
			formatNumber(total.output, 0),
			`≈ ${formatNumber(estimate(oldAgentPromptTokens, total.output, rates) / 60, 1)} min`,
		]);
	}

	const result: BenchResult = {
		name: "time-to-report",
		title: `Time to report (research crew, ${values.model}, context ${contextSize}, ${threads} threads)`,
		command: commandLine(),
		method: `\`crewkit run --topic "AI LLMs" --search searxng --allow-private-network --model local:<gguf> --threads ${threads} --context ${contextSize} --allow-ungrounded\` against a recorded web on 127.0.0.1 (test/support/article-web.ts: a search answering with 12 articles of 12,000 characters; code reads up to 10), pipeline research strategy. ${values.model.startsWith("synthetic") ? "The model is a random-weight GGUF of Qwen2.5's shape (Q4_0) with cl100k's subword vocabulary (about Qwen2.5's token counts on English); it writes noise, which the provider's repetition stop cuts after a few dozen tokens (and free-text answers may end at once, empty), so its measured output is far shorter than a real model's: the worst-case row adds every call's unused reserved output at the measured generation speed. " : ""}Figures from the run store (usage per model call; evaluated = prompt tokens not served from the KV cache). Measured speeds of this model here: ${formatNumber(speed.prompt, 0)} prompt tokens/s, ${formatNumber(speed.generated, 1)} generated tokens/s. Load average before: ${loadBefore}; after: ${loadAverage()}.`,
		tables: [
			{
				title: "Per step",
				columns: ["step", "calls", "prompt tokens", "evaluated", "output tokens", "seconds"],
				rows,
			},
			{
				title: "Time to report, measured and estimated",
				columns: ["model and strategy", "prompt tokens evaluated", "output tokens", "time"],
				rows: estimates,
			},
		],
		notes: [
			`Pages read: ${pagesRead}; report sections (## headings, Sources included): ${sectionCount}.`,
			`Calls whose prompt plus reserved output exceeded the context: ${overflowing} of ${calls.length}. Calls stopped at their output cap: ${capped}. Largest prompt ${formatNumber(largestPrompt)} tokens, largest output ${formatNumber(largestOutput)} tokens.`,
			`Targets (issue #11, 1.5B shape): ≤ 15,000 prompt tokens evaluated with ≥ 6 pages read — ${formatNumber(total.evaluated)} with ${pagesRead}; ≤ 12 minutes on 2 cores — ${formatNumber(wall / 60, 1)} min measured, ≈ ${formatNumber(worstWall / 60, 1)} min in the worst case.`,
		],
		ratios: [
			{
				label: `time-to-report, old agent strategy (estimate) / pipeline (measured), ${values.model}`,
				value: estimate(oldAgentPromptTokens, total.output, speed) / wall,
				text: `${formatNumber(estimate(oldAgentPromptTokens, total.output, speed) / wall, 1)}×`,
			},
		],
		data: {
			total,
			wall,
			worstWall,
			uncappedOutputTokens: uncapped,
			speed,
			otherSpeeds,
			pagesRead,
			loadBefore,
			steps: Object.fromEntries(
				[...steps.entries()].map(([step, mine]) => [
					step,
					mine.map((call) => ({
						usage: call.usage,
						durationMs: call.durationMs,
						finishReason: call.finishReason,
						window: call.window,
					})),
				]),
			),
		},
	};
	publishResult(result);
} finally {
	if (values.keep) console.log(`Kept ${work}`);
	else rmSync(work, { recursive: true, force: true });
}

interface Speed {
	prompt: number;
	generated: number;
}

/** The GGUF to run: the stories fixture, a synthetic shape generated here, or a file. */
async function prepareModel(name: string): Promise<string> {
	if (name === "stories") return join(shared, "fixtures/models/stories260K.gguf");
	const shape = shapes[name];
	if (!shape) return name;
	const bytes = join(work, `${name}-bytes.gguf`);
	const made = spawnSync(
		"python3",
		[join(shared, "tools/make-synthetic-gguf.py"), bytes, ...shape.map(String)],
		{ stdio: "inherit" },
	);
	if (made.status !== 0)
		throw new Error("make-synthetic-gguf.py failed (needs python3 with numpy).");
	const path = join(work, `${name}.gguf`);
	replaceGgufVocabulary(bytes, path, subwordVocabulary(await cl100kRanks(), shape[5] ?? 0));
	rmSync(bytes);
	return path;
}

/** cl100k_base's pieces by rank, from the pinned gpt-tokenizer peer (`node bench/peers/install.ts`). */
async function cl100kRanks(): Promise<ReadonlyArray<string | number[]>> {
	const file = join(peersDir, "node_modules/gpt-tokenizer/esm/bpeRanks/cl100k_base.js");
	if (!existsSync(file)) {
		throw new Error(
			`${file} is missing: install the bench peers first (node bench/peers/install.ts).`,
		);
	}
	return ((await import(pathToFileURL(file).href)) as { default: Array<string | number[]> })
		.default;
}

/** Prompt and generation speed of the model here, with the run's context and threads. */
async function measureSpeed(modelPath: string): Promise<Speed> {
	const model = createLlamaModel({ modelPath, threads, contextSize });
	try {
		// About a thousand tokens of the corpus for a subword vocabulary; a quarter of the
		// context for a byte-level one.
		const corpus = Object.values(largeCorpus({ count: 1, characters: 4000 }))[0] ?? "";
		const probe = corpus.slice(0, Math.min(4000, contextSize / 4));
		let started = performance.now();
		const evaluation = await model.doGenerate({
			prompt: [{ role: "user", content: [{ type: "text", text: probe }] }],
			maxOutputTokens: 1,
		});
		const prompt =
			(evaluation.usage.inputTokens.total ?? 0) / ((performance.now() - started) / 1000);
		started = performance.now();
		const generation = await model.doGenerate({
			prompt: [{ role: "user", content: [{ type: "text", text: "Go on." }] }],
			maxOutputTokens: 48,
		});
		const generated =
			(generation.usage.outputTokens.total ?? 0) / ((performance.now() - started) / 1000);
		return { prompt, generated };
	} finally {
		await model.dispose();
	}
}

/** Runs a process to its end without blocking this one; its output as text. */
function runProcess(
	command: string,
	args: string[],
	options: { cwd: string; env: NodeJS.ProcessEnv },
): Promise<{ code: number | null; stdout: string; stderr: string }> {
	return new Promise((resolve, reject) => {
		const child = spawn(command, args, { ...options, stdio: ["ignore", "pipe", "pipe"] });
		let stdout = "";
		let stderr = "";
		child.stdout.setEncoding("utf8").on("data", (chunk: string) => {
			stdout += chunk;
		});
		child.stderr.setEncoding("utf8").on("data", (chunk: string) => {
			stderr += chunk;
		});
		child.on("error", reject);
		child.on("close", (code) => resolve({ code, stdout, stderr }));
	});
}

/** Which step of the research crew a call belongs to, from its prompt. */
function stepOf(task: string, prompt: string): string {
	if (prompt.includes("short search queries")) return "search queries";
	if (/Pick \d+ of the developments/.test(prompt)) return "outline";
	if (/Write section \d+ of \d+/.test(prompt)) return "sections";
	if (prompt.includes("Frame a report")) return "title, introduction, conclusion";
	if (prompt.includes("is not supported by the passages")) return "verifier revisions";
	return task;
}
