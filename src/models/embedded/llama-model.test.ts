import assert from "node:assert/strict";
import { after, test } from "node:test";
import type {
	LanguageModelV4CallOptions,
	LanguageModelV4Prompt,
	LanguageModelV4StreamPart,
} from "@ai-sdk/provider";
import { CancelledError, ConfigError, LimitError, ModelUnavailableError } from "../../errors.ts";
import { convertPrompt } from "./convert-prompt.ts";
import { defaultThreads } from "./default-threads.ts";
import { createLlamaModel } from "./llama-model.ts";
import { acquireLoadedModel, loadedModelCount, releaseLoadedModel } from "./loaded-model.ts";
import { isPromptProgress } from "./prompt-progress.ts";
import { skipWithoutStoriesModel as skip, storiesModelPath } from "./stories-fixture.ts";

const prompt: LanguageModelV4Prompt = [
	{ role: "system", content: "Tell a story." },
	{ role: "user", content: [{ type: "text", text: "Once upon a time" }] },
];
const settings = { modelPath: storiesModelPath, threads: 1, contextSize: 2048 } as const;
const model = skip ? undefined : createLlamaModel(settings);
const options = { timeout: 30_000, skip };

after(async () => {
	await model?.dispose();
});

/** The model under test; only called in tests that are skipped without the fixture. */
function storiesModel() {
	assert.ok(model);
	return model;
}

async function readAll(callOptions: LanguageModelV4CallOptions) {
	const { stream } = await storiesModel().doStream(callOptions);
	const parts: LanguageModelV4StreamPart[] = [];
	for await (const part of stream) parts.push(part);
	return parts;
}

function textOf(parts: LanguageModelV4StreamPart[]): string {
	return parts.map((part) => (part.type === "text-delta" ? part.delta : "")).join("");
}

function finishOf(parts: LanguageModelV4StreamPart[]) {
	const finish = parts.at(-1);
	assert.equal(finish?.type, "finish");
	return finish;
}

test("a missing model file is a ModelUnavailableError at once; bad settings a ConfigError", () => {
	assert.throws(
		() => createLlamaModel({ modelPath: "/nowhere/model.gguf" }),
		(error: unknown) =>
			error instanceof ModelUnavailableError &&
			error.message.includes("'/nowhere/model.gguf' does not exist") &&
			error.message.includes("--model local:/path/to/model.gguf"),
	);
	const someFile = import.meta.filename;
	assert.throws(() => createLlamaModel({ modelPath: someFile, threads: 0 }), ConfigError);
	assert.throws(() => createLlamaModel({ modelPath: someFile, contextSize: 1.5 }), ConfigError);
});

test("describes itself as an AI SDK v4 model and fills in defaults without loading", {
	skip,
}, () => {
	const count = loadedModelCount();
	const defaults = createLlamaModel({ modelPath: storiesModelPath });
	assert.equal(defaults.specificationVersion, "v4");
	assert.equal(defaults.provider, "crewkit.local");
	assert.equal(defaults.modelId, "stories260K.gguf");
	assert.deepEqual(defaults.settings, {
		modelPath: storiesModelPath,
		threads: defaultThreads(),
		contextSize: undefined,
		gpu: false,
		seed: undefined,
	});
	assert.equal(loadedModelCount(), count);
});

test(
	"loads once for models with the same settings, using exactly the threads asked for",
	options,
	async () => {
		const twin = createLlamaModel(settings);
		await Promise.all([storiesModel().load(), twin.load(), storiesModel().load()]);
		const loaded = await acquireLoadedModel(storiesModel().settings);
		const again = await acquireLoadedModel(twin.settings);
		try {
			assert.equal(loaded, again);
			assert.equal(loaded.context.idealThreads, 1);
			assert.ok(loaded.context.contextSize >= 2048);
		} finally {
			await releaseLoadedModel(storiesModel().settings);
			await releaseLoadedModel(twin.settings);
			await twin.dispose();
		}
	},
);

