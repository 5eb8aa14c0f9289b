import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { mkdir, mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { openRunStore } from "../src/store/sqlite-store.ts";
import { crewkitBin, runCli } from "./support/run-cli.ts";

const agents = "writer:\n  role: Writer on {topic}\n  goal: Write well\n  backstory: Careful.\n";
const tasks = ["one", "two", "three"]
	.map(
		(name) =>
			`task_${name}:\n  description: Step ${name} on {topic}\n  expected_output: Text ${name}\n  agent: writer\n`,
	)
	.join("\n");
const script = JSON.stringify({
	latencyMs: 400,
	replies: [
		{ match: "Step one", text: "Output one." },
		{ match: "Step two", text: "Output two." },
		{ match: "Step three", text: "Output three, which ends the run." },
	],
});

test("a run killed with SIGKILL in its second task resumes without repeating the first", async () => {
	const cwd = await mkdtemp(join(tmpdir(), "crewkit-resume-"));
	await mkdir(join(cwd, "crew"));
	await writeFile(join(cwd, "crew/agents.yaml"), agents);
	await writeFile(join(cwd, "crew/tasks.yaml"), tasks);
	await writeFile(join(cwd, "script.json"), script);
	const args = [
		"run",
		"--crew",
		"crew",
		"--topic",
		"tides",
		"--model",
		"scripted:script.json",
		"--no-check",
	];

	const child = spawn(process.execPath, [crewkitBin, ...args, "--out", "killed.md"], {
		cwd,
		stdio: ["ignore", "pipe", "pipe"],
	});
	let stderr = "";
	const killed = new Promise<void>((resolve) => {
		child.stderr.on("data", (chunk) => {
			stderr += chunk;
			if (/✔ task_one/.test(stderr) && /▶ task_two/.test(stderr) && !child.killed)
				child.kill("SIGKILL");
		});
		child.on("close", () => resolve());
	});
	await killed;
	const runId = /(run_[a-z0-9_]+)/.exec(stderr)?.[1] ?? "";
	assert.ok(runId, stderr);

	const list = await runCli(["runs"], { cwd });
	assert.match(list.stdout, new RegExp(`${runId}\\s+interrupted`));

	const resumed = await runCli(["resume", runId, "--quiet"], { cwd });
	assert.equal(resumed.code, 0, resumed.stderr);

	const whole = await runCli([...args, "--out", "whole.md", "--quiet"], { cwd });
	assert.equal(whole.code, 0, whole.stderr);
	assert.equal(
		await readFile(join(cwd, "killed.md"), "utf8"),
		await readFile(join(cwd, "whole.md"), "utf8"),
	);

	const store = openRunStore(join(cwd, ".crewkit/runs.db"));
	const calls = store.modelCalls(runId);
	assert.equal(calls.filter((call) => call.task === "task_one").length, 1, "task one ran once");
	assert.equal(calls.at(-1)?.task, "task_three");
	assert.equal(store.getRun(runId)?.status, "completed");
	store.close();

	const show = await runCli(["show", runId], { cwd });
	assert.match(show.stdout, /▶ task_one — writer/);
	assert.match(
		show.stdout,
		/cost unknown \(no price for scripted:/,
		"a scripted model has no price: unknown, not $0",
	);
	const log = await runCli(["log", runId], { cwd });
	assert.match(log.stdout, /#1 task_one · writer · scripted:/);
	const replay = await runCli(
		["replay", runId, "--from", "task_three", "--out", "replayed.md", "--quiet"],
		{ cwd },
	);
	assert.equal(replay.code, 0, replay.stderr);
	assert.equal(
		await readFile(join(cwd, "replayed.md"), "utf8"),
		"Output three, which ends the run.",
	);
});
