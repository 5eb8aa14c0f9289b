import assert from "node:assert/strict";
import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { fileURLToPath } from "node:url";
import { runCli } from "./support/run-cli.ts";

const template = fileURLToPath(new URL("../templates/crew-project/", import.meta.url));
const replay = `replay:${join(template, "test/calls.json")}`;
const workspace = () => mkdtemp(join(tmpdir(), "crewkit-test-cmd-"));

test("crewkit test on a replay: two invocations give identical scores", async () => {
	const cwd = await workspace();
	const args = [
		"test",
		template,
		"--trust",
		"-n",
		"2",
		"--model",
		replay,
		"--topic",
		"the Nimbus launch",
	];
	const first = await runCli([...args, "--json"], { cwd });
	const second = await runCli([...args, "--json"], { cwd });
	assert.equal(first.code, 0, first.stderr);
	assert.equal(second.code, 0, second.stderr);
	assert.equal(first.stdout, second.stdout);
	const scores = JSON.parse(first.stdout);
	assert.equal(scores.crew, "briefing");
	assert.equal(scores.runs, 2);
	assert.deepEqual(scores.failures, []);
	assert.deepEqual(
		scores.tasks.map((task: { task: string; kind: string }) => [task.task, task.kind]),
		[
			["find_facts", "text"],
			["write_briefing", "text"],
		],
	);
	const words = scores.tasks[1].metrics.words;
	assert.equal(words.runs.length, 2);
	assert.equal(words.runs[0], words.runs[1]);
	assert.deepEqual([words.mean, words.spread], [words.runs[0], 0]);

	const table = await runCli(args, { cwd });
	assert.equal(table.code, 0, table.stderr);
	assert.match(table.stdout, /^briefing: 2 runs, 2 completed\n/);
	assert.match(
		table.stdout,
		/write_briefing \(brief_writer\) — scored as text\n {2}metric +run 1 +run 2 +mean +spread\n/,
	);
	assert.match(table.stdout, /\n {2}words +\d+ +\d+ +\d+ +0\n/);
	assert.match(table.stderr, /Run 1\/2 done\nRun 2\/2 done/);
});

test("a judge model grades each answer 1 to 10, with mean and spread", async () => {
	const cwd = await workspace();
	const verdicts = [7, 9, 6, 6].map((score) => JSON.stringify({ score, reason: `worth ${score}` }));
	await writeFile(join(cwd, "judge.json"), JSON.stringify(verdicts));
	const result = await runCli(
		[
			"test",
			template,
			"--trust",
			"-n",
			"2",
			"--model",
			replay,
			"--topic",
			"the Nimbus launch",
			"--judge",
			"scripted:judge.json",
			"--json",
		],
		{ cwd },
	);
	assert.equal(result.code, 0, result.stderr);
	const [facts, briefing] = JSON.parse(result.stdout).tasks;
	const judged = facts.metrics["judge (1-10)"];
	assert.deepEqual([judged.runs, judged.mean], [[7, 9], 8]);
	assert.equal(judged.spread, Math.round(Math.SQRT2 * 1e6) / 1e6, "sample standard deviation");
	assert.deepEqual(briefing.metrics["judge (1-10)"], { runs: [6, 6], mean: 6, spread: 0 });
	assert.deepEqual(facts.verdicts[0], { score: 7, reason: "worth 7" });
});

/** A YAML crew whose one task writes a short cited report, answered by the scripted model. */
async function writeReportCrew(cwd: string, replies: string[]): Promise<void> {
	await writeFile(
		join(cwd, "agents.yaml"),
		"writer:\n  role: Writer on {topic}\n  goal: Write\n  backstory: Clear.\n",
	);
	await writeFile(
		join(cwd, "tasks.yaml"),
		"report_task:\n  description: Report on {topic}.\n  expected_output: A report.\n  agent: writer\n",
	);
	await writeFile(join(cwd, "script.json"), JSON.stringify(replies));
}

const report = `# Rivers in spring

Three things happen to rivers in spring.

## 1. Snowmelt raises the water

Melting snow raises rivers by a metre in April [1].

## 2. Fish move upstream

Salmon swim upstream to spawn when the water warms [2].

## 3. Banks flood

Low banks flood in wet years.

## Sources

1. hydrology.md
2. fish.md`;

test("a report is scored by structure, citations and redundancy; a failed run exits 1", async () => {
	const cwd = await workspace();
	await writeReportCrew(cwd, [report]);
	const result = await runCli(
		["test", ".", "-n", "2", "--model", "scripted:script.json", "--topic", "rivers", "--json"],
		{ cwd },
	);
	assert.equal(result.code, 0, result.stderr);
	const [task] = JSON.parse(result.stdout).tasks;
	assert.equal(task.kind, "report");
	assert.deepEqual(task.metrics["structure ok"], { runs: [1, 1], mean: 1, spread: 0 });
	assert.deepEqual(task.metrics.sections.runs, [3, 3]);
	assert.equal(task.metrics["citation coverage"].mean, 0.666667);
	assert.equal(task.metrics["citation validity"].mean, 1);
	assert.ok(task.metrics.redundancy.mean < 0.5);

	const missing = await runCli(
		["test", ".", "-n", "1", "--model", "scripted:nothing.json", "--topic", "rivers"],
		{ cwd },
	);
	assert.equal(missing.code, 1);
	assert.equal(missing.stdout, "", "a configuration error stops before any run");
	assert.equal(
		missing.stderr.match(/Cannot read the scripted model's file/g)?.length,
		1,
		"and is printed once",
	);
});

test("--sections holds a report to a number of sections", async () => {
	const cwd = await workspace();
	await writeReportCrew(cwd, [report]);
	const result = await runCli(
		[
			"test",
			".",
			"-n",
			"1",
			"--model",
			"scripted:script.json",
			"--topic",
			"rivers",
			"--sections",
			"10",
			"--json",
		],
		{ cwd },
	);
	const [task] = JSON.parse(result.stdout).tasks;
	assert.deepEqual(task.metrics["structure ok"].runs, [0]);
});

test("the README's crewkit test line: defaults from crew.ts, the recording beside the crew, each error once", async () => {
	const cwd = await workspace();
	// The template itself, as ./my-crew (a link: crew.ts imports 'crewkit' from this checkout).
	const { symlink } = await import("node:fs/promises");
	await symlink(template, join(cwd, "my-crew"));
	const result = await runCli(
		["test", "./my-crew", "--trust", "-n", "2", "--model", "replay:test/calls.json", "--json"],
		{ cwd },
	);
	assert.equal(result.code, 0, result.stderr);
	assert.deepEqual(JSON.parse(result.stdout).failures, []);
	const other = await runCli(
		[
			"test",
			"./my-crew",
			"--trust",
			"-n",
			"3",
			"--model",
			"replay:test/calls.json",
			"--topic",
			"other",
		],
		{ cwd },
	);
	assert.equal(other.code, 1);
	assert.equal(other.stdout.match(/has no recorded answer/g)?.length, 1, other.stdout);
	assert.match(other.stdout, /Runs 1, 2, 3 failed: .*has no recorded answer/);
	assert.doesNotMatch(other.stderr, /has no recorded answer/);
});
