import assert from "node:assert/strict";
import { mkdir, mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { openRunStore } from "../src/store/sqlite-store.ts";
import { runCli } from "./support/run-cli.ts";

const agents = "writer:\n  role: Writer on {topic}\n  goal: Write well\n  backstory: Careful.\n";
const tasks =
	"summary_task:\n  description: Summarise {topic} in one sentence.\n  expected_output: One sentence\n  agent: writer\n  human_input: true\n";
// The revision's prompt also holds the task's description: its reply comes first.
const script = JSON.stringify([
	{ match: "asks for changes: Mention the moon.", text: "The moon's pull makes the tides." },
	{ match: "Summarise tides", text: "Tides move." },
]);

async function workspace() {
	const cwd = await mkdtemp(join(tmpdir(), "crewkit-human-"));
	await mkdir(join(cwd, "crew"));
	await writeFile(join(cwd, "crew/agents.yaml"), agents);
	await writeFile(join(cwd, "crew/tasks.yaml"), tasks);
	await writeFile(join(cwd, "script.json"), script);
	return cwd;
}

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

test("human_input: a person's feedback from stdin is revised in until they accept", async () => {
	const cwd = await workspace();
	const result = await runCli([...args, "--human", "prompt"], {
		cwd,
		input: "Mention the moon.\n\n",
	});
	assert.equal(result.code, 0, result.stderr);
	assert.match(result.stderr, /Tides move\.[\s\S]*Review the answer of task 'summary_task'/);
	assert.equal(await readFile(join(cwd, "report.md"), "utf8"), "The moon's pull makes the tides.");
	const runId = /(run_[a-z0-9_]+)/.exec(result.stderr)?.[1] ?? "";
	const store = openRunStore(join(cwd, ".crewkit/runs.db"));
	assert.equal(store.modelCalls(runId).length, 2);
	const answers = store
		.events(runId)
		.flatMap(({ event }) => (event.type === "human-answer" ? [event.answer] : []));
	assert.deepEqual(answers, ["Mention the moon.", ""]);
	store.close();
});

test("human_input without a terminal waits; crewkit answer gives feedback, then accepts", async () => {
	const cwd = await workspace();
	const first = await runCli(args, { cwd });
	assert.equal(first.code, 3, first.stderr);
	const runId = /(run_[a-z0-9_]+)/.exec(first.stderr)?.[1] ?? "";
	const list = await runCli(["answer", runId, "--list"], { cwd });
	assert.match(list.stdout, /task:summary_task\/1[\s\S]*Tides move\./);

	const feedback = await runCli(["answer", runId, "Mention", "the", "moon."], { cwd });
	assert.equal(feedback.code, 3, feedback.stderr);
	assert.match(feedback.stderr, /The moon's pull makes the tides\./);
	const accepted = await runCli(["answer", runId, "yes"], { cwd });
	assert.equal(accepted.code, 0, accepted.stderr);
	assert.equal(await readFile(join(cwd, "report.md"), "utf8"), "The moon's pull makes the tides.");
	const store = openRunStore(join(cwd, ".crewkit/runs.db"));
	assert.equal(store.modelCalls(runId).length, 2, "the first draft was not written again");
	assert.equal(store.getRun(runId)?.status, "completed");
	store.close();
});
