import { BudgetError, promptBudget, reserveOutput } from "../agent/token-budget.ts";
import type { AskPrompt, TaskRunHelpers } from "../crew/task.ts";
import {
	type AnswerLengths,
	framingExpectedOutput,
	framingOutputTokens,
	framingSchema,
	outlineBatchSchema,
	outlineExpectedOutput,
	outlineOutputTokens,
	outlinePrompt,
	queryExpectedOutput,
	queryOutputTokens,
	queryPrompt,
	querySchema,
} from "./pipeline-prompts.ts";
import {
	framingPrompt,
	revisePrompt,
	sectionExpectedOutput,
	sectionPrompt,
} from "./research-prompts.ts";

/** Ordinary prose, to stand for model-written titles and summaries of a given length. */
const prose = "Open models closed the gap with closed ones on real tasks this year. ";

/** Output reserved for a section (at most a quarter of the window) and for a revised sentence. */
export const sectionOutputTokens = 400;
export const revisionOutputTokens = 120;

/**
 * Checks, before the first model call of a run, that the mandatory part of every kind of
 * call the research crew makes (queries, outline, section, framing, revision: persona,
 * task and instructions, without any optional material) fits the model's window with its
 * output reserved. The first that does not fit stops the run with a `BudgetError` naming
 * the step, the sizes and what to do. `analystExtraTokens` is how much longer the
 * analyst's persona is than the researcher's, since the writing calls use it.
 */
export async function checkResearchBudgets(
	helpers: Pick<TaskRunHelpers, "measure" | "window">,
	input: {
		topic: string;
		year: string;
		count: number;
		lengths: AnswerLengths;
		/** The model's characters per token, to size JSON answers (see `charactersPerToken`). */
		charactersPerToken: number;
		analystExtraTokens?: number;
	},
): Promise<void> {
	const window = await helpers.window();
	const filler = (characters: number) =>
		prose.repeat(Math.ceil(characters / prose.length)).slice(0, characters);
	const development = {
		title: filler(input.lengths.title),
		summary: filler(input.lengths.summary),
		sources: [],
	};
	const checks: Array<{
		task: string;
		what: string;
		prompt: AskPrompt;
		output: number;
		analyst: boolean;
	}> = [
		{
			task: "research_task",
			what: "search queries",
			prompt: {
				description: queryPrompt(input),
				expectedOutput: queryExpectedOutput,
				outputSchema: querySchema(input.lengths),
			},
			output: queryOutputTokens(input.lengths, input.charactersPerToken),
			analyst: false,
		},
		{
			task: "research_task",
			what: "outline",
			prompt: {
				description: outlinePrompt({ ...input, count: 1, chosen: [], snippets: [] }),
				expectedOutput: outlineExpectedOutput(1),
				outputSchema: outlineBatchSchema(1, input.lengths),
			},
			output: outlineOutputTokens(input.lengths, input.charactersPerToken),
			analyst: false,
		},
		{
			task: "reporting_task",
			what: "one section",
			prompt: {
				description: sectionPrompt({ ...input, number: input.count, development, passages: [] }),
				expectedOutput: sectionExpectedOutput,
			},
			output: sectionOutputTokens,
			analyst: true,
		},
		{
			task: "reporting_task",
			what: "title, introduction and conclusion",
			prompt: {
				description: framingPrompt({ ...input, titles: [] }),
				expectedOutput: framingExpectedOutput,
				outputSchema: framingSchema(input.lengths),
			},
			output: framingOutputTokens(input.lengths, input.charactersPerToken),
			analyst: true,
		},
		{
			task: "verification_task",
			what: "revising a sentence",
			prompt: {
				description: revisePrompt({ sentence: development.summary, passages: [] }),
				expectedOutput: "",
			},
			output: revisionOutputTokens,
			analyst: true,
		},
	];
	for (const check of checks) {
		const reserved = reserveOutput(window, check.output);
		const promptTokens =
			(await helpers.measure({ tools: [], schemaInPrompt: false, ...check.prompt })) +
			(check.analyst ? (input.analystExtraTokens ?? 0) : 0);
		if (promptTokens > promptBudget(window, reserved)) {
			throw new BudgetError({
				task: check.task,
				what: `${check.what}, checked before the run`,
				promptTokens,
				reservedOutputTokens: reserved,
				contextSize: window.contextSize,
				advice:
					"Give the model a larger context (--context, or a model with a bigger window), or shorten the research crew's personas and task descriptions (crews/research).",
			});
		}
	}
}
