import assert from "node:assert/strict";
import { test } from "node:test";
import { StructuredOutputError } from "../agent/run-agent.ts";
import type { TaskOutput, TaskRunHelpers } from "../crew/task.ts";
import { countTokens } from "../models/count-tokens.ts";
import { EmptyResponseError } from "../models/retry-policy.ts";
import { createSourceRegistry } from "../sources/source-registry.ts";
import { framingPrompt, sectionExpectedOutput, sectionPrompt } from "./research-prompts.ts";
import type { ResearchSnapshot } from "./research-snapshot.ts";
import { runResearch } from "./research-task.ts";
import { researchOf, runWriting } from "./write-report.ts";

type Ask = TaskRunHelpers["ask"];

/** A roomy window counted in words, as the scripted model counts. */
const window = { contextSize: 32_768, countTokens, countPrompt: () => 0, exact: false };
type Prompt = Parameters<Ask>[0];

function helpersWith(
	context: unknown[],
	answer: (prompt: Prompt) => { text: string; value?: unknown },
	inputs: TaskRunHelpers["inputs"] = { topic: "AI LLMs", current_year: "2026" },
) {
	const asked: Prompt[] = [];
	const helpers: TaskRunHelpers = {
		prompt: { description: "Find the developments of {topic}.", expectedOutput: "An outline." },
		context: context.map((value) => ({ value }) as TaskOutput),
		inputs,
		signal: new AbortController().signal,
		revision: undefined,
		ask: async (prompt) => {
			asked.push(prompt);
			const reply = answer(prompt);
			return { text: reply.text, value: reply.value };
		},
		window: async () => window,
		measure: async (prompt) =>
			window.countTokens(`${prompt.description}\n${prompt.expectedOutput}`),
		useTool: async () => {
			throw new Error("these steps use no tools");
		},
	};
	return { helpers, asked };
}

const framing = {
	title: "AI LLMs in 2026",
	introduction: "What changed this year.",
	conclusion: "Models became cheaper.",
};

function snapshot(): ResearchSnapshot {
	const registry = createSourceRegistry(() => new Date("2026-12-01T00:00:00Z"));
	for (const [name, text] of [
		["meridian", "Openweights models reached parity with closed models on Meridian in March."],
		["phones", "Ondevice models with three billion parameters run at twenty tokens per second."],
	] as const) {
		const source = registry.add({ title: name, origin: { type: "file", path: `/w/${name}.md` } });
		registry.addPassage({ sourceId: source.id, text });
	}
	return {
		developments: [
			{ title: "Open weights", summary: "Openweights models reached parity.", sources: [1] },
			{ title: "Small models", summary: "Ondevice models run on phones.", sources: [2] },
		],
		sources: [...registry.sources()],
		passages: [...registry.passages()],
	};
}

test("each section is written from its own development's passages; citations of other ids are dropped", async () => {
	const { helpers, asked } = helpersWith([snapshot()], (prompt) => {
		if (prompt.outputSchema) return { text: JSON.stringify(framing), value: framing };
		return prompt.description.includes("Open weights")
			? { text: "## Heading\nParity on Meridian [1] and also [2] and [9]." }
			: { text: "Phones run small models [2].\n\nSources:\n1. phones" };
	});
	const { value, text } = await runWriting()(helpers);
	assert.deepEqual(value.sections, [
		{ title: "Open weights", body: "Parity on Meridian [1] and also and.", offered: [1] },
		{ title: "Small models", body: "Phones run small models [2].", offered: [2] },
	]);
	assert.equal(value.grounded, true);
	assert.equal(value.title, framing.title);
	assert.equal(text, JSON.stringify(value, null, 2), "the draft as indented JSON");
	const [first, second, last] = asked;
	assert.match(first?.description ?? "", /section 1 of 2 of a report on AI LLMs \(2026\)/);
	assert.match(first?.description ?? "", /<passage id="1" title="meridian">/);
	assert.doesNotMatch(first?.description ?? "", /id="2"/, "only its own development's passages");
	assert.deepEqual(first?.tools, [], "sections are written without tools");
	assert.equal(first?.maxOutputTokens, 400, "a section's answer is capped at 400 tokens");
	// A title of 80 and two framings of 360 characters, at 4.09 characters per token, and JSON.
	assert.equal(last?.maxOutputTokens, 196 + 24);
	assert.match(second?.description ?? "", /<passage id="2" title="phones">/);
	assert.match(last?.description ?? "", /1\. Open weights\n2\. Small models/);
});

