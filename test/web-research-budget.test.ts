import assert from "node:assert/strict";
import { mkdtemp, readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import type { LanguageModelV4Prompt } from "@ai-sdk/provider";
import { BudgetError } from "../src/agent/token-budget.ts";
import { promptText } from "../src/models/count-tokens.ts";
import { createScriptedModel, type ScriptedReply } from "../src/models/scripted-model.ts";
import { checkReport } from "../src/report/check-report.ts";
import { researchDefinition } from "../src/service/define-run.ts";
import { buildRunCrew } from "../src/service/run-definition.ts";
import { openRunStore } from "../src/store/sqlite-store.ts";
import { startArticleWeb } from "./support/article-web.ts";
import { assertCallsFitTheirWindow } from "./support/budget-checks.ts";

let web: Awaited<ReturnType<typeof startArticleWeb>>;
before(async () => {
	web = await startArticleWeb({ pages: 12, characters: 12_000 });
});
after(() => web.close());

/** A model that answers each bounded call of the research crew from what its prompt shows. */
function researcherModel() {
	return createScriptedModel({
		replies: ({ prompt }: { prompt: LanguageModelV4Prompt }): ScriptedReply => {
			const text = promptText(prompt);
			if (text.includes("search queries")) {
				return JSON.stringify({
					queries: ["open-weight models", "reasoning models", "model regulation"],
				});
			}
			const pick = text.match(/Pick (\d+) of the developments/);
			if (pick) {
				const count = Number(pick[1]);
				const ids = [...text.matchAll(/^\[(\d+)\] /gm)].map((match) => Number(match[1]));
				const done = (text.match(/Already chosen[^\n]*/)?.[0].match(/Development \d+/g) ?? [])
					.length;
				return JSON.stringify({
					developments: Array.from({ length: count }, (_, index) => ({
						title: `Development ${done + index + 1}`,
						summary: "What changed this year and why it matters.",
						sources: ids.length ? [ids[index % ids.length]] : [],
					})),
				});
			}
			if (text.includes("Write section")) {
				const passage = text.match(/<passage id="(\d+)"[^>]*>\n([^.\n]+\.)/);
				return passage ? `${passage[2]} [${passage[1]}]` : "Nothing was found.";
			}
			if (text.includes("Frame a report")) {
				return JSON.stringify({
					title: "AI LLMs in 2026",
					introduction: "Ten developments of the year.",
					conclusion: "Models changed a lot this year.",
				});
			}
			return "REMOVE";
		},
	});
}

async function runResearch(contextSize: number, model = researcherModel()) {
	process.env.SEARXNG_URL = web.baseUrl;
	const cwd = await mkdtemp(join(tmpdir(), "crewkit-web-budget-"));
	const definition = await researchDefinition({
		model: "scripted:unused.json",
		out: join(cwd, "report.md"),
		sections: 10,
		sources: undefined,
		web: { backend: "searxng", allowPrivateNetwork: true },
		allowUngrounded: true,
		workspace: cwd,
	});
	const built = await buildRunCrew(definition);
	const storePath = join(cwd, "runs.db");
	const store = openRunStore(storePath);
	try {
		const output = await built.crew.kickoff({
			inputs: { topic: "AI LLMs", current_year: 2026 },
			model,
			modelOptions: { contextSize },
			outputFile: definition.out,
			store,
		});
		const fetched = store
			.toolCalls(output.runId)
			.filter((call) => call.toolName === "fetch_page" && !call.isError).length;
		return { output, storePath, fetched, report: await readFile(definition.out, "utf8") };
	} finally {
		store.close();
		built.dispose();
	}
}

for (const contextSize of [2048, 4096, 8192]) {
	test(`over a recorded web of article-sized pages, every call fits a ${contextSize}-token window and the report is grounded`, async () => {
		const { output, storePath, fetched, report } = await runResearch(contextSize);
		assert.ok(fetched >= 6 && fetched <= 10, `${fetched} pages read`);
		const check = checkReport(report, { sections: 10 });
		assert.ok(check.ok, JSON.stringify(check.problems));
		const grounding = output.tasks.at(-1)?.value as { grounded: boolean; sectionsCited: number };
		assert.equal(grounding.sectionsCited, 10, report);
		const calls = assertCallsFitTheirWindow(storePath, output.runId, contextSize);
		// Pages never enter a prompt whole: no prompt holds a page's 12,000 characters.
		for (const call of calls) assert.ok(JSON.stringify(call.prompt).length < contextSize * 6);
	});
}

test("a mandatory part that cannot fit stops the run before any model call, naming the task, sizes and what to do", async () => {
	const model = researcherModel();
	await assert.rejects(runResearch(120, model), (error: unknown) => {
		assert.ok(error instanceof BudgetError, String(error));
		assert.match(
			error.message,
			/^Task '\w+' \([^)]+, checked before the run\): the prompt needs at least \d+ tokens and the answer \d+ more, but the model's context holds 120\./,
		);
		assert.match(error.message, /--context/);
		return true;
	});
	assert.equal(model.calls.length, 0, "no model call was made");
});
