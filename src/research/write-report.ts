import type { TaskRunHelpers } from "../crew/task.ts";
import { ModelBehaviorError } from "../errors.ts";
import { citedNumbers } from "../report/parse-citations.ts";
import { supportScore } from "../report/support-score.ts";
import { cleanSectionBody, rewriteCitations } from "./assemble-report.ts";
import {
	type Development,
	framingPrompt,
	framingSchema,
	sectionExpectedOutput,
	sectionPrompt,
} from "./research-prompts.ts";
import { isResearchSnapshot, type ResearchSnapshot } from "./research-snapshot.ts";

/** The report as parts, its citations still registry ids: what the verifier works on. */
export interface ReportDraft {
	title: string;
	introduction: string;
	sections: Array<{ title: string; body: string }>;
	conclusion: string;
	grounded: boolean;
}

/** Passages shown to the analyst per section, and characters per passage. */
const passagesPerSection = 4;
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
 * the passages of that development's sources and asked to cite them as `[id]`; citations
 * of other ids are dropped. Then a title, introduction and conclusion.
 */
export function runWriting() {
	return async (helpers: TaskRunHelpers): Promise<{ text: string; value: ReportDraft }> => {
		const snapshot = researchOf(helpers);
		const topic = String(helpers.inputs.topic ?? "the topic");
		const year = String(helpers.inputs.current_year ?? new Date().getFullYear());
		const grounded = snapshot.passages.length > 0;
		const count = snapshot.developments.length;
		const sections: ReportDraft["sections"] = [];
		for (const [index, development] of snapshot.developments.entries()) {
			const passages = passagesFor(development, snapshot);
			const allowed = new Set(passages.map((passage) => passage.id));
			const prompt = sectionPrompt({
				topic,
				year,
				number: index + 1,
				count,
				development,
				passages,
			});
			let body = "";
			for (let attempt = 0; attempt < 2; attempt++) {
				const feedback =
					attempt === 0
						? ""
						: `\n\nYour previous answer cited none of the passages. Cite at least one of: ${[...allowed].map((id) => `[${id}]`).join(", ")}.`;
				const answer = await helpers.ask({
					description: prompt + feedback,
					expectedOutput: sectionExpectedOutput,
					tools: [],
				});
				body = rewriteCitations(cleanSectionBody(answer.text), (ids) =>
					ids.filter((id) => allowed.has(id)),
				);
				if (!allowed.size || citedNumbers(body).length > 0) break;
			}
			sections.push({ title: development.title, body });
		}
		const framing = await helpers.ask({
			description: framingPrompt({ topic, year, titles: sections.map((section) => section.title) }),
			expectedOutput: "JSON with title, introduction and conclusion.",
			outputSchema: framingSchema,
			tools: [],
		});
		const { title, introduction, conclusion } = framing.value as {
			title: string;
			introduction: string;
			conclusion: string;
		};
		const draft: ReportDraft = { title, introduction, sections, conclusion, grounded };
		return { text: JSON.stringify(draft, null, 2), value: draft };
	};
}

/** The passages a section may cite: those of the development's sources, most relevant first. */
function passagesFor(development: Development, snapshot: ResearchSnapshot) {
	const claim = `${development.title}. ${development.summary}`;
	const titleOf = new Map(snapshot.sources.map((source) => [source.id, source.title]));
	return snapshot.passages
		.filter((passage) => development.sources.includes(passage.sourceId))
		.map((passage) => ({ passage, score: supportScore(claim, passage.text) }))
		.sort((a, b) => b.score - a.score)
		.slice(0, passagesPerSection)
		.map(({ passage }) => ({
			id: passage.sourceId,
			title: titleOf.get(passage.sourceId) ?? "",
			text: passage.text.slice(0, passageCharacters),
		}));
}
