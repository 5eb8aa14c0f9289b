import type { TaskRunHelpers } from "../crew/task.ts";
import type { Passage, Source, SourceRegistry } from "../sources/source-registry.ts";
import {
	askOnce,
	type CallLabel,
	charactersPerToken,
	cutAtWord,
	fitPrompt,
	reserveFor,
	shortenText,
} from "./fit-prompt.ts";
import { defaultGatherLimits, type GatherLimits, gatherSources } from "./gather-sources.ts";
import {
	type AnswerLengths,
	answerLengths,
	outlineBatchSchema,
	outlineExpectedOutput,
	outlineOutputTokens,
	outlinePrompt,
	queryExpectedOutput,
	queryOutputTokens,
	queryPrompt,
	querySchema,
	type Snippet,
} from "./pipeline-prompts.ts";
import { checkResearchBudgets } from "./preflight.ts";
import { diversify, rankPassages } from "./rank-passages.ts";
import type { Development } from "./research-prompts.ts";
import type { ResearchSnapshot } from "./research-snapshot.ts";
import { researchOutput } from "./research-task.ts";

export interface PipelineResearchOptions {
	count: number;
	registry: SourceRegistry;
	toolNames: readonly string[];
	limits?: GatherLimits;
	/** The two personas' raw text, to size the analyst's calls before the run starts. */
	personaText?: { researcher: string; analyst: string };
}

const task = "research_task";
const smallContextAdvice =
	"Give the model a larger context (--context, or a model with a bigger window), or shorten the crew's personas and task descriptions.";

/**
 * The default research step, sized for small models: the model proposes search queries
 * (one small JSON call); code searches, reads up to ten pages and ranks their passages;
 * the model then picks and outlines the developments from ranked snippets with their
 * source ids, a few per call, each call fitted to its window. No page enters a prompt
 * whole. When the model's answer cannot be used, code falls back on the best-ranked
 * sources, so the run always reaches the writing step.
 */
export function runPipelineResearch(options: PipelineResearchOptions) {
	return async (helpers: TaskRunHelpers): Promise<{ text: string; value: ResearchSnapshot }> => {
		const topic = String(helpers.inputs.topic ?? "the topic");
		const year = String(helpers.inputs.current_year ?? new Date().getFullYear());
		const window = await helpers.window();
		const lengths = answerLengths(window.contextSize);
		const analystExtraTokens = options.personaText
			? Math.max(
					0,
					window.countTokens(options.personaText.analyst) -
						window.countTokens(options.personaText.researcher),
				)
			: 0;
		await checkResearchBudgets(helpers, {
			topic,
			year,
			count: options.count,
			lengths,
			charactersPerToken: await charactersPerToken(helpers),
			analystExtraTokens,
		});

		const queries = options.toolNames.length
			? await proposeQueries(helpers, topic, year, lengths)
			: [];
		await gatherSources(
			helpers,
			options.registry,
			options.toolNames,
			queries,
			options.limits ?? defaultGatherLimits,
		);

		const ranked = rankPassages(options.registry.passages(), [topic, ...queries].join(" ")).map(
			(item) => item.passage,
		);
		const developments = await outline(helpers, {
			topic,
			year,
			count: options.count,
			lengths,
			ranked,
			// Every passage's source is registered (the registry refuses others).
			titleOf: (id) => sourceLabel(options.registry.sources()[id - 1] as Source),
		});
		return researchOutput(developments, options.registry);
	};
}

/** The model's queries (the topic itself always first), or just the topic when they cannot be read. */
async function proposeQueries(
	helpers: TaskRunHelpers,
	topic: string,
	year: string,
	lengths: AnswerLengths,
): Promise<string[]> {
	const schema = querySchema(lengths);
	const reserved = await reserveFor(
		helpers,
		queryOutputTokens(lengths, await charactersPerToken(helpers)),
	);
	const { prompt } = await fitPrompt(helpers, {
		...label("search queries"),
		build: () => ({
			description: queryPrompt({ topic, year, lengths }),
			expectedOutput: queryExpectedOutput,
			outputSchema: schema,
		}),
		ranked: [],
		itemText: () => "",
		reservedOutput: reserved,
	});
	const answer = await askOnce(helpers, prompt);
	const proposed = (answer?.value as { queries?: string[] } | undefined)?.queries ?? [];
	const queries = [topic, ...proposed.map((query) => query.replace(/\s+/g, " ").trim())];
	return [...new Set(queries.filter((query) => query.length >= 2))].slice(0, lengths.queries + 1);
}

interface OutlineInput {
	topic: string;
	year: string;
	count: number;
	lengths: AnswerLengths;
	/** Every passage read, most relevant first. */
	ranked: readonly Passage[];
	titleOf: (sourceId: number) => string;
}

/** Snippet characters shown per passage, and passages shown per source. */
const snippetCharacters = 280;
const snippetsPerSource = 2;

/** What an outline call may show beyond its instructions, most important first. */
type OutlineMaterial = { kind: "chosen"; title: string } | { kind: "snippet"; snippet: Snippet };

