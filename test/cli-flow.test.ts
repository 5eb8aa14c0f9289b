import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { fileURLToPath } from "node:url";
import { openRunStore } from "../src/store/sqlite-store.ts";
import { crewkitBin, runCli } from "./support/run-cli.ts";

const flowFile = fileURLToPath(new URL("fixtures/flows/gated-flow.ts", import.meta.url));
const script = JSON.stringify([
	{ match: "Draft a sentence on tides", text: "Tides rise." },
	{ match: "Polish this sentence: Tides rise.", text: "Tides rise twice a day." },
]);

async function workspace() {
	const cwd = await mkdtemp(join(tmpdir(), "crewkit-flow-"));
	await writeFile(join(cwd, "script.json"), script);
	return cwd;
}

const runArgs = ["run", "--flow", flowFile, "--topic", "tides", "--model", "scripted:script.json"];

test("a flow killed with SIGKILL mid-step resumes without running its ended steps again", async () => {
	const cwd = await workspace();
	const gate = join(cwd, "gate");
	const child = spawn(process.execPath, [crewkitBin, ...runArgs, "--out", "out.md"], {
		cwd,
		env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "", FLOW_GATE: gate },
		stdio: ["ignore", "pipe", "pipe"],
	});
	let stderr = "";
	await new Promise<void>((resolve) => {
		child.stderr.on("data", (chunk) => {
			stderr += chunk;
			if (/✔ step draft/.test(stderr) && /▶ step gate/.test(stderr) && !child.killed)
				child.kill("SIGKILL");
		});
		child.on("close", () => resolve());
	});
	const runId = /(run_[a-z0-9_]+)/.exec(stderr)?.[1] ?? "";
	assert.ok(runId, stderr);
	const list = await runCli(["runs"], { cwd });
	assert.match(list.stdout, new RegExp(`${runId}\\s+interrupted\\s+gated`));

	await writeFile(gate, "open");
	const resumed = await runCli(["resume", runId], { cwd, env: { FLOW_GATE: gate } });
	assert.equal(resumed.code, 0, resumed.stderr);
	assert.match(resumed.stderr, /↺ step draft restored/);
	assert.equal(await readFile(join(cwd, "out.md"), "utf8"), "Tides rise twice a day.");

	const store = openRunStore(join(cwd, ".crewkit/runs.db"));
	const calls = store.modelCalls(runId);
	assert.deepEqual(
		calls.map((call) => call.task),
		["draft", "polish"],
		"the draft's model call was made once, before the kill",
	);
	assert.equal(store.getRun(runId)?.status, "completed");
	store.close();

	const show = await runCli(["show", runId], { cwd });
	assert.equal(show.code, 0, show.stderr);
	assert.match(
		show.stdout,
		/◆ draft · restored\n {2}◆ gate · completed\n {2}◆ polish · completed\n {2}◆ approve · completed/,
	);
	assert.match(
		show.stdout,
		/state: \{"topic":"tides","text":"Tides rise twice a day\.","approved":false,"ask":false,"timeoutMs":0\}/,
	);
	const log = await runCli(["log", runId], { cwd });
	assert.match(log.stdout, /#2 polish · writer[^\n]*\n {2}Tides rise twice a day\./);

	const replay = await runCli(["replay", runId, "--from", "polish", "--quiet"], { cwd });
	assert.equal(replay.code, 0, replay.stderr);
});

test("a flow waiting for a person survives the process and completes after crewkit answer", async () => {
	const cwd = await workspace();
	const first = await runCli([...runArgs, "--out", "out.md"], { cwd, env: { ASK: "1" } });
	assert.equal(first.code, 3, first.stderr);
	const runId = /(run_[a-z0-9_]+)/.exec(first.stderr)?.[1] ?? "";
	assert.match(first.stderr, /Publish "Tides rise twice a day\."\?/);
	assert.match(first.stderr, new RegExp(`crewkit answer ${runId}`));
	const list = await runCli(["runs"], { cwd });
	assert.match(list.stdout, new RegExp(`${runId}\\s+waiting`));

	const wrong = await runCli(["answer", runId, "perhaps"], { cwd, env: { ASK: "1" } });
	assert.equal(wrong.code, 1);
	assert.match(wrong.stderr, /takes yes or no/);

	const answered = await runCli(["answer", runId, "yes"], { cwd, env: { ASK: "1" } });
	assert.equal(answered.code, 0, answered.stderr);
	assert.equal(await readFile(join(cwd, "out.md"), "utf8"), "Tides rise twice a day.");
	const store = openRunStore(join(cwd, ".crewkit/runs.db"));
	assert.equal(store.getRun(runId)?.status, "completed");
	assert.equal(store.modelCalls(runId).length, 2, "no step before the question ran twice");
	store.close();

	// Answered on the spot from stdin: the same flow, one process.
	const inline = await runCli([...runArgs, "--out", "inline.md", "--human", "prompt"], {
		cwd,
		env: { ASK: "1" },
		input: "maybe\nno\n",
	});
	assert.equal(inline.code, 0, inline.stderr);
	assert.match(inline.stderr, /takes yes or no/);
	assert.equal(await readFile(join(cwd, "inline.md"), "utf8"), "not published");
});

test("crewkit flow plot writes Mermaid and HTML", async () => {
	const cwd = await workspace();
	const mermaid = await runCli(["flow", "plot", flowFile, "--mermaid"], { cwd });
	assert.equal(mermaid.code, 0, mermaid.stderr);
	assert.match(mermaid.stdout, /^flowchart TD\n/);
	assert.match(mermaid.stdout, /s_draft --> s_gate/);
	const html = await runCli(["flow", "plot", flowFile], { cwd });
	assert.equal(html.code, 0, html.stderr);
	const page = await readFile(join(cwd, "gated.html"), "utf8");
	assert.match(page, /<svg[^>]+class="flow-graph"/);
	assert.doesNotMatch(page, /<script/);
});
