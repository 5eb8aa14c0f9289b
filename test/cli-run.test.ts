import assert from "node:assert/strict";
import { cp, mkdir, mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { checkReport } from "../src/report/check-report.ts";
import { reportText, researchScript, templateScript } from "./support/research-script.ts";
import { runCli, sharedDir, skipWithoutShared } from "./support/run-cli.ts";

const workspace = () => mkdtemp(join(tmpdir(), "crewkit-cli-"));

test("crewkit run writes a checked report on the scripted model, with exact usage", async () => {
	const cwd = await workspace();
	await writeFile(join(cwd, "script.json"), researchScript({ grounded: false }));
	const result = await runCli(
		[
			"run",
			"--topic",
			"AI LLMs",
			"--model",
			"scripted:script.json",
			"--no-web",
			"--allow-ungrounded",
			"--json",
		],
		{ cwd },
	);
	assert.equal(result.code, 0, result.stderr);
	const summary = JSON.parse(result.stdout);
	const report = await readFile(join(cwd, "report.md"), "utf8");
	assert.ok(checkReport(report).ok, report);
	assert.match(report, /^# AI LLMs in 2026: ten developments\n\n> Ungrounded report/);
	const taskSum = summary.tasks.reduce(
		(sum: number, task: { usage: { totalTokens: number } }) => sum + task.usage.totalTokens,
		0,
	);
	assert.equal(summary.usage.totalTokens, taskSum);
	assert.equal(summary.usage.totalTokens, summary.usage.inputTokens + summary.usage.outputTokens);
	assert.ok(summary.usage.outputTokens > 0);
	assert.equal(summary.grounding.grounded, false);
});

test("an ungrounded report says so and fails the run unless allowed", async () => {
	const cwd = await workspace();
	await writeFile(join(cwd, "script.json"), researchScript({ grounded: false }));
	const result = await runCli(
		["run", "--topic", "AI LLMs", "--model", "scripted:script.json", "--no-web"],
		{ cwd },
	);
	assert.equal(result.code, 1);
	assert.match(result.stderr, /Grounding: 0\/10 sections cite sources/);
	assert.match(result.stderr, /not fully grounded in sources.*--allow-ungrounded/);
	assert.match(await readFile(join(cwd, "report.md"), "utf8"), /Ungrounded report/);
});

/** A two-task YAML crew (list, then report) in the workspace's `crew` folder. */
async function writeTwoTaskCrew(cwd: string): Promise<void> {
	await mkdir(join(cwd, "crew"), { recursive: true });
	await writeFile(
		join(cwd, "crew/agents.yaml"),
		"researcher:\n  role: Researcher of {topic}\n  goal: Find what matters\n  backstory: Careful.\nreporting_analyst:\n  role: Analyst of {topic}\n  goal: Write the report\n  backstory: Clear.\n",
	);
	await writeFile(
		join(cwd, "crew/tasks.yaml"),
		"research_task:\n  description: List developments in {topic} for {current_year}\n  expected_output: Ten items\n  agent: researcher\nreporting_task:\n  description: Write the report\n  expected_output: Markdown with ten numbered sections\n  agent: reporting_analyst\n",
	);
}

test("live progress shows tasks, agents, tokens; a broken report is sent back to the analyst", async () => {
	const cwd = await workspace();
	await writeTwoTaskCrew(cwd);
	const broken = reportText({ sections: 9 });
	await writeFile(
		join(cwd, "script.json"),
		JSON.stringify({ replies: ["list", broken, reportText()] }),
	);
	const result = await runCli(
		["run", "--crew", "crew", "--check", "--topic", "AI LLMs", "--model", "scripted:script.json"],
		{ cwd },
	);
	assert.equal(result.code, 0, result.stderr);
	assert.match(result.stderr, /▶ research_task — researcher/);
	assert.match(result.stderr, /▶ reporting_task — reporting_analyst/);
	assert.match(result.stderr, /↻ retry 1: .*Expected 10 numbered sections/);
	assert.match(result.stderr, /tokens \(\d+ in, \d+ out\)/);
	assert.equal(result.stdout.trim(), join(cwd, "report.md"));
});

test("a report that stays broken is written with a warning and a non-zero exit", async () => {
	const cwd = await workspace();
	await writeTwoTaskCrew(cwd);
	const broken = reportText({ sections: 9 });
	await writeFile(join(cwd, "script.json"), JSON.stringify(["list", broken, broken, broken]));
	const result = await runCli(
		[
			"run",
			"--crew",
			"crew",
			"--check",
			"--topic",
			"AI LLMs",
			"--model",
			"scripted:script.json",
			"--quiet",
		],
		{ cwd },
	);
	assert.equal(result.code, 1);
	assert.match(result.stderr, /fails its structure check \(--no-check skips the check\)/);
	assert.equal(await readFile(join(cwd, "report.md"), "utf8"), broken);
});

test("a recorded run replays byte for byte", async () => {
	const cwd = await workspace();
	await writeFile(join(cwd, "script.json"), researchScript({ grounded: false }));
	const args = [
		"run",
		"--topic",
		"AI LLMs",
		"--year",
		"2026",
		"--quiet",
		"--no-web",
		"--allow-ungrounded",
	];
	const first = await runCli(
		[...args, "--model", "scripted:script.json", "--record", "calls.json", "--out", "a.md"],
		{ cwd },
	);
	assert.equal(first.code, 0, first.stderr);
	const second = await runCli([...args, "--model", "replay:calls.json", "--out", "b.md"], { cwd });
	assert.equal(second.code, 0, second.stderr);
	assert.equal(
		await readFile(join(cwd, "b.md"), "utf8"),
		await readFile(join(cwd, "a.md"), "utf8"),
	);
	const changed = await runCli(
		[
			...args.slice(0, 2),
			"Other",
			...args.slice(3),
			"--model",
			"replay:calls.json",
			"--out",
			"c.md",
		],
		{ cwd },
	);
	assert.equal(changed.code, 1);
	assert.match(changed.stderr, /no recorded answer for this prompt/);
});

test("CrewAI's template crew runs unchanged", { skip: skipWithoutShared }, async () => {
	const cwd = await workspace();
	await cp(join(sharedDir, "fixtures/crewai-template"), join(cwd, "template"), { recursive: true });
	await writeFile(join(cwd, "script.json"), templateScript());
	const result = await runCli(
		[
			"run",
			"--crew",
			"template",
			"--topic",
			"AI LLMs",
			"--model",
			"scripted:script.json",
			"--json",
		],
		{ cwd },
	);
	assert.equal(result.code, 0, result.stderr);
	assert.equal(await readFile(join(cwd, "report.md"), "utf8"), reportText());
	assert.deepEqual(
		JSON.parse(result.stdout).tasks.map((t: { task: string }) => t.task),
		["research_task", "reporting_task"],
	);
});

test("bad input: one clear line and a non-zero exit", async () => {
	const cwd = await workspace();
	await writeFile(join(cwd, "script.json"), researchScript({ grounded: false }));
	const cases: Array<{
		name: string;
		args: string[];
		files?: Record<string, string>;
		expect: RegExp;
	}> = [
		{ name: "unknown model string", args: ["--model", "gpt4"], expect: /Unknown model 'gpt4'/ },
		{ name: "missing model file", args: ["--model", "local:./nope.gguf"], expect: /nope\.gguf/ },
		{
			name: "missing input",
			args: ["--model", "scripted:script.json", "--no-topic"],
			expect: /Missing input 'topic'/,
		},
		{
			name: "unknown agent in a task",
			args: ["--crew", "crew", "--model", "scripted:script.json"],
			files: {
				"crew/agents.yaml": "writer:\n  role: r\n  goal: g\n  backstory: b\n",
				"crew/tasks.yaml": "write:\n  description: d\n  expected_output: e\n  agent: analyst\n",
			},
			expect: /tasks\.yaml:4:\d+: .*'analyst'.*writer/,
		},
		{
			name: "unknown tool",
			args: ["--crew", "crew", "--model", "scripted:script.json"],
			files: {
				"crew/agents.yaml": "writer:\n  role: r\n  goal: g\n  backstory: b\n  tools: [web_magic]\n",
				"crew/tasks.yaml": "write:\n  description: d\n  expected_output: e\n  agent: writer\n",
			},
			expect: /agents\.yaml:1:\d+: .*'web_magic'.*read_file/,
		},
		{
			name: "context cycle",
			args: ["--crew", "crew", "--model", "scripted:script.json"],
			files: {
				"crew/agents.yaml": "writer:\n  role: r\n  goal: g\n  backstory: b\n",
				"crew/tasks.yaml":
					"a:\n  description: d\n  expected_output: e\n  agent: writer\n  context: [b]\nb:\n  description: d\n  expected_output: e\n  agent: writer\n  context: [a]\n",
			},
			expect: /tasks\.yaml:\d+:\d+: /,
		},
		{
			name: "output file outside the workspace",
			args: ["--crew", "crew", "--model", "scripted:script.json"],
			files: {
				"crew/agents.yaml": "writer:\n  role: r\n  goal: g\n  backstory: b\n",
				"crew/tasks.yaml":
					"write:\n  description: d\n  expected_output: e\n  agent: writer\n  output_file: ../../escape.md\n",
			},
			expect: /tasks\.yaml:1:\d+: .*outside the workspace/,
		},
		{
			name: "unwritable output path",
			args: ["--model", "scripted:script.json", "--out", "script.json/report.md"],
			expect: /Cannot write .*script\.json. is a file/,
		},
		{
			name: "malformed YAML",
			args: ["--crew", "crew", "--model", "scripted:script.json"],
			files: {
				"crew/agents.yaml": "writer:\n  role: [unclosed\n  goal: g\n",
				"crew/tasks.yaml": "write:\n  description: d\n  expected_output: e\n  agent: writer\n",
			},
			expect: /agents\.yaml:\d+:\d+/,
		},
	];
	for (const item of cases) {
		const directory = await mkdtemp(join(cwd, "case-"));
		await writeFile(join(directory, "script.json"), researchScript({ grounded: false }));
		for (const [path, text] of Object.entries(item.files ?? {})) {
			await mkdir(join(directory, path, ".."), { recursive: true });
			await writeFile(join(directory, path), text);
		}
		const topic = item.args.includes("--no-topic") ? [] : ["--topic", "AI LLMs"];
		const args = ["run", ...topic, ...item.args.filter((arg) => arg !== "--no-topic")];
		const result = await runCli(args, { cwd: directory });
		assert.equal(result.code, 1, `${item.name}: ${result.stderr}`);
		const lines = result.stderr.trim().split("\n");
		assert.equal(lines.length, 1, `${item.name}: one line, got ${result.stderr}`);
		assert.match(lines[0] ?? "", /^crewkit: /, item.name);
		assert.match(lines[0] ?? "", item.expect, item.name);
	}
});

test("crewkit check passes the reference reports and explains a broken one", {
	skip: skipWithoutShared,
}, async () => {
	const cwd = await workspace();
	for (const name of ["report-a.md", "report-b.md", "report-c.md"]) {
		const result = await runCli(["check", join(sharedDir, "fixtures/reference-reports", name)], {
			cwd,
		});
		assert.equal(result.code, 0, result.stdout);
	}
	await writeFile(join(cwd, "broken.md"), "# Title\n\n```\ncode\n```\n\n## 1. One\n\ntext\n");
	const result = await runCli(["check", "broken.md"], { cwd });
	assert.equal(result.code, 1);
	assert.match(result.stdout, /line 3: .*[Cc]ode fence/);
});

test("help lists the commands; unknown commands fail clearly", async () => {
	const cwd = await workspace();
	const help = await runCli(["--help"], { cwd });
	assert.equal(help.code, 0);
	assert.match(help.stdout, /run\s+Run a crew/);
	const runHelp = await runCli(["run", "--help"], { cwd });
	assert.match(runHelp.stdout, /--topic/);
	const unknown = await runCli(["fly"], { cwd });
	assert.equal(unknown.code, 2);
	assert.match(unknown.stderr, /unknown command 'fly'/);
});

test("secrets never reach the terminal: errors are redacted", async () => {
	const cwd = await workspace();
	// A key-shaped string, and the value of a secret-named variable that has no key's shape.
	for (const [secret, env] of [
		["sk-proj-abcdefghijklmnopqrstuvwxyz012345", { MY_SERVICE_TOKEN: "hunter2-hunter2" }],
		["orchard-lantern-4417", { MY_SERVICE_TOKEN: "orchard-lantern-4417" }],
	] as const) {
		const result = await runCli(["run", "--topic", "x", "--model", `scripted:${secret}.json`], {
			cwd,
			env,
		});
		assert.equal(result.code, 1);
		assert.ok(!result.stderr.includes(secret), result.stderr);
		assert.match(result.stderr, /file .*\/\[redacted\]\.json/);
	}
});

test("with nothing configured and no network, the embedded default fails at once and says what to do", async () => {
	const cwd = await workspace();
	const result = await runCli(["run", "--topic", "AI LLMs"], {
		cwd,
		env: { CREWKIT_CACHE_DIR: join(cwd, "cache"), HF_ENDPOINT: "http://127.0.0.1:9" },
	});
	assert.equal(result.code, 1);
	// The model chosen for the machine, then one line of error: no stack trace.
	const lines = result.stderr.trim().split("\n");
	assert.equal(lines.length, 2, result.stderr);
	assert.match(lines[0] ?? "", /^Model: local:default is qwen2\.5-/);
	assert.match(lines[1] ?? "", /could not be downloaded/);
	assert.match(lines[1] ?? "", /--model local:\/path\/to\/model\.gguf/);
	assert.match(lines[1] ?? "", /--model ollama:/);
});