/** The developments, a batch per call (as many as the window's output share allows). */
async function outline(helpers: TaskRunHelpers, input: OutlineInput): Promise<Development[]> {
	const window = await helpers.window();
	const perDevelopment = outlineOutputTokens(input.lengths, await charactersPerToken(helpers)) - 16;
	const batch = Math.max(
		1,
		Math.min(input.count, Math.floor((window.contextSize / 4 - 16) / perDevelopment)),
	);
	const batches = Math.ceil(input.count / batch);
	const developments: Development[] = [];
	for (let index = 0; developments.length < input.count; index++) {
		const wanted = Math.min(batch, input.count - developments.length);
		const used = new Set(developments.flatMap((development) => development.sources));
		const snippets = diversify(
			input.ranked.filter((passage) => !used.has(passage.sourceId)),
			(passage) => passage.sourceId,
			snippetsPerSource,
		).map(
			(passage): Snippet => ({
				id: passage.sourceId,
				title: cutAtWord(oneLine(input.titleOf(passage.sourceId)), input.lengths.title),
				text: cutAtWord(snippetText(passage.text), snippetCharacters),
			}),
		);
		// Titles already chosen come first (most recent first), so the model avoids them.
		const material: OutlineMaterial[] = [
			...developments
				.map((development) => ({ kind: "chosen" as const, title: development.title }))
				.reverse(),
			...snippets.map((snippet) => ({ kind: "snippet" as const, snippet })),
		];
		const schema = outlineBatchSchema(wanted, input.lengths);
		const reserved = await reserveFor(helpers, wanted * perDevelopment + 16);
		const { prompt, items } = await fitPrompt(helpers, {
			...label(`outline, batch ${index + 1} of ${batches}`),
			build: (shown) => ({
				description: outlinePrompt({
					topic: input.topic,
					year: input.year,
					count: wanted,
					chosen: shown.flatMap((item) => (item.kind === "chosen" ? [item.title] : [])),
					snippets: shown.flatMap((item) => (item.kind === "snippet" ? [item.snippet] : [])),
				}),
				expectedOutput: outlineExpectedOutput(wanted),
				outputSchema: schema,
			}),
			ranked: material,
			shorten: (item, maxTokens) => {
				if (item.kind === "chosen") return undefined;
				const snippet = shortenText(item.snippet, maxTokens - 16, window);
				return snippet && { kind: "snippet" as const, snippet };
			},
			itemText: (item) =>
				item.kind === "chosen"
					? `${item.title}; `
					: `[${item.snippet.id}] ${item.snippet.title}: ${item.snippet.text}`,
			reservedOutput: reserved,
		});
		const answer = await askOnce(helpers, prompt);
		const proposed =
			(answer?.value as { developments?: Development[] } | undefined)?.developments ?? [];
		const shown = items.flatMap((item) => (item.kind === "snippet" ? [item.snippet] : []));
		const shownIds = new Set(shown.map((snippet) => snippet.id));
		// Those shown first; the loop below skips the sources already used.
		const fallbacks = [...shown, ...snippets];
		for (let slot = 0; slot < wanted; slot++) {
			const development = proposed[slot];
			if (development?.title.trim() && development.summary.trim()) {
				// Repeated ids are left to researchOutput, which keeps each source once.
				const sources = development.sources.filter((id) => shownIds.has(id));
				// A source the model used is not offered again as a fallback development.
				for (const id of sources) used.add(id);
				developments.push({
					title: oneLine(development.title),
					summary: oneLine(development.summary),
					sources,
				});
			} else {
				let fallback = fallbacks.shift();
				while (fallback && used.has(fallback.id)) fallback = fallbacks.shift();
				if (fallback) used.add(fallback.id);
				developments.push(fallbackDevelopment(fallback, input, developments.length + 1));
			}
		}
	}
	return developments;
}

/** A development code can state without the model: the best unused snippet's source. */
function fallbackDevelopment(
	snippet: Snippet | undefined,
	input: OutlineInput,
	number: number,
): Development {
	if (!snippet) {
		return {
			title: `${input.topic}: development ${number}`,
			summary: "No source was read for this development; the model's outline could not be used.",
			sources: [],
		};
	}
	// The first sentence; a text with no other end is its own sentence.
	const sentence = snippet.text.match(/.*?[.!?](?=\s)/)?.[0] ?? snippet.text;
	return {
		title: cutAtWord(snippet.title || sentence, input.lengths.title),
		summary: cutAtWord(sentence, input.lengths.summary),
		sources: [snippet.id],
	};
}

const label = (what: string): CallLabel => ({ task, what, advice: smallContextAdvice });

/**
 * A passage's text on one line, without its heading lines: the snippet's title already
 * names the innermost heading, and a heading run into the first sentence reads as part of it.
 */
const snippetText = (text: string) =>
	oneLine(text.replace(/^[ \t]{0,3}#{1,6}(?:[ \t].*)?$/gm, "")) || oneLine(text);

const oneLine = (text: string) =>
	text
		.replace(/^#+\s*/gm, "")
		.replace(/\s+/g, " ")
		.trim();

/**
 * A source's title, or for a part of a local file under a heading its innermost heading
 * ("Setup" of "Guide > Setup"); a line range or page ("lines 2–9", "p. 3") is no title.
 */
function sourceLabel(source: Source): string {
	const location = source.origin.type === "file" ? source.origin.location : undefined;
	if (!location || /^(?:lines? \d|p\. \d)/.test(location)) return source.title;
	return location.split(" > ").at(-1) as string;
}
