import assert from "node:assert/strict";
import { test } from "node:test";
import { scriptedHelpers } from "../../test/support/task-run-helpers.ts";
import { BudgetError } from "../agent/token-budget.ts";
import type { AskPrompt } from "../crew/task.ts";
import { answerLengths } from "./pipeline-prompts.ts";
import { checkResearchBudgets } from "./preflight.ts";

/** A 2,048-token window: small answer lengths, and 4 characters per token. */
const input = {
	topic: "AI LLMs",
	year: "2026",
	count: 5,
	lengths: answerLengths(2048),
	charactersPerToken: 4,
};

/** Helpers whose measure gives 10 tokens, or `size(prompt)` when it names one. */
function measuring(size: (prompt: AskPrompt) => number | undefined = () => undefined) {
	const run = scriptedHelpers({ contextSize: 2048 });
	run.helpers.measure = async (prompt) => {
		run.measured.push(prompt);
		return size(prompt) ?? 10;
	};
	return run;
}

/** Each kind of call: how its prompt starts, its task and step, and the output it reserves. */
const checks = [
	["List up to", "research_task", "search queries", 76],
	["Pick 1 of", "research_task", "outline", 88],
	["Write section", "reporting_task", "one section", 400],
	["Frame a report", "reporting_task", "title, introduction and conclusion", 118],
	["This sentence", "verification_task", "revising a sentence", 120],
] as const;

test("every kind of call the research crew makes is measured before the run, without tools or a spelled-out schema", async () => {
	const { helpers, measured } = measuring();
	await checkResearchBudgets(helpers, input);
	assert.deepEqual(
		measured.map((prompt) => prompt.description.slice(0, 14)),
		["List up to 4 s", "Pick 1 of the ", "Write section ", "Frame a report", "This sentence "],
	);
	for (const prompt of measured)
		assert.deepEqual([prompt.tools, prompt.schemaInPrompt], [[], false]);
	assert.deepEqual(
		measured.map((prompt) => prompt.outputSchema !== undefined),
		[true, true, false, true, false],
	);
	const [, outline, section, framing, revision] = measured;
	assert.match(outline?.description ?? "", /No sources could be read/);
	assert.equal(outline?.expectedOutput.startsWith('JSON only: {"developments": [1 ×'), true);
	assert.equal(
		framing?.expectedOutput,
		'JSON only: {"title": "…", "introduction": "…", "conclusion": "…"}',
	);
	// The section stands for the longest: the last number, a title and summary of full length.
	const prose = "Open models closed the gap with closed ones on real tasks this year. ";
	const title = prose.slice(0, 56);
	const summary = prose.repeat(2).slice(0, 120);
	assert.ok(
		section?.description.startsWith(
			`Write section 5 of 5 of a report on AI LLMs (2026): "${title}".\nWhat the researcher found: ${summary}\n\nNo sources`,
		),
	);
	assert.equal(
		section?.expectedOutput,
		"One or two paragraphs of plain markdown: no heading, no list of sources, no code.",
	);
	assert.match(revision?.description ?? "", new RegExp(`^This sentence [^\\n]*\\n"${summary}"\\n`));
	assert.equal(revision?.expectedOutput, "");
});

test("the first call whose mandatory prompt and reserved answer overflow the window stops the run, saying which", async () => {
	for (const [start, task, what, reserved] of checks) {
		const fits = measuring((prompt) =>
			prompt.description.startsWith(start) ? 2048 - reserved : undefined,
		);
		await checkResearchBudgets(fits.helpers, input);
		const over = 2048 - reserved + 1;
		const overflows = measuring((prompt) =>
			prompt.description.startsWith(start) ? over : undefined,
		);
		await assert.rejects(checkResearchBudgets(overflows.helpers, input), (error: unknown) => {
			assert.ok(error instanceof BudgetError);
			assert.equal(
				error.message,
				`Task '${task}' (${what}, checked before the run): the prompt needs at least ${over} tokens and the answer ${reserved} more, but the model's context holds 2048. Give the model a larger context (--context, or a model with a bigger window), or shorten the research crew's personas and task descriptions (crews/research).`,
			);
			return true;
		});
	}
});

test("a longer analyst persona counts against the writing and revising calls only", async () => {
	// The section call is the analyst's tightest: 2048 - 400 - 10 tokens are left.
	await checkResearchBudgets(measuring().helpers, { ...input, analystExtraTokens: 1638 });
	await assert.rejects(
		checkResearchBudgets(measuring().helpers, { ...input, analystExtraTokens: 1639 }),
		/\(one section, checked before the run\): the prompt needs at least 1649 tokens/,
	);
	// A prompt that fills its budget exactly overflows with one more token, when it is the analyst's.
	for (const [start, , what, reserved] of checks) {
		const full = measuring((prompt) =>
			prompt.description.startsWith(start) ? 2048 - reserved : undefined,
		);
		const run = checkResearchBudgets(full.helpers, { ...input, analystExtraTokens: 1 });
		if (start === "List up to" || start === "Pick 1 of") await run;
		else await assert.rejects(run, new RegExp(`^BudgetError: Task '\\w+' \\(${what}, checked`));
	}
});
