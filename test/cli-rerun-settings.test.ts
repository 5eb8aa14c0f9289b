import assert from "node:assert/strict";
import { mkdir, mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { openRunStore } from "../src/store/sqlite-store.ts";
import { runCli } from "./support/run-cli.ts";

const agents = "writer:\n  role: Writer on {topic}\n  goal: Write well\n  backstory: Careful.\n";
const tasks = ["one", "two"]
	.map(
		(name) =>
			`task_${name}:\n  description: Step ${name} on {topic}\n  expected_output: Text ${name}\n  agent: writer\n`,
	)
	.join("\n");
const replies = (...names: string[]) =>
	JSON.stringify({
		replies: names.map((name) => ({ match: `Step ${name}`, text: `Output ${name}.` })),
	});

/** The context each of the run's model calls was sized for, and the run's kept settings. */
function settingsOf(cwd: string, runId: string) {
	const store = openRunStore(join(cwd, ".crewkit/runs.db"));
	try {
		const definition = store.getRun(runId)?.definition as { modelSettings?: unknown };
		return {
			contexts: store.modelCalls(runId).map((call) => [call.task, call.window?.contextSize]),
			modelSettings: definition.modelSettings,
		};
	} finally {
		store.close();
	}
}

test("resume and replay keep the run's --context and --threads unless given others", async () => {
	const cwd = await mkdtemp(join(tmpdir(), "crewkit-rerun-settings-"));
	await mkdir(join(cwd, "crew"));
	await writeFile(join(cwd, "crew/agents.yaml"), agents);
	await writeFile(join(cwd, "crew/tasks.yaml"), tasks);
	// The script answers task one only: the run fails in task two.
	await writeFile(join(cwd, "script.json"), replies("one"));
	const run = await runCli(
		[
			"run",
			"--crew",
			"crew",
			"--topic",
			"tides",
			"--model",
			"scripted:script.json",
			"--no-check",
			"--context",
			"3000",
			"--threads",
			"1",
			"--json",
		],
		{ cwd },
	);
	assert.notEqual(run.code, 0, "task two has no scripted answer");
	const store = openRunStore(join(cwd, ".crewkit/runs.db"));
	const runId = store.listRuns()[0]?.id ?? "";
	store.close();
	assert.ok(runId, run.stderr);
	assert.deepEqual(settingsOf(cwd, runId).modelSettings, { threads: 1, contextSize: 3000 });

	await writeFile(join(cwd, "script.json"), replies("two"));
	const resumed = await runCli(["resume", runId, "--quiet"], { cwd });
	assert.equal(resumed.code, 0, resumed.stderr);
	assert.deepEqual(settingsOf(cwd, runId).contexts, [
		["task_one", 3000],
		["task_two", 3000],
	]);

	await writeFile(join(cwd, "script.json"), replies("two", "two"));
	const replayed = await runCli(["replay", runId, "--from", "task_two", "--json"], { cwd });
	assert.equal(replayed.code, 0, replayed.stderr);
	const replayId = (JSON.parse(replayed.stdout) as { runId: string }).runId;
	assert.deepEqual(settingsOf(cwd, replayId), {
		contexts: [["task_two", 3000]],
		modelSettings: { threads: 1, contextSize: 3000 },
	});

	const widened = await runCli(
		["replay", runId, "--from", "task_two", "--context", "5000", "--json"],
		{ cwd },
	);
	assert.equal(widened.code, 0, widened.stderr);
	const widenedId = (JSON.parse(widened.stdout) as { runId: string }).runId;
	assert.deepEqual(settingsOf(cwd, widenedId), {
		contexts: [["task_two", 5000]],
		modelSettings: { threads: 1, contextSize: 5000 },
	});
});

test("--strategy on a resume or replay applies to the research crew only", async () => {
	const cwd = await mkdtemp(join(tmpdir(), "crewkit-rerun-strategy-"));
	await mkdir(join(cwd, "crew"));
	await writeFile(join(cwd, "crew/agents.yaml"), agents);
	await writeFile(join(cwd, "crew/tasks.yaml"), tasks);
	await writeFile(join(cwd, "script.json"), replies("one", "two"));
	const run = await runCli(
		["run", "--crew", "crew", "--topic", "tides", "--model", "scripted:script.json", "--json"],
		{ cwd },
	);
	assert.equal(run.code, 0, run.stderr);
	const runId = (JSON.parse(run.stdout) as { runId: string }).runId;
	assert.equal(settingsOf(cwd, runId).modelSettings, undefined, "nothing chosen, nothing kept");
	const replay = await runCli(["replay", runId, "--from", "task_two", "--strategy", "agent"], {
		cwd,
	});
	assert.notEqual(replay.code, 0);
	assert.match(replay.stderr, /--strategy applies to runs of the research crew only/);
});