test("streams text deltas as tokens arrive, then finish with exact usage", options, async () => {
	const parts = await readAll({ prompt, maxOutputTokens: 40 });
	const types = parts.map((part) => part.type);
	assert.deepEqual(types.slice(0, 3), ["stream-start", "response-metadata", "text-start"]);
	assert.deepEqual(types.slice(-2), ["text-end", "finish"]);
	const deltas = types.filter((type) => type === "text-delta").length;
	assert.ok(deltas >= 20, `${deltas} deltas for 40 tokens`);

	const finish = finishOf(parts);
	assert.deepEqual(finish.finishReason, { unified: "length", raw: "maxTokens" });
	assert.equal(finish.usage.outputTokens.total, 40);

	const loaded = await acquireLoadedModel(storiesModel().settings);
	try {
		const { history } = convertPrompt(prompt);
		const promptTokens = loaded.chat.chatWrapper
			.generateContextState({ chatHistory: history })
			.contextText.tokenize(loaded.model.tokenizer).length;
		assert.equal(finish.usage.inputTokens.total, promptTokens);
	} finally {
		await releaseLoadedModel(storiesModel().settings);
	}
});

test("doGenerate gives the streamed text, and calls do not see each other", options, async () => {
	const streamed = textOf(await readAll({ prompt, maxOutputTokens: 30 }));
	const first = await storiesModel().doGenerate({ prompt, maxOutputTokens: 30 });
	const second = await storiesModel().doGenerate({ prompt, maxOutputTokens: 30 });
	assert.deepEqual(first.content, [{ type: "text", text: streamed }]);
	assert.deepEqual(second.content, first.content);
	assert.equal(first.usage.inputTokens.total, second.usage.inputTokens.total);
	assert.equal(first.response?.modelId, "stories260K.gguf");
});

test("concurrent calls run one after another with the same results", options, async () => {
	const results = await Promise.all(
		[1, 2, 3].map(() => storiesModel().doGenerate({ prompt, maxOutputTokens: 20 })),
	);
	for (const result of results) assert.deepEqual(result.content, results[0]?.content);
});

test("a stop sequence ends the text before it with finish reason 'stop'", options, async () => {
	const full = textOf(await readAll({ prompt, maxOutputTokens: 60 }));
	const stop = full.slice(20, 24);
	const expected = full.slice(0, full.indexOf(stop));
	const parts = await readAll({ prompt, maxOutputTokens: 60, stopSequences: [stop] });
	assert.equal(textOf(parts), expected);
	const finish = finishOf(parts);
	assert.deepEqual(finish.finishReason, { unified: "stop", raw: "customStopTrigger" });
	assert.ok((finish.usage.outputTokens.total ?? 0) < 60);
});

test("JSON schema output parses and matches the schema", options, async () => {
	const result = await storiesModel().doGenerate({
		prompt,
		maxOutputTokens: 300,
		responseFormat: {
			type: "json",
			schema: {
				type: "object",
				properties: {
					title: { type: "string", maxLength: 12 },
					mood: { enum: ["happy", "sad"] },
					stars: { type: "integer" },
					tags: { type: "array", items: { type: "string", maxLength: 6 }, maxItems: 2 },
				},
				required: ["title", "mood", "stars", "tags"],
				additionalProperties: false,
			},
		},
	});
	assert.equal(result.finishReason.unified, "stop");
	const [content] = result.content;
	assert.equal(content?.type, "text");
	const value = JSON.parse(content.type === "text" ? content.text : "");
	assert.deepEqual(Object.keys(value).sort(), ["mood", "stars", "tags", "title"]);
	assert.equal(typeof value.title, "string");
	assert.ok(value.title.length <= 12);
	assert.ok(["happy", "sad"].includes(value.mood));
	assert.ok(Number.isInteger(value.stars));
	assert.ok(Array.isArray(value.tags) && value.tags.length <= 2);
	for (const tag of value.tags) assert.ok(typeof tag === "string" && tag.length <= 6);
});