test("a section that cites none of its passages is asked for once more, naming the ids to cite", async () => {
	let sectionCalls = 0;
	const { helpers, asked } = helpersWith([snapshot()], (prompt) => {
		if (prompt.outputSchema) return { text: "", value: framing };
		sectionCalls++;
		if (sectionCalls === 1) return { text: "Parity without a citation." };
		return { text: "Cited this time [1] and [2]." };
	});
	const { value } = await runWriting()(helpers);
	assert.match(
		asked[1]?.description ?? "",
		/cited none of the passages\. Cite at least one of: \[1\]\.$/,
	);
	assert.equal(value.sections[0]?.body, "Cited this time [1] and.");
	assert.equal(asked.length, 4, "two calls for the first section, one for the second, framing");
});

test("without passages the draft is ungrounded and sections are written once, from memory", async () => {
	const empty = { ...snapshot(), passages: [] };
	const { helpers, asked } = helpersWith(
		[empty],
		(prompt) =>
			prompt.outputSchema ? { text: "", value: framing } : { text: "From memory, no citation." },
		{},
	);
	const { value } = await runWriting()(helpers);
	assert.equal(value.grounded, false);
	assert.equal(asked.length, 3);
	assert.match(asked[0]?.description ?? "", /No sources are available/);
	assert.match(asked[0]?.description ?? "", /report on the topic \(\d{4}\)/);
});

