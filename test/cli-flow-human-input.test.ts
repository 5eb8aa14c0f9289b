import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { fileURLToPath } from "node:url";
import { openRunStore } from "../src/store/sqlite-store.ts";
import { crewkitBin, runCli } from "./support/run-cli.ts";

const flowFile = fileURLToPath(new URL("fixtures/flows/reviewed-flow.ts", import.meta.url));
// The revision's prompt also holds the task's description: its reply comes first.
const script = JSON.stringify([
	{ match: "asks for changes: Mention the moon.", text: "The moon's pull makes the tides." },
	{ match: "Collect facts on tides", text: "Tides follow the moon." },
	{ match: "Outline a note on tides", text: "1. The moon." },
	{ match: "Write the note on tides", text: "Tides move." },
]);
const runArgs = [
	"run",
	"--flow",
	flowFile,
	"--topic",
	"tides",
	"--model",
	"scripted:script.json",
	"--out",
	"note.md",
];

test("a human_input crew in a flow step waits durably: killed while asking, answered, resumed without running ended steps or tasks again", {
	timeout: 120_000,
}, async () => {
	const cwd = await mkdtemp(join(tmpdir(), "crewkit-flow-review-"));
	await writeFile(join(cwd, "script.json"), script);
	// A person at the terminal who does not answer: the process is killed while it asks.
	const child = spawn(process.execPath, [crewkitBin, ...runArgs, "--human", "prompt"], {
		cwd,
		env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "" },
		stdio: ["pipe", "pipe", "pipe"],
	});
	let stderr = "";
	await new Promise<void>((resolve) => {
		child.stderr.on("data", (chunk) => {
			stderr += chunk;
			if (/Review the answer of task 'draft'/.test(stderr) && !child.killed) child.kill("SIGKILL");
		});
		child.on("close", () => resolve());
	});
	assert.match(stderr, /Tides move\./, "the draft was shown for review");
	const runId = /(run_[a-z0-9_]+)/.exec(stderr)?.[1] ?? "";
	assert.ok(runId, stderr);

	const list = await runCli(["answer", runId, "--list"], { cwd });
	assert.equal(list.code, 0, list.stderr);
	assert.match(list.stdout, /write#1\/1:task:draft\/1/, "the question survived the kill");

	// Feedback: the agent revises (one model call), and the run waits on the revision.
	const feedback = await runCli(["answer", runId, "Mention the moon."], { cwd });
	assert.equal(feedback.code, 3, feedback.stderr);
	assert.match(feedback.stderr, /The moon's pull makes the tides\./);
	assert.ok(feedback.stderr.includes(`crewkit answer ${runId} <answer>`), feedback.stderr);
	const runs = await runCli(["runs"], { cwd });
	assert.match(runs.stdout, new RegExp(`${runId}\\s+waiting\\s+reviewed`));

	const accepted = await runCli(["answer", runId, "yes"], { cwd });
	assert.equal(accepted.code, 0, accepted.stderr);
	assert.equal(await readFile(join(cwd, "note.md"), "utf8"), "The moon's pull makes the tides.");

	const store = openRunStore(join(cwd, ".crewkit/runs.db"));
	try {
		assert.equal(store.getRun(runId)?.status, "completed");
		assert.deepEqual(
			store.modelCalls(runId).map((call) => call.task),
			["research", "outline", "draft", "draft"],
			"every model call made once: research, outline and the first draft before the kill, the revision after",
		);
		const events = store.events(runId).map(({ event }) => event);
		assert.ok(events.some((event) => event.type === "step-restore" && event.step === "research"));
		assert.ok(events.some((event) => event.type === "task-restore" && event.task === "outline"));
		assert.deepEqual(
			events.flatMap((event) =>
				event.type === "human-answer" ? [[event.key, event.answer, event.by]] : [],
			),
			[
				["write#1/1:task:draft/1", "Mention the moon.", "person"],
				["write#1/1:task:draft/2", "yes", "person"],
			],
		);
		const asks = events.flatMap((event) => (event.type === "human-ask" ? [event.question] : []));
		assert.ok(asks.every((question) => question.step === "write" && question.task === "draft"));
	} finally {
		store.close();
	}
});
