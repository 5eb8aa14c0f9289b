import { reserveOutput } from "../agent/token-budget.ts";
import type { TaskRunHelpers } from "../crew/task.ts";
import { findCitations } from "../report/parse-citations.ts";
import { splitSentences } from "../report/split-sentences.ts";
import { defaultSupportThreshold, supportScore } from "../report/support-score.ts";
import { assembleReport } from "./assemble-report.ts";
import { askOnce, fitPrompt, shortenText } from "./fit-prompt.ts";
import { revisionOutputTokens } from "./preflight.ts";
import { rankPassages } from "./rank-passages.ts";
import { reviseExpectedOutput, revisePrompt } from "./research-prompts.ts";
import { passagesOf, type ResearchSnapshot } from "./research-snapshot.ts";
import { ungroundedNotice, ungroundedReason } from "./ungrounded-reason.ts";
import { type ReportDraft, researchOf } from "./write-report.ts";

/** How the report stands against its sources, after verification. */
export interface GroundingSummary {
	grounded: boolean;
	sources: number;
	sections: number;
	sectionsCited: number;
	citedSentences: number;
	/** Cited sentences whose passages support them, after revision. */
	supported: number;
	revised: number;
	removed: number;
	/** Why the report is not fully grounded (absent when it is). */
	reason?: string;
}

/** The banner of a report written from sources that does not cite or is not supported by them. */
export const weaklyGroundedNotice = (reason: string) =>
	`Not fully grounded: ${reason}. The sources below were read, but what follows is not checked against them.`;

/** Revision rounds per unsupported sentence before it is removed. */
const revisionRounds = 2;

const emptySection =
	"The gathered sources say nothing that supports a statement on this development.";

/**
 * The verification step: every sentence that cites sources is checked against the passages
 * it cites (`supportScore`); an unsupported one is sent back for revision, at most twice,
 * then removed. The report is then assembled with its numbered Sources list, and the value
 * is the grounding summary.
 */
export function runVerification(options: { workspace?: string; toolNames?: readonly string[] }) {
	return async (helpers: TaskRunHelpers): Promise<{ text: string; value: GroundingSummary }> => {
		const snapshot = researchOf(helpers);
		const draft = helpers.context.map((output) => output.value).find(isDraft);
		if (!draft)
			throw new Error("The report draft is missing from the verification task's context.");
		const summary: GroundingSummary = {
			// Stryker disable next-line BooleanLiteral: set after the sections are verified, before anything reads it
			grounded: false,
			sources: 0,
			sections: draft.sections.length,
			sectionsCited: 0,
			citedSentences: 0,
			supported: 0,
			revised: 0,
			removed: 0,
		};
		const sections = [];
		for (const section of draft.sections) {
			let body = section.body;
			if (draft.grounded) body = await verifyBody(body, snapshot, helpers, summary);
			if (!body.trim()) body = emptySection;
			if (findCitations(body).length) summary.sectionsCited++;
			sections.push({ title: section.title, body });
		}
		// Every cited sentence kept is supported (verifyBody removes the others), so what is
		// left to check is that each section cites.
		summary.grounded = draft.grounded && summary.sectionsCited === summary.sections;
		// Stryker disable next-line ArrayDeclaration: the set holds source ids, numbers; no source has a string id
		const offered = new Set(draft.sections.flatMap((section) => section.offered ?? []));
		// Stryker disable next-line ArrayDeclaration: only the names web_search, fetch_page and search_sources are looked for
		const toolNames = options.toolNames ?? [];
		const reason = ungroundedReason({
			searchedWeb: toolNames.includes("web_search") || toolNames.includes("fetch_page"),
			searchedSources: toolNames.includes("search_sources"),
			passages: draft.grounded ? snapshot.passages.length : 0,
			sections: summary.sections,
			sectionsCited: summary.sectionsCited,
			citedSentences: summary.citedSentences,
			removed: summary.removed,
		});
		// A report that is not grounded has no passages or a section that cites nothing, and
		// ungroundedReason names both; the fallback is for the type checker.
		// Stryker disable next-line StringLiteral: unreachable, see above
		const why = reason ?? "a section cites no source";
		const report = assembleReport({
			...draft,
			sections,
			conclusion: `## Conclusion\n\n${draft.conclusion}`,
			sources: snapshot.sources,
			notice: draft.grounded
				? summary.grounded
					? undefined
					: weaklyGroundedNotice(why)
				: ungroundedNotice(why),
			workspace: options.workspace,
			uncitedRead: summary.grounded
				? undefined
				: snapshot.sources.filter((source) => offered.has(source.id)),
		});
		summary.sources = report.cited.length;
		if (!summary.grounded) summary.reason = why;
		return { text: report.markdown, value: summary };
	};
}

async function verifyBody(
	body: string,
	snapshot: ResearchSnapshot,
	helpers: TaskRunHelpers,
	summary: GroundingSummary,
): Promise<string> {
	let result = body;
	const window = await helpers.window();
	for (const sentence of splitSentences(body)) {
		const ids = [...new Set(findCitations(sentence).flatMap((group) => group.numbers))];
		if (ids.length === 0) continue;
		const passages = ids.flatMap((id) => passagesOf(snapshot, id).map((text) => ({ id, text })));
		// Both read a sentence's words without its citations.
		const supports = (text: string) =>
			supportScore(
				text,
				passages.map((passage) => passage.text),
			) >= defaultSupportThreshold;
		let replacement: string | undefined = sentence;
		for (
			let round = 0;
			replacement !== undefined && !supports(replacement) && round < revisionRounds;
			round++
		) {
			const current: string = replacement;
			// Only the passages that matter for this sentence, as many as fit the window.
			const relevant = rankPassages(passages, current).map((item) => item.passage);
			const { prompt } = await fitPrompt(helpers, {
				task: "verification_task",
				what: "revising a sentence",
				build: (shown) => ({
					description: revisePrompt({ sentence: current, passages: shown }),
					expectedOutput: reviseExpectedOutput,
				}),
				ranked: relevant,
				shorten: (passage, maxTokens) => shortenText(passage, maxTokens - 12, window),
				itemText: (passage) => `<passage id="${passage.id}">\n${passage.text}\n</passage>`,
				reservedOutput: reserveOutput(window, revisionOutputTokens),
			});
			const answer = await askOnce(helpers, prompt);
			const revised = (answer?.text ?? "").trim().replace(/^"|"$/g, "");
			replacement = /^REMOVE\b/.test(revised) || !revised ? undefined : revised;
		}
		if (replacement !== undefined && !supports(replacement)) replacement = undefined;
		if (replacement === undefined) {
			summary.removed++;
			result = result.replace(sentence, "").replace(/[ \t]{2,}/g, " ");
			continue;
		}
		summary.citedSentences++;
		summary.supported++;
		if (replacement !== sentence) {
			summary.revised++;
			result = result.replace(sentence, replacement);
		}
	}
	return result;
}

function isDraft(value: unknown): value is ReportDraft {
	const candidate = value as Partial<ReportDraft> | undefined;
	return Array.isArray(candidate?.sections) && typeof candidate.title === "string";
}