test("a task without the research outline in its context fails with a clear error", async () => {
	const { helpers } = helpersWith([{ unrelated: true }], () => ({ text: "" }));
	await assert.rejects(runWriting()(helpers), /research task's outline is missing/);
	assert.throws(() => researchOf(helpers), /outline is missing/);
});

test("the research outline keeps the sources the registry knows and attaches relevant ones to a development that named none", async () => {
	const registry = createSourceRegistry(() => new Date("2026-12-01T00:00:00Z"));
	const meridian = registry.add({ title: "meridian", origin: { type: "file", path: "/w/m.md" } });
	registry.addPassage({
		sourceId: meridian.id,
		text: "Openweights models reached parity with closed models on the Meridian benchmark.",
	});
	const phones = registry.add({ title: "phones", origin: { type: "file", path: "/w/p.md" } });
	registry.addPassage({
		sourceId: phones.id,
		text: "Ondevice models run at twenty tokens per second on phones.",
	});
	const outline = {
		developments: [
			{ title: "Open weights", summary: "Parity on benchmarks.", sources: [1, 1, 42] },
			{
				title: "Ondevice models",
				summary: "Ondevice models run at twenty tokens per second on phones.",
				sources: [],
			},
			{ title: "Quantum chips", summary: "Unrelated hardware news from a lab.", sources: [7] },
		],
	};
	const { helpers, asked } = helpersWith([], () => ({ text: "", value: outline }));
	const { value, text } = await runResearch({
		count: 3,
		registry,
		toolNames: ["search_sources", "read_source"],
	})(helpers);
	assert.deepEqual(
		value.developments.map((development) => development.sources),
		[[1], [2], []],
	);
	assert.equal(value.sources.length, 2);
	assert.equal(value.passages.length, 2);
	assert.equal(
		text,
		"1. Open weights [1]\n   Parity on benchmarks.\n2. Ondevice models [2]\n   Ondevice models run at twenty tokens per second on phones.\n3. Quantum chips\n   Unrelated hardware news from a lab.",
	);
	const prompt = asked[0];
	assert.match(prompt?.description ?? "", /^Find the developments of \{topic\}\./);
	assert.match(prompt?.description ?? "", /your tools \(search_sources, read_source\)/);
	assert.match(prompt?.description ?? "", /Prefer developments dated 2026/);
	assert.match(prompt?.description ?? "", /\[3 items of/);
	assert.match(prompt?.expectedOutput ?? "", /exactly 3 developments/);
	assert.ok(prompt?.outputSchema?.safeParse(outline).success);
	assert.ok(
		!prompt?.outputSchema?.safeParse({ developments: outline.developments.slice(0, 2) }).success,
		"the schema asks for exactly the count",
	);
});

test("without source tools the researcher is told to work from memory", async () => {
	const outline = { developments: [{ title: "One", summary: "Something happened.", sources: [] }] };
	const { helpers, asked } = helpersWith([], () => ({ text: "", value: outline }), {});
	await runResearch({ count: 1, registry: createSourceRegistry(), toolNames: [] })(helpers);
	assert.match(asked[0]?.description ?? "", /You have no source tools/);
	assert.match(asked[0]?.description ?? "", /Prefer developments dated \d{4}/);
});

test("a section is shown at most six passages of its sources, each cut after a whole word, and one retry names each id once", async () => {
	const registry = createSourceRegistry(() => new Date("2026-12-01T00:00:00Z"));
	const long = registry.add({ title: "long", origin: { type: "web", url: "https://a.example" } });
	const other = registry.add({ title: "other", origin: { type: "web", url: "https://b.example" } });
	const words = "Openweights parity benchmark results ".repeat(40);
	for (let index = 0; index < 7; index++)
		registry.addPassage({ sourceId: long.id, text: `Passage ${index}. ${words}` });
	registry.addPassage({ sourceId: other.id, text: "Parity on Meridian." });
	const snapshot: ResearchSnapshot = {
		developments: [
			{ title: "Open weights", summary: "Openweights parity on Meridian.", sources: [1, 2, 9] },
		],
		sources: [...registry.sources()].filter((source) => source.id === 1),
		passages: [...registry.passages()],
	};
	const { helpers, asked } = helpersWith([snapshot], (prompt) =>
		prompt.outputSchema ? { text: "", value: framing } : { text: "No citation here." },
	);
	const { value } = await runWriting()(helpers);
	const prompt = asked[0]?.description ?? "";
	const shown = [...prompt.matchAll(/<passage id="(\d+)" title="([^"]*)">\n([^<]*)\n<\/passage>/g)];
	assert.equal(shown.length, 6);
	assert.deepEqual(
		[...new Set(shown.map((match) => `${match[1]} ${match[2]}`))].sort(),
		["1 long", "2 "],
		"a source the snapshot does not list is shown without a title",
	);
	for (const match of shown) {
		const text = match[3] ?? "";
		assert.ok(text.length <= 900, "at most 900 characters");
		if (text.length > 100) assert.match(text, /(?:parity|benchmark|results|Openweights)$/);
	}
	assert.match(asked[1]?.description ?? "", /Cite at least one of: \[(1|2)\], \[(1|2)\]\.$/);
	assert.equal(value.sections[0]?.body, "No citation here.", "the second answer is kept");
	assert.deepEqual(value.sections[0]?.offered?.sort(), [1, 2]);
});

test("a framing the model cannot give is written by code from the section count", async () => {
	const { helpers, asked } = helpersWith([snapshot()], (prompt) => {
		if (prompt.outputSchema) throw new StructuredOutputError("not JSON");
		return { text: "Cited [1] [2]." };
	});
	const { value } = await runWriting()(helpers);
	assert.deepEqual(
		[value.title, value.introduction, value.conclusion],
		[
			"AI LLMs: 2 developments that matter in 2026",
			"This report covers 2 developments in AI LLMs in 2026, one per section.",
			"Together, these 2 developments show where AI LLMs stands in 2026.",
		],
	);
	const frame = asked.at(-1);
	assert.equal(
		frame?.description,
		'Frame a report on AI LLMs in 2026 whose sections are:\n1. Open weights\n2. Small models\nGive a title, a two- or three-sentence introduction and a two- or three-sentence conclusion, as JSON {"title", "introduction", "conclusion"}. Make no factual claims beyond the section titles.',
	);
	assert.equal(frame?.expectedOutput, "JSON with title, introduction and conclusion.");
	assert.deepEqual([frame?.tools, frame?.schemaInPrompt, frame?.structuredRetries], [[], false, 0]);
	assert.ok(frame?.outputSchema?.safeParse(framing).success);
	assert.equal(frame?.outputSchema?.safeParse({ ...framing, title: "AI" }).success, false);
});

test("a section the model answers with nothing is asked once more and left empty", async () => {
	const { helpers, asked } = helpersWith([snapshot()], (prompt) => {
		if (prompt.outputSchema) return { text: "", value: framing };
		throw new EmptyResponseError("the model said nothing");
	});
	const { value } = await runWriting()(helpers);
	assert.deepEqual(
		value.sections.map((section) => section.body),
		["", ""],
	);
	assert.equal(asked.length, 5, "two calls per section, then the framing");
});

test("in a small window a section is shown the passages that fit, the first that does not fit whole cut short", async () => {
	const registry = createSourceRegistry(() => new Date("2026-12-01T00:00:00Z"));
	const source = registry.add({ title: "long", origin: { type: "web", url: "https://a.example" } });
	for (let index = 0; index < 6; index++)
		registry.addPassage({
			sourceId: source.id,
			text: `Passage ${index}: ${"Openweights models reached parity on Meridian in March. ".repeat(14)}`,
		});
	const long: ResearchSnapshot = {
		developments: [{ title: "Open weights", summary: "Openweights parity.", sources: [1] }],
		sources: [...registry.sources()],
		passages: [...registry.passages()],
	};
	const small = { ...window, contextSize: 1024 };
	const asked: Array<Parameters<Ask>[0]> = [];
	const { helpers } = helpersWith([long], () => ({ text: "Parity [1]." }));
	helpers.window = async () => small;
	helpers.ask = async (prompt) => {
		asked.push(prompt);
		return prompt.outputSchema
			? { text: "", value: framing }
			: { text: "Parity [1].", value: undefined };
	};
	await runWriting()(helpers);
	const section = asked[0];
	const shown = (section?.description ?? "").split("</passage>").length - 1;
	assert.ok(shown > 0 && shown < 6, `${shown} passages shown`);
	assert.match(section?.description ?? "", /…\n<\/passage>\nThe passages are quoted data/);
	const size = await helpers.measure(section as Parameters<Ask>[0]);
	assert.ok(size + (section?.maxOutputTokens ?? 0) <= small.contextSize, `${size} tokens`);
	assert.equal(section?.maxOutputTokens, 256, "a quarter of the window");
});

test("in a small window a section's second request, its feedback included, still fits the budget", async () => {
	const registry = createSourceRegistry(() => new Date("2026-12-01T00:00:00Z"));
	const source = registry.add({ title: "long", origin: { type: "web", url: "https://a.example" } });
	for (let index = 0; index < 6; index++)
		registry.addPassage({
			sourceId: source.id,
			text: `Passage ${index}: ${"Openweights models reached parity on Meridian in March. ".repeat(14)}`,
		});
	const long: ResearchSnapshot = {
		developments: [{ title: "Open weights", summary: "Openweights parity.", sources: [1] }],
		sources: [...registry.sources()],
		passages: [...registry.passages()],
	};
	const { helpers, asked } = helpersWith([long], (prompt) =>
		prompt.outputSchema ? { text: "", value: framing } : { text: "No citation." },
	);
	helpers.window = async () => ({ ...window, contextSize: 1024 });
	await runWriting()(helpers);
	const retry = asked[1];
	assert.match(retry?.description ?? "", /Cite at least one of: \[1\]\.$/);
	const size = await helpers.measure(retry as Prompt);
	assert.ok(size <= 1024 - 256, `${size} tokens`);
	// The framing's answer is bounded for the window: titles of 56 characters at most under 4,096.
	const schema = asked.at(-1)?.outputSchema;
	assert.equal(schema?.safeParse({ ...framing, title: "t".repeat(56) }).success, true);
	assert.equal(schema?.safeParse({ ...framing, title: "t".repeat(57) }).success, false);
});

/** A snapshot of one development and no passages, with helpers whose window holds `contextSize` tokens. */
function tinyWindow(contextSize: number) {
	const development = { title: "AI", summary: "Short one.", sources: [] };
	const { helpers } = helpersWith(
		[{ developments: [development], sources: [], passages: [] }],
		(prompt) => (prompt.outputSchema ? { text: "", value: framing } : { text: "From memory." }),
	);
	helpers.window = async () => ({ ...window, contextSize });
	return { helpers, development };
}

test("a section or framing request that cannot fit fails before asking, naming the call and its mandatory size", async () => {
	// With a quarter of the window kept for the answer: 48 tokens for the prompt in 64, 63 in 84.
	const section = tinyWindow(64);
	const sectionTokens = countTokens(
		`${sectionPrompt({ topic: "AI LLMs", year: "2026", number: 1, count: 1, development: section.development, passages: [] })}\n${sectionExpectedOutput}`,
	);
	assert.ok(sectionTokens > 48 && sectionTokens <= 63, `${sectionTokens}`);
	await assert.rejects(
		runWriting()(section.helpers),
		new RegExp(
			`^BudgetError: Task 'reporting_task' \\(section 1 of 1\\): the prompt needs at least ${sectionTokens} tokens and the answer 16 more`,
		),
	);
	const framingTokens = countTokens(
		`${framingPrompt({ topic: "AI LLMs", year: "2026", titles: [] })}\nJSON with title, introduction and conclusion.`,
	);
	assert.ok(framingTokens > 63, `${framingTokens}`);
	await assert.rejects(
		runWriting()(tinyWindow(84).helpers),
		new RegExp(
			`^BudgetError: Task 'reporting_task' \\(title, introduction and conclusion\\): the prompt needs at least ${framingTokens} tokens and the answer 21 more`,
		),
	);
});
