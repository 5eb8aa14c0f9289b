import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { cp, mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { fileURLToPath } from "node:url";
import { runCli } from "./support/run-cli.ts";

const fixtures = fileURLToPath(new URL("fixtures/crewai-projects/", import.meta.url));

/** A fresh workspace holding a copy of a fixture project and a model script. */
async function workspace(project: string, replies: unknown[]): Promise<string> {
	const cwd = await mkdtemp(join(tmpdir(), "crewkit-crewai-"));
	await cp(join(fixtures, project), join(cwd, project), { recursive: true });
	await writeFile(join(cwd, "script.json"), JSON.stringify({ replies }));
	return cwd;
}

/** The lines of the run's warning block, without the heading. */
function warningLines(stderr: string): string[] {
	const block =
		/crewkit: warning: \d+ parts? of this crew (?:is|are) not applied:\n((?: {2}- .*\n)+)/.exec(
			stderr,
		);
	return block?.[1]?.trimEnd().split("\n") ?? [];
}

const ranking = {
	items: [{ headline: "Panels get cheaper", summary: "Prices fell." }],
	reason: "It is the biggest change.",
};

for (const layout of ["", "src/news_digest", "src/news_digest/config"]) {
	test(`a CrewAI project run from ${layout || "its root"}: crew.py wires the tasks, never runs`, async () => {
		const cwd = await workspace("news_digest", [
			"five items",
			JSON.stringify(ranking),
			"# Solar digest\n\nPanels got cheaper.",
		]);
		const result = await runCli(
			[
				"run",
				"--crew",
				join("news_digest", layout),
				"--input",
				"topic=solar",
				"--model",
				"scripted:script.json",
			],
			{ cwd },
		);
		assert.equal(result.code, 0, result.stderr);
		assert.match(result.stderr, /▶ find_news — scout/);
		assert.match(result.stderr, /▶ rank_news — editor/);
		// Each task's output_file is written as declared, placeholders filled; the final one is the report.
		assert.deepEqual(
			JSON.parse(await readFile(join(cwd, "out/ranking-solar.json"), "utf8")),
			ranking,
		);
		assert.equal(
			await readFile(join(cwd, "out/solar-digest.md"), "utf8"),
			"# Solar digest\n\nPanels got cheaper.",
		);
		assert.equal(result.stdout.trim(), join(cwd, "out/solar-digest.md"));
		assert.ok(
			!existsSync(join(cwd, "report.md")),
			"no --out given: the final task's own file only",
		);
		assert.ok(!existsSync(join(cwd, "crew-py-was-run.txt")), "crew.py is read, never executed");
		assert.ok(!existsSync(join(cwd, "news_digest", layout, "crew-py-was-run.txt")));
		assert.deepEqual(warningLines(result.stderr), [
			"  - task 'rank_news': callbacks (news_digest/src/news_digest/config/tasks.yaml:11:3): ignored: follow the run's events instead (crewkit log, the dashboard)",
			"  - agent 'scout': tool PaywallCheckTool (news_digest/src/news_digest/crew.py:27): not a crewai_tools class crewkit maps: the agent works without it",
			"  - @before_kickoff add_date (news_digest/src/news_digest/crew.py:18): Python code crewkit does not run: ignored",
		]);
	});
}

test("a Pydantic output is asked for as JSON and checked against the class's fields", async () => {
	const cwd = await workspace("news_digest", [
		"five items",
		JSON.stringify({ items: "not a list" }),
		JSON.stringify(ranking),
		"# Digest",
	]);
	const result = await runCli(
		[
			"run",
			"--crew",
			"news_digest",
			"--input",
			"topic=solar",
			"--model",
			"scripted:script.json",
			"--out",
			"final.md",
		],
		{ cwd },
	);
	assert.equal(result.code, 0, result.stderr);
	assert.deepEqual(
		JSON.parse(await readFile(join(cwd, "out/ranking-solar.json"), "utf8")),
		ranking,
	);
	// --out receives the final answer as well as the task's own output_file.
	assert.equal(await readFile(join(cwd, "final.md"), "utf8"), "# Digest");
	assert.equal(await readFile(join(cwd, "out/solar-digest.md"), "utf8"), "# Digest");
});

test("a single-file crew script: agents, tasks and crew read from module-level calls", async () => {
	const plans = {
		plans: [
			{ task: "gather", plan: "Walk the old town." },
			{ task: "plan", plan: "One area a day." },
		],
	};
	const cwd = await workspace("trip_planner", [
		JSON.stringify(plans),
		"Castle\nTram 28\nBelém",
		"# Day 1\nCastle",
	]);
	const result = await runCli(
		[
			"run",
			"--crew",
			"trip_planner/crew.py",
			"--input",
			"city=Lisbon",
			"--input",
			"days=3",
			"--model",
			"scripted:script.json",
		],
		{ cwd },
	);
	assert.equal(result.code, 0, result.stderr);
	// Hierarchical: the manager does each task (scripted and replayed models replace every llm=).
	assert.match(result.stderr, /▶ gather — manager/);
	assert.equal(await readFile(join(cwd, "plans/Lisbon.md"), "utf8"), "# Day 1\nCastle");
	assert.deepEqual(warningLines(result.stderr), [
		"  - agent 'planner': reasoning=True (trip_planner/crew.py:30): no reasoning step yet: the agent answers directly",
		"  - task 'plan': ConditionalTask condition=has_enough_sights (trip_planner/crew.py:39): the condition is Python code crewkit does not run: the task always runs (give a condition in crew.ts)",
		"  - crew: step_callback=lambda step: print(step) (trip_planner/crew.py:54): ignored: follow the run's events instead (crewkit log, the dashboard)",
	]);
});

test("CrewAI's JSON crew (crew.jsonc + agents/): default inputs, guardrail, tools by class name", async () => {
	const cwd = await workspace("market_brief", [
		"1. 12 bn [a]\n2. 9 % [b]\n3. 40 firms [c]",
		"# Heat pumps\n\n12 bn (source a).",
		JSON.stringify({ ok: true, reason: "cites" }),
	]);
	const result = await runCli(
		["run", "--crew", "market_brief", "--model", "scripted:script.json"],
		{
			cwd,
		},
	);
	assert.equal(result.code, 0, result.stderr);
	assert.equal(
		await readFile(join(cwd, "briefs/heat pumps.md"), "utf8"),
		"# Heat pumps\n\n12 bn (source a).",
	);
	assert.deepEqual(warningLines(result.stderr), [
		"  - agent 'analyst': tool custom:price_index (market_brief/agents/analyst.jsonc): a Python tool crewkit cannot run: the agent works without it (write it as a crewkit tool in crew.ts)",
		"  - crew: before_kickoff_callbacks (market_brief/crew.jsonc): ignored",
	]);
});
