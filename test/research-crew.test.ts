import assert from "node:assert/strict";
import { mkdir, mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { test } from "node:test";
import { checkReport } from "../src/report/check-report.ts";
import { evaluateReport } from "../src/report/evaluate-report.ts";
import { parseSourceList } from "../src/report/parse-source-list.ts";
import { plantedSentence, researchCorpus, researchScript } from "./support/research-script.ts";
import { runCli } from "./support/run-cli.ts";

async function corpusWorkspace() {
	const cwd = await mkdtemp(join(tmpdir(), "crewkit-research-"));
	for (const [path, text] of Object.entries(researchCorpus())) {
		await mkdir(dirname(join(cwd, path)), { recursive: true });
		await writeFile(join(cwd, path), text);
	}
	await writeFile(join(cwd, "script.json"), researchScript({ grounded: true }));
	return cwd;
}

test("the research crew grounds every section in local sources and removes a planted unsupported sentence", async () => {
	const cwd = await corpusWorkspace();
	const result = await runCli(
		[
			"run",
			"--topic",
			"AI LLMs",
			"--sources",
			"docs",
			"--no-web",
			"--model",
			"scripted:script.json",
			"--json",
		],
		{ cwd },
	);
	assert.equal(result.code, 0, result.stderr);
	const summary = JSON.parse(result.stdout);
	assert.equal(summary.grounding.grounded, true);
	assert.equal(summary.grounding.sectionsCited, 10);
	assert.equal(summary.grounding.removed, 1);
	assert.deepEqual(
		summary.tasks.map((task: { task: string }) => task.task),
		["research_task", "reporting_task", "verification_task"],
	);

	const report = await readFile(join(cwd, "report.md"), "utf8");
	const check = checkReport(report);
	assert.ok(check.ok, JSON.stringify(check.problems));
	assert.ok(!report.includes("900 billion"), "the planted sentence is gone");
	assert.ok(!report.includes(plantedSentence));
	const sources = parseSourceList(check.sources);
	assert.equal(sources.length, 10);
	assert.match(sources[0]?.target ?? "", /^docs\/01-openweights\.md/);
	assert.match(sources[0]?.accessed ?? "", /^\d{4}-\d{2}-\d{2}$/);

	const evaluation = evaluateReport(report, {
		passages: (number) => {
			const file = sources[number - 1]?.file?.path;
			const text = file ? researchCorpus()[file] : undefined;
			return text ? [text] : [];
		},
	});
	assert.equal(evaluation.citations.sectionCoverage, 1);
	assert.deepEqual(evaluation.citations.unresolved, []);
	assert.deepEqual(evaluation.citations.uncited, []);
	assert.equal(evaluation.support?.rate, 1);

	const second = await runCli(
		[
			"run",
			"--topic",
			"AI LLMs",
			"--sources",
			"docs",
			"--no-web",
			"--model",
			"scripted:script.json",
			"--out",
			"again.md",
			"--quiet",
		],
		{ cwd },
	);
	assert.equal(second.code, 0, second.stderr);
	assert.equal(
		await readFile(join(cwd, "again.md"), "utf8"),
		report,
		"re-running on unchanged sources gives the same report",
	);
});

test("--sources on a folder without documents is a clear error", async () => {
	const cwd = await mkdtemp(join(tmpdir(), "crewkit-research-"));
	await mkdir(join(cwd, "empty"));
	await writeFile(join(cwd, "script.json"), researchScript({ grounded: true }));
	const result = await runCli(
		[
			"run",
			"--topic",
			"AI LLMs",
			"--sources",
			"empty",
			"--no-web",
			"--model",
			"scripted:script.json",
		],
		{ cwd },
	);
	assert.equal(result.code, 1);
	assert.match(result.stderr, /^crewkit: --sources .*no readable documents/);
});
