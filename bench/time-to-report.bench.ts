/**
 * time-to-report: the research crew over a fixed corpus (eight 50,000-character documents,
 * `--sources`, no web) on a GGUF model, 2 threads. Per step (task): model calls, prompt
 * tokens, tokens evaluated (prompt tokens not served from the KV cache), output tokens,
 * seconds; and the total. Beside it, the same run's estimate for the old strategy (every
 * call re-evaluating its whole prompt): prompt tokens ÷ measured prompt speed + output
 * tokens ÷ measured generation speed.
 *
 *   node bench/time-to-report.bench.ts [--model stories|synthetic-0.5b|synthetic-1.5b|FILE.gguf] [--context N] [--threads N]
 *
 * `synthetic-*` writes a random-weight GGUF of that Qwen2.5 shape with
 * ../shared/tools/make-synthetic-gguf.py into a temporary folder (never committed). Its
 * vocabulary has no English words, so text tokenizes about one token per character:
 * token counts run several times higher than the real model's, and the time with them.
 * Results are appended to bench/RESULTS.md under "time-to-report".
 */
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { createLlamaModel } from "../src/models/embedded/llama-model.ts";
import { openRunStore } from "../src/store/sqlite-store.ts";
import { evaluatedInputTokens } from "../src/usage.ts";
import { largeCorpus } from "../test/support/large-corpus.ts";

const root = fileURLToPath(new URL("..", import.meta.url));
const shared = join(root, "..", "shared");
const { values } = parseArgs({
	options: {
		model: { type: "string", default: "stories" },
		context: { type: "string", default: "8192" },
		threads: { type: "string", default: "2" },
	},
});
const contextSize = Number(values.context);
const threads = Number(values.threads);

/** Qwen2.5 shapes: n_embd, n_layer, n_head, n_head_kv, n_ff, n_vocab, type (2 = Q4_0). */
const shapes: Record<string, number[]> = {
	"synthetic-0.5b": [896, 24, 14, 2, 4864, 151_936, 2],
	"synthetic-1.5b": [1536, 28, 12, 2, 8960, 151_936, 2],
};

const work = mkdtempSync(join(tmpdir(), "crewkit-time-to-report-"));
try {
	let modelPath = values.model;
	if (values.model === "stories") modelPath = join(shared, "fixtures/models/stories260K.gguf");
	const shape = shapes[values.model];
	if (shape) {
		modelPath = join(work, `${values.model}.gguf`);
		const made = spawnSync(
			"python3",
			[join(shared, "tools/make-synthetic-gguf.py"), modelPath, ...shape.map(String)],
			{
				stdio: "inherit",
			},
		);
		if (made.status !== 0) throw new Error("make-synthetic-gguf.py failed");
	}

	// Prompt and generation speed of this model here, for the old-strategy estimate.
	const model = createLlamaModel({ modelPath, threads, contextSize });
	const probe = "The research crew reads sources and writes a report. ".repeat(40);
	let started = performance.now();
	const evaluation = await model.doGenerate({
		prompt: [{ role: "user", content: [{ type: "text", text: probe }] }],
		maxOutputTokens: 1,
	});
	const promptPerSecond =
		(evaluation.usage.inputTokens.total ?? 0) / ((performance.now() - started) / 1000);
	started = performance.now();
	const generation = await model.doGenerate({
		prompt: [{ role: "user", content: [{ type: "text", text: `${probe}Go on.` }] }],
		maxOutputTokens: 32,
	});
	const generatedPerSecond =
		(generation.usage.outputTokens.total ?? 0) / ((performance.now() - started) / 1000);
	await model.dispose();

	for (const [path, text] of Object.entries(largeCorpus())) {
		mkdirSync(dirname(join(work, path)), { recursive: true });
		writeFileSync(join(work, path), text);
	}
	started = performance.now();
	const run = spawnSync(
		process.execPath,
		[
			join(root, "bin/crewkit.js"),
			"run",
			"--topic",
			"AI LLMs",
			"--sources",
			"docs",
			"--no-web",
			"--model",
			`local:${modelPath}`,
			"--threads",
			String(threads),
			"--context",
			String(contextSize),
			"--allow-ungrounded",
			"--json",
		],
		{ cwd: work, encoding: "utf8", maxBuffer: 64 * 1024 * 1024 },
	);
	const wall = (performance.now() - started) / 1000;
	if (run.status !== 0) throw new Error(`the run failed:\n${run.stderr}`);
	const { runId } = JSON.parse(run.stdout) as { runId: string };
	const store = openRunStore(join(work, ".crewkit/runs.db"));
	const calls = store.modelCalls(runId);
	store.close();

	const rows: string[] = [];
	const total = { calls: 0, prompt: 0, evaluated: 0, output: 0, seconds: 0 };
	for (const task of [...new Set(calls.map((call) => call.task))]) {
		const mine = calls.filter((call) => call.task === task);
		const step = {
			calls: mine.length,
			prompt: mine.reduce((sum, call) => sum + call.usage.inputTokens, 0),
			evaluated: mine.reduce((sum, call) => sum + evaluatedInputTokens(call.usage), 0),
			output: mine.reduce((sum, call) => sum + call.usage.outputTokens, 0),
			seconds: mine.reduce((sum, call) => sum + call.durationMs, 0) / 1000,
		};
		for (const key of Object.keys(total) as Array<keyof typeof total>) total[key] += step[key];
		rows.push(
			`| ${task} | ${step.calls} | ${step.prompt} | ${step.evaluated} | ${step.output} | ${step.seconds.toFixed(1)} |`,
		);
	}
	const oldEstimate = total.prompt / promptPerSecond + total.output / generatedPerSecond;
	const section = [
		`### time-to-report — ${values.model}, context ${contextSize}, ${threads} threads (${new Date().toISOString().slice(0, 10)})`,
		"",
		`Command: \`node bench/time-to-report.bench.ts --model ${values.model} --context ${contextSize} --threads ${threads}\`. Corpus: 8 × 50,000-character documents (--sources, no web). Measured speeds of this model here: ${promptPerSecond.toFixed(0)} prompt tokens/s, ${generatedPerSecond.toFixed(1)} generated tokens/s.`,
		"",
		"| step | calls | prompt tokens | evaluated | output tokens | seconds |",
		"|---|---|---|---|---|---|",
		...rows,
		`| **total** | ${total.calls} | ${total.prompt} | ${total.evaluated} | ${total.output} | ${total.seconds.toFixed(1)} (wall ${wall.toFixed(1)}) |`,
		"",
		`Old strategy, same run (every call re-evaluates its whole prompt): ${total.prompt} ÷ ${promptPerSecond.toFixed(0)} + ${total.output} ÷ ${generatedPerSecond.toFixed(1)} ≈ ${oldEstimate.toFixed(1)} s, against ${total.seconds.toFixed(1)} s measured in model calls.`,
		"",
	].join("\n");
	process.stdout.write(`${section}\n`);
	const resultsPath = join(root, "bench/RESULTS.md");
	writeFileSync(resultsPath, `${readFileSync(resultsPath, "utf8").trimEnd()}\n\n${section}`);
} finally {
	rmSync(work, { recursive: true, force: true });
}