test("JSON output without a schema is held to JSON syntax", options, async () => {
	// Any JSON may go on for ever (this model fills one long object), so only check that
	// the grammar took over: free text starts with a word, JSON here with an object.
	const free = await storiesModel().doGenerate({ prompt, maxOutputTokens: 20 });
	const json = await storiesModel().doGenerate({
		prompt,
		maxOutputTokens: 20,
		responseFormat: { type: "json" },
	});
	const [freeContent] = free.content;
	const [jsonContent] = json.content;
	assert.match(freeContent?.type === "text" ? freeContent.text : "", /^[a-z]/i);
	assert.match(jsonContent?.type === "text" ? jsonContent.text : "", /^\{ "/);
});

test("with a temperature, the same seed gives the same text", options, async () => {
	const call = { prompt, maxOutputTokens: 30, temperature: 1, seed: 123 };
	const first = await storiesModel().doGenerate(call);
	const second = await storiesModel().doGenerate(call);
	assert.deepEqual(second.content, first.content);
});

test("aborting mid-stream stops generation at once with a CancelledError", options, async () => {
	const controller = new AbortController();
	const { stream } = await storiesModel().doStream({
		prompt,
		maxOutputTokens: 1500,
		abortSignal: controller.signal,
	});
	const reader = stream.getReader();
	let part = await reader.read();
	while (!part.done && part.value.type !== "text-delta") part = await reader.read();
	assert.equal(part.value?.type, "text-delta", "generation had started");

	const abortedAt = Date.now();
	controller.abort();
	let deltasAfterAbort = 0;
	await assert.rejects(async () => {
		for (;;) {
			const next = await reader.read();
			if (next.done) return;
			assert.notEqual(next.value.type, "finish");
			if (next.value.type === "text-delta") deltasAfterAbort += 1;
		}
	}, CancelledError);
	assert.ok(Date.now() - abortedAt < 1000, `stopped after ${Date.now() - abortedAt} ms`);
	assert.ok(deltasAfterAbort < 50, `${deltasAfterAbort} deltas after the abort`);

	const after = await storiesModel().doGenerate({ prompt, maxOutputTokens: 5 });
	assert.equal(after.usage.outputTokens.total, 5);
});

test(
	"an aborted signal rejects before any work, also for a call still waiting its turn",
	options,
	async () => {
		const aborted = AbortSignal.abort();
		await assert.rejects(
			storiesModel().doGenerate({ prompt, abortSignal: aborted }),
			CancelledError,
		);

		const running = storiesModel().doGenerate({ prompt, maxOutputTokens: 300 });
		const controller = new AbortController();
		const waiting = storiesModel().doGenerate({
			prompt,
			maxOutputTokens: 300,
			abortSignal: controller.signal,
		});
		controller.abort();
		await assert.rejects(waiting, CancelledError);
		assert.equal((await running).usage.outputTokens.total, 300);
	},
);

test("tool definitions are accepted; this story model answers in text", options, async () => {
	const result = await storiesModel().doGenerate({
		prompt,
		maxOutputTokens: 20,
		tools: [
			{
				type: "function",
				name: "lookup",
				description: "Looks a word up.",
				inputSchema: {
					type: "object",
					properties: { word: { type: "string" } },
					required: ["word"],
				},
			},
			{ type: "provider", id: "openai.web_search", name: "web_search", args: {} },
		],
		toolChoice: { type: "auto" },
	});
	assert.ok(["length", "stop", "tool-calls"].includes(result.finishReason.unified));
	for (const part of result.content) {
		if (part.type === "tool-call") assert.doesNotThrow(() => JSON.parse(part.input));
	}
	assert.deepEqual(
		result.warnings.map((warning) => warning.type),
		["unsupported"],
	);
});

test("a prompt longer than the context is a LimitError, not silently cut", options, async () => {
	const small = createLlamaModel({ ...settings, contextSize: 256 });
	const long = "The cat sat on the mat. ".repeat(100);
	await assert.rejects(
		small.doGenerate({ prompt: [{ role: "user", content: [{ type: "text", text: long }] }] }),
		(error: unknown) =>
			error instanceof LimitError &&
			/The prompt is \d+ tokens, but .* holds 256/.test(error.message),
	);
	const fits = await small.doGenerate({ prompt, maxOutputTokens: 3 });
	assert.equal(fits.usage.outputTokens.total, 3);
	await small.dispose();
});

test("dispose frees the loaded model; a later call loads it again", options, async () => {
	const own = createLlamaModel({ ...settings, contextSize: 1024 });
	const before = loadedModelCount();
	await own.doGenerate({ prompt, maxOutputTokens: 3 });
	assert.equal(loadedModelCount(), before + 1);
	await own.dispose();
	assert.equal(loadedModelCount(), before);
	const result = await own.doGenerate({ prompt, maxOutputTokens: 3 });
	assert.equal(result.usage.outputTokens.total, 3);
	await own.dispose();
});

test(
	"a long prompt reports its evaluation as raw parts, a few per prompt, before the first token",
	options,
	async () => {
		// Its own context (another size than the shared model's): it starts empty.
		const own = createLlamaModel({ ...settings, contextSize: 1984, progressIntervalMs: 1 });
		const prompt: LanguageModelV4Prompt = [
			{
				role: "user",
				content: [
					{ type: "text", text: "The little cat liked the warm sun by the door. ".repeat(90) },
				],
			},
		];
		try {
			const promptTokens = (await own.window()).countPrompt(prompt);
			assert.ok(promptTokens > 1200 && promptTokens < 1900, `${promptTokens} prompt tokens`);
			const { stream } = await own.doStream({ prompt, maxOutputTokens: 4, includeRawChunks: true });
			const parts: LanguageModelV4StreamPart[] = [];
			for await (const part of stream) parts.push(part);
			const progress = parts.flatMap((part) =>
				part.type === "raw" && isPromptProgress(part.rawValue) ? [part.rawValue] : [],
			);
			assert.ok(progress.length >= 1, "at least one report while the prompt is evaluated");
			assert.ok(progress.length <= 4, `${progress.length} reports: one per batch at most`);
			for (const report of progress) {
				assert.equal(report.promptTokens, promptTokens, "a fresh context evaluates it all");
				assert.ok(report.evaluatedTokens > 0 && report.evaluatedTokens < promptTokens);
				assert.ok(report.tokensPerSecond > 0);
			}
			const firstText = parts.findIndex((part) => part.type === "text-delta");
			const lastProgress = parts.findLastIndex((part) => part.type === "raw");
			assert.ok(firstText === -1 || lastProgress < firstText, "progress comes before the answer");

			const quiet = await own.doStream({ prompt, maxOutputTokens: 4 });
			for await (const part of quiet.stream) assert.notEqual(part.type, "raw");
		} finally {
			await own.dispose();
		}
	},
);

test(
	"a second call sharing a long prefix evaluates only its new tokens (counted by the engine)",
	options,
	async () => {
		const own = createLlamaModel({ ...settings, contextSize: 1536 });
		const persona = `You are a careful storyteller. ${"The little cat liked the warm sun by the door. ".repeat(12)}`;
		const ask = (question: string): LanguageModelV4Prompt => [
			{ role: "system", content: persona },
			{ role: "user", content: [{ type: "text", text: question }] },
		];
		try {
			const first = await own.doGenerate({
				prompt: ask("Tell me about the cat."),
				maxOutputTokens: 8,
			});
			const second = await own.doGenerate({ prompt: ask("And the dog?"), maxOutputTokens: 8 });
			const window = await own.window();
			const personaTokens = window.countTokens(persona);
			assert.ok(personaTokens > 200, `${personaTokens} persona tokens`);

			// The first call starts from an empty context: every prompt token is evaluated.
			assert.equal(first.usage.inputTokens.cacheRead, 0);
			assert.equal(first.usage.inputTokens.noCache, first.usage.inputTokens.total);
			assert.equal(
				first.usage.inputTokens.total,
				window.countPrompt(ask("Tell me about the cat.")),
			);

			// The second shares the persona: the engine's meter counts only the rest as evaluated.
			const total = second.usage.inputTokens.total ?? 0;
			const evaluated = second.usage.inputTokens.noCache ?? 0;
			assert.equal(total, window.countPrompt(ask("And the dog?")));
			assert.ok(
				evaluated > 0 && evaluated < total - personaTokens + 20,
				`${evaluated} of ${total} evaluated`,
			);
			assert.equal(second.usage.inputTokens.cacheRead, total - evaluated);

			// Reuse does not change answers: the same prompt gives the same text as from scratch.
			const again = await own.doGenerate({
				prompt: ask("Tell me about the cat."),
				maxOutputTokens: 8,
			});
			assert.deepEqual(again.content, first.content);
		} finally {
			await own.dispose();
		}
	},
);

test("every call's output is capped by the room left in the context", options, async () => {
	const small = createLlamaModel({ ...settings, contextSize: 128 });
	try {
		const result = await small.doGenerate({ prompt });
		const window = await small.window();
		const promptTokens = window.countPrompt(prompt);
		assert.equal(result.usage.inputTokens.total, promptTokens);
		// node-llama-cpp rounds the context up (to 256 here); the window reports the real size.
		assert.ok(window.contextSize >= 128);
		assert.equal(result.usage.outputTokens.total, window.contextSize - promptTokens);
		assert.deepEqual(result.finishReason, { unified: "length", raw: "maxTokens" });
		// Asking for more output than fits fails before any generation, saying what to do.
		const tooMuch = window.contextSize - promptTokens + 1;
		await assert.rejects(
			small.doGenerate({ prompt, maxOutputTokens: tooMuch }),
			(error: unknown) =>
				error instanceof LimitError &&
				error.message.includes(
					`plus ${tooMuch} reserved for the answer, but the embedded model's context holds ${window.contextSize}`,
				) &&
				error.message.includes("--context"),
		);
	} finally {
		await small.dispose();
	}
});
