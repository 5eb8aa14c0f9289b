import { reserveOutput } from "../agent/token-budget.ts";
import type { TaskRunHelpers } from "../crew/task.ts";
import { ModelBehaviorError } from "../errors.ts";
import { citedNumbers } from "../report/parse-citations.ts";
import { cleanSectionBody, rewriteCitations } from "./assemble-report.ts";
import { askOnce, charactersPerToken, cutAtWord, fitPrompt, shortenText } from "./fit-prompt.ts";
import { answerLengths, answerTokens, framingSchema } from "./pipeline-prompts.ts";
import { sectionOutputTokens } from "./preflight.ts";
import { rankPassages } from "./rank-passages.ts";
import {
	type Development,
	framingPrompt,
	sectionExpectedOutput,
	sectionPrompt,
} from "./research-prompts.ts";
import { isResearchSnapshot, type ResearchSnapshot } from "./research-snapshot.ts";

/** The report as parts, its citations still registry ids: what the verifier works on. */
export interface ReportDraft {
	title: string;
	introduction: string;
	/** Each section with the ids of the sources its prompt showed (cited or not). */
	sections: Array<{ title: string; body: string; offered?: number[] }>;
	conclusion: string;
	grounded: boolean;
}

/** Passages considered per section (as many as fit are shown), and characters per passage. */
const passagesPerSection = 6;
const passageCharacters = 900;

/** The research snapshot among a task's context outputs. */
export function researchOf(helpers: Pick<TaskRunHelpers, "context">): ResearchSnapshot {
	const snapshot = helpers.context.map((output) => output.value).find(isResearchSnapshot);
	if (!snapshot)
		throw new ModelBehaviorError(
			"The research task's outline is missing from this task's context.",
		);
	return snapshot;
}

/**
 * The analyst's task, outline first, then sections: one model call per section, given only
 * the passages of that development's sources — the most relevant first, as many as fit the
 * model's window — and asked to cite them as `[id]`; citations of other ids are dropped.
 * Then a title, introduction and conclusion (bounded JSON; a plain framing from the
 * section titles when the model's cannot be read).
 */
export function runWriting() {
	return async (helpers: TaskRunHelpers): Promise<{ text: string; value: ReportDraft }> => {
		const snapshot = researchOf(helpers);
		const topic = String(helpers.inputs.topic ?? "the topic");
		const year = String(helpers.inputs.current_year ?? new Date().getFullYear());
		const grounded = snapshot.passages.length > 0;
		const count = snapshot.developments.length;
		const window = await helpers.window();
		const reserved = reserveOutput(window, sectionOutputTokens);
		const sections: ReportDraft["sections"] = [];
		for (const [index, development] of snapshot.developments.entries()) {
			const build = (passages: readonly SectionPassage[], feedback = "") => ({
				description:
					sectionPrompt({ topic, year, number: index + 1, count, development, passages }) +
					feedback,
				expectedOutput: sectionExpectedOutput,
			});
			const { items: passages } = await fitPrompt(helpers, {
				task: "reporting_task",
				what: `section ${index + 1} of ${count}`,
				build: (shown) => build(shown, retryFeedback(shown)),
				ranked: passagesFor(development, snapshot),
				shorten: (passage, maxTokens) => shortenText(passage, maxTokens - 24, window),
				itemText: (passage) =>
					`<passage id="${passage.id}" title="${passage.title}">\n${passage.text}\n</passage>`,
				reservedOutput: reserved,
			});
			const allowed = new Set(passages.map((passage) => passage.id));
			// Stryker disable next-line StringLiteral: the loop below runs at least once and assigns it
			let body = "";
			for (let attempt = 0; attempt < 2; attempt++) {
				const answer = await askOnce(helpers, {
					...build(passages, attempt === 0 ? "" : retryFeedback(passages)),
					maxOutputTokens: reserved,
				});
				body = rewriteCitations(cleanSectionBody(answer?.text ?? ""), (ids) =>
					ids.filter((id) => allowed.has(id)),
				);
				if (!allowed.size || citedNumbers(body).length > 0) break;
			}
			sections.push({ title: development.title, body, offered: [...allowed] });
		}
		const framing = await frame(
			helpers,
			topic,
			year,
			sections.map((section) => section.title),
		);
		const draft: ReportDraft = { ...framing, sections, grounded };
		return { text: JSON.stringify(draft, null, 2), value: draft };
	};
}

/** What a second attempt at a section is told when the first cited none of its passages. */
function retryFeedback(passages: readonly SectionPassage[]): string {
	if (passages.length === 0) return "";
	return `\n\nYour previous answer cited none of the passages. Cite at least one of: ${[
		...new Set(passages.map((passage) => passage.id)),
	]
		.map((id) => `[${id}]`)
		.join(", ")}.`;
}

/** Title, introduction and conclusion: the model's bounded JSON, or a plain one by code. */
async function frame(
	helpers: TaskRunHelpers,
	topic: string,
	year: string,
	titles: readonly string[],
): Promise<Pick<ReportDraft, "title" | "introduction" | "conclusion">> {
	const window = await helpers.window();
	const lengths = answerLengths(window.contextSize);
	const wanted = answerTokens(
		lengths.title + 2 * lengths.framing,
		await charactersPerToken(helpers),
	);
	// The section titles are the material: in order, as many as fit a small window.
	const { prompt } = await fitPrompt(helpers, {
		task: "reporting_task",
		what: "title, introduction and conclusion",
		build: (shown) => ({
			description: framingPrompt({ topic, year, titles: shown }),
			expectedOutput: "JSON with title, introduction and conclusion.",
			outputSchema: framingSchema(lengths),
		}),
		ranked: titles,
		itemText: (title) => title,
		reservedOutput: reserveOutput(window, wanted),
	});
	const answer = await askOnce(helpers, prompt);
	const value = answer?.value as
		| { title: string; introduction: string; conclusion: string }
		| undefined;
	if (value) return value;
	return {
		title: `${topic}: ${titles.length} developments that matter in ${year}`,
		introduction: `This report covers ${titles.length} developments in ${topic} in ${year}, one per section.`,
		conclusion: `Together, these ${titles.length} developments show where ${topic} stands in ${year}.`,
	};
}

/** A passage as a section prompt shows it. */
interface SectionPassage {
	id: number;
	title: string;
	text: string;
}

/** The passages a section may cite: those of the development's sources, most relevant first. */
function passagesFor(development: Development, snapshot: ResearchSnapshot): SectionPassage[] {
	const claim = `${development.title}. ${development.summary}`;
	const titleOf = new Map(snapshot.sources.map((source) => [source.id, source.title]));
	const candidates = snapshot.passages.filter((passage) =>
		development.sources.includes(passage.sourceId),
	);
	return rankPassages(candidates, claim)
		.slice(0, passagesPerSection)
		.map(({ passage }) => ({
			id: passage.sourceId,
			title: titleOf.get(passage.sourceId) ?? "",
			text: cutAtWord(passage.text, passageCharacters),
		}));
}
