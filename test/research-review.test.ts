import assert from "node:assert/strict";
import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { openRunStore } from "../src/store/sqlite-store.ts";
import { checkReviewedReport, commands, writeReviewWorkspace } from "./support/review-outline.ts";
import { runCli } from "./support/run-cli.ts";

async function workspace() {
	const cwd = await mkdtemp(join(tmpdir(), "crewkit-review-"));
	await writeReviewWorkspace(cwd);
	return cwd;
}

const args = [
	"run",
	"--topic",
	"AI LLMs",
	"--sources",
	"docs",
	"--no-web",
	"--model",
	"scripted:script.json",
	"--review",
	"--allow-ungrounded",
];

const checkReport = (cwd: string, file: string) => checkReviewedReport(join(cwd, file));

test("--review: the person's edit of the outline (drop, reorder, rename, add, exclude) is what gets written", async () => {
	const cwd = await workspace();
	const result = await runCli([...args, "--human", "prompt"], {
		cwd,
		input: `${commands.join("\n")}\n`,
	});
	assert.equal(result.code, 0, result.stderr);
	assert.match(
		result.stderr,
		/Review the outline[\s\S]*1\. Open-weight models close the gap — \[1\]/,
	);
	await checkReport(cwd, "report.md");

	const runId = /(run_[a-z0-9_]+)/.exec(result.stderr)?.[1] ?? "";
	const store = openRunStore(join(cwd, ".crewkit/runs.db"));
	const answers = store
		.events(runId)
		.flatMap(({ event }) => (event.type === "human-answer" ? [event.answer] : []));
	assert.equal(answers.length, 1, "the edit is recorded in the run");
	assert.deepEqual((answers[0] as { excludeSources: number[] }).excludeSources, [5]);
	const research = store.completedTasks(runId).find((task) => task.task === "research_task");
	assert.equal(
		(research?.value as { developments: unknown[] } | undefined)?.developments.length,
		9,
	);
	store.close();
});

test("--review without a terminal waits; crewkit answer with the commands continues from the edited outline", async () => {
	const cwd = await workspace();
	const first = await runCli(args, { cwd });
	assert.equal(first.code, 3, first.stderr);
	const runId = /(run_[a-z0-9_]+)/.exec(first.stderr)?.[1] ?? "";
	const answered = await runCli(["answer", runId, commands.slice(0, -1).join("; ")], { cwd });
	assert.equal(answered.code, 0, answered.stderr);
	await checkReport(cwd, "report.md");
	const store = openRunStore(join(cwd, ".crewkit/runs.db"));
	const researchCalls = store.modelCalls(runId).filter((call) => call.task === "research_task");
	assert.equal(researchCalls.length, 2, "the research was not done again");
	store.close();
});
