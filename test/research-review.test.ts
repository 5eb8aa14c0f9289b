import assert from "node:assert/strict";
import { mkdir, mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { test } from "node:test";
import { openRunStore } from "../src/store/sqlite-store.ts";
import { developments, researchCorpus, researchReplies } from "./support/research-script.ts";
import { runCli } from "./support/run-cli.ts";

/** The person's edit, one command a line, and the sections it leads to, in order. */
const commands = [
	"drop 2",
	"move 2 1",
	"rename 1 Thinking longer",
	"drop 8",
	"add Open questions",
	"exclude 5",
	"done",
];
const byKey = (key: string) =>
	developments.find((item) => item.key === key) as (typeof developments)[number];
const expected = [
	{ title: "Thinking longer", fact: byKey("reasoning").fact, source: 3 },
	...[
		"openweights",
		"toolcalling",
		"inference",
		"contextwindows",
		"multimodal",
		"evaluation",
		"retrieval",
	].map((key) => ({
		title: byKey(key).title,
		fact: byKey(key).fact,
		source: developments.indexOf(byKey(key)) + 1,
	})),
	{ title: "Open questions", fact: byKey("openweights").fact, source: 1 },
];

/** The research script with sections answered by title, whatever their number. */
function reviewScript(): string {
	const research = researchReplies({ grounded: true }).filter(
		(reply) => reply.match === "Survey" || reply.match === "Frame a report",
	);
	const framing = research.filter((reply) => reply.match === "Frame a report");
	const sections = expected.map((section) => ({
		match: `: "${section.title}".`,
		// The section whose source was left out has no passages: it cites nothing.
		text:
			section.source === 5
				? "Prices per token kept falling."
				: `${section.fact.replace(/\.$/, "")} [${section.source}].`,
	}));
	return JSON.stringify({
		replies: [...framing, ...research.filter((r) => r.match === "Survey"), ...sections],
	});
}

async function workspace() {
	const cwd = await mkdtemp(join(tmpdir(), "crewkit-review-"));
	for (const [path, text] of Object.entries(researchCorpus())) {
		await mkdir(dirname(join(cwd, path)), { recursive: true });
		await writeFile(join(cwd, path), text);
	}
	await writeFile(join(cwd, "script.json"), reviewScript());
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

async function checkReport(cwd: string, file: string) {
	const report = await readFile(join(cwd, file), "utf8");
	const headings = [...report.matchAll(/^## (\d+)\. (.+)$/gm)].map(
		(match) => `${match[1]}. ${match[2]}`,
	);
	assert.deepEqual(
		headings.filter((heading) => !heading.includes("Sources")),
		expected.map((section, index) => `${index + 1}. ${section.title}`),
	);
	assert.doesNotMatch(report, /05-inference/, "the left-out source is not listed");
	assert.doesNotMatch(
		report,
		/Small models on laptops|Rules for model providers/,
		"dropped developments are gone",
	);
	return report;
}

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
