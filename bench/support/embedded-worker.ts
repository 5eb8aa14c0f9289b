/**
 * Generates text with a GGUF model through crewkit's embedded provider and through
 * node-llama-cpp called directly, and prints one result line (`@@result {json}`). Every call
 * starts from an empty context (as crewkit's do), greedy, with the same prompt and
 * `maxTokens`.
 *
 * `pair`: both in this process with the same model file, context size and threads, calls
 * alternating (crewkit first, then direct first, …), so machine noise falls on both alike.
 * `crewkit-default` / `direct-default`: one of them alone, threads left to its default.
 *
 *   node bench/support/embedded-worker.ts <pair|crewkit-default|direct-default> <model.gguf>
 *     [--tokens 64] [--context 2048] [--threads 2] [--calls 3] [--no-warmup]
 */
import { availableParallelism } from "node:os";
import { performance } from "node:perf_hooks";
import { parseArgs } from "node:util";
import { getLlama, LlamaChat, LlamaLogLevel } from "node-llama-cpp";
import { createLlamaModel } from "../../src/models/embedded/index.ts";

const { positionals, values } = parseArgs({
	allowPositionals: true,
	options: {
		tokens: { type: "string", default: "64" },
		context: { type: "string", default: "2048" },
		threads: { type: "string" },
		calls: { type: "string", default: "3" },
		"no-warmup": { type: "boolean", default: false },
	},
});
const [mode, modelPath] = positionals;
if (!mode || !modelPath) throw new Error("usage: embedded-worker.ts <mode> <model.gguf>");
const maxTokens = Number(values.tokens);
const contextSize = Number(values.context);
const threads = Number(values.threads ?? availableParallelism());
const calls = Number(values.calls);

const system = "You are a storyteller. Tell short, simple stories.";
const user = "Tell a story about a little girl named Lily who finds a red ball in the park.";

interface Call {
	outputTokens: number;
	ms: number;
}

/** One model call: output tokens and wall time. */
type Generate = (tokens: number) => Promise<number>;

async function crewkitGenerator(useDefaultThreads: boolean): Promise<Generate> {
	const model = createLlamaModel({
		modelPath: modelPath as string,
		contextSize,
		...(useDefaultThreads ? {} : { threads }),
	});
	await model.load();
	return async (tokens) => {
		const result = await model.doGenerate({
			prompt: [
				{ role: "system", content: system },
				{ role: "user", content: [{ type: "text", text: user }] },
			],
			maxOutputTokens: tokens,
		});
		return result.usage.outputTokens.total ?? 0;
	};
}

async function directGenerator(useDefaultThreads: boolean): Promise<Generate> {
	const llama = await getLlama({
		gpu: false,
		build: "never",
		logLevel: LlamaLogLevel.error,
		...(useDefaultThreads ? {} : { maxThreads: 0 }),
	});
	const model = await llama.loadModel({ modelPath: modelPath as string });
	const context = await model.createContext({
		contextSize,
		sequences: 1,
		...(useDefaultThreads ? {} : { threads }),
	});
	const chat = new LlamaChat({ contextSequence: context.getSequence() });
	return async (tokens) => {
		await chat.sequence.clearHistory();
		const before = chat.sequence.tokenMeter.getState().usedOutputTokens;
		await chat.generateResponse(
			[
				{ type: "system", text: system },
				{ type: "user", text: user },
				{ type: "model", response: [] },
			],
			{ maxTokens: tokens },
		);
		return chat.sequence.tokenMeter.getState().usedOutputTokens - before;
	};
}

async function timed(generate: Generate, tokens: number): Promise<Call> {
	const started = performance.now();
	const outputTokens = await generate(tokens);
	return { outputTokens, ms: performance.now() - started };
}

const sides: Record<string, { loadMs: number; calls: Call[]; generate: Generate }> = {};
const load = async (name: string, create: () => Promise<Generate>) => {
	const started = performance.now();
	const generate = await create();
	sides[name] = { loadMs: performance.now() - started, calls: [], generate };
	// Warm-up: a short call, untimed (skipped with --no-warmup, for very slow settings).
	if (!values["no-warmup"]) await generate(Math.min(8, maxTokens));
};
if (mode === "pair") {
	await load("crewkit", () => crewkitGenerator(false));
	await load("direct", () => directGenerator(false));
} else if (mode === "crewkit-default") {
	await load("crewkit", () => crewkitGenerator(true));
} else if (mode === "direct-default") {
	await load("direct", () => directGenerator(true));
} else {
	throw new Error(`Unknown mode '${mode}'.`);
}
const names = Object.keys(sides);
for (let index = 0; index < calls; index++) {
	const order = index % 2 === 0 ? names : [...names].reverse();
	for (const name of order) {
		const side = sides[name];
		if (side) side.calls.push(await timed(side.generate, maxTokens));
	}
}
process.stdout.write(
	`@@result ${JSON.stringify({
		mode,
		threads: mode === "pair" ? threads : "default",
		contextSize,
		maxTokens,
		sides: Object.fromEntries(
			Object.entries(sides).map(([name, side]) => [
				name,
				{ loadMs: side.loadMs, calls: side.calls },
			]),
		),
		maxRssMb: process.resourceUsage().maxRSS / 1024,
	})}\n`,
);
process.exit(0);
