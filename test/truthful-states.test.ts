import assert from "node:assert/strict";
import { mkdir, mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { developments, researchReplies } from "./support/research-script.ts";
import { runCli } from "./support/run-cli.ts";

/**
 * Each state a user was misled by, shown truthfully: a run that ends ungrounded (and why),
 * a failed call, a cost nobody knows.
 */

const workspace = () => mkdtemp(join(tmpdir(), "crewkit-truth-"));

async function runJson(cwd: string, args: string[]) {
	const result = await runCli(args, { cwd });
	assert.equal(result.code, 0, result.stderr);
	return JSON.parse(result.stdout);
}

test("--sources given but nothing matched: the banner, the warning and the run's status say so", async () => {
	const cwd = await workspace();
	await mkdir(join(cwd, "docs"));
	await writeFile(join(cwd, "docs/tides.md"), "# Tide pools\n\nAnemones live in tide pools.\n");
	await writeFile(
		join(cwd, "script.json"),
		JSON.stringify({
			replies: [
				// The model's search queries, which find nothing in docs/.
				{ match: "search queries", text: JSON.stringify({ queries: ["quantum chips"] }) },
				...researchReplies({ grounded: false }),
			],
		}),
	);
	const result = await runCli(
		[
			"run",
			"--topic",
			"AI LLMs",
			"--model",
			"scripted:script.json",
			"--sources",
			"docs",
			"--no-web",
		],
		{ cwd },
	);
	assert.equal(result.code, 1);
	const report = await readFile(join(cwd, "report.md"), "utf8");
	assert.match(report, /> Ungrounded report: --sources was given, but no passage in it matched/);
	assert.doesNotMatch(report, /no --sources/, "the banner does not claim there were no --sources");
	assert.match(result.stderr, /not fully grounded in sources: --sources was given, but no passage/);
	assert.doesNotMatch(
		result.stderr,
		/Add --sources/,
		"it does not tell the user to add what they gave",
	);
	assert.match(result.stderr, /⚠ run ungrounded in [\d.]+s/);
	assert.doesNotMatch(result.stderr, /✔ run completed/, "no tick before an exit 1");

	const [run] = await runJson(cwd, ["runs", "--json"]);
	assert.equal(run.status, "ungrounded");
	assert.match(run.error, /--sources was given, but no passage/);
	const list = await runCli(["runs"], { cwd });
	assert.match(list.stdout, /ungrounded\s+research\s+scripted:script\.json/);
	const show = await runCli(["show", "latest"], { cwd });
	assert.match(show.stdout, /· research · ungrounded/);
	assert.match(show.stdout, /ungrounded: --sources was given/);
});

test("no network and no --sources: the reason names both, and --allow-ungrounded exits 0 but keeps the status", async () => {
	const cwd = await workspace();
	await writeFile(
		join(cwd, "script.json"),
		JSON.stringify({ replies: researchReplies({ grounded: false }) }),
	);
	const result = await runCli(
		[
			"run",
			"--topic",
			"AI LLMs",
			"--model",
			"scripted:script.json",
			"--no-web",
			"--allow-ungrounded",
		],
		{ cwd },
	);
	assert.equal(result.code, 0, result.stderr);
	assert.match(
		await readFile(join(cwd, "report.md"), "utf8"),
		/> Ungrounded report: no network access and no --sources/,
	);
	const [run] = await runJson(cwd, ["runs", "--json"]);
	assert.equal(run.status, "ungrounded");
});

test("verification removed too much: the run is ungrounded with the count of what was removed", async () => {
	const cwd = await workspace();
	const { researchCorpus } = await import("./support/research-script.ts");
	for (const [path, text] of Object.entries(researchCorpus())) {
		await mkdir(join(cwd, "docs"), { recursive: true });
		await writeFile(join(cwd, path), text);
	}
	// Section 3's only sentence is unsupported by its source: the verifier removes it.
	const replies = researchReplies({ grounded: true }).map((reply) =>
		reply.match === "Write section 3 of 10"
			? { ...reply, text: "It was trained on 900 billion tokens by Zeta Labs [3]." }
			: reply,
	);
	replies.push({ match: "900 billion", text: "REMOVE" });
	await writeFile(join(cwd, "script.json"), JSON.stringify({ replies }));
	const result = await runCli(
		[
			"run",
			"--topic",
			"AI LLMs",
			"--model",
			"scripted:script.json",
			"--sources",
			"docs",
			"--no-web",
		],
		{ cwd },
	);
	assert.equal(result.code, 1, result.stderr);
	assert.match(
		result.stderr,
		/not fully grounded in sources: verification removed 2 of 11 cited sentences as unsupported; 1 of 10 sections cite no source/,
	);
	const [run] = await runJson(cwd, ["runs", "--json", "--status", "ungrounded"]);
	assert.match(run.error, /verification removed 2 of 11/);
	assert.equal(developments.length, 10);
});

test("a run whose only model call failed shows that call in log and show", async () => {
	const cwd = await workspace();
	await mkdir(join(cwd, "crew"));
	await writeFile(
		join(cwd, "crew/agents.yaml"),
		"writer:\n  role: Writer on {topic}\n  goal: Write\n  backstory: Careful.\n",
	);
	await writeFile(
		join(cwd, "crew/tasks.yaml"),
		"draft:\n  description: Draft a note on {topic}\n  expected_output: A note\n  agent: writer\n",
	);
	await writeFile(join(cwd, "script.json"), JSON.stringify({ replies: [] }));
	const result = await runCli(
		["run", "--crew", "crew", "--topic", "tides", "--model", "scripted:script.json", "--no-check"],
		{ cwd },
	);
	assert.equal(result.code, 1);
	assert.match(result.stderr, /✗ run failed/);
	const log = await runCli(["log", "latest"], { cwd });
	assert.equal(log.code, 0, log.stderr);
	assert.match(
		log.stdout,
		/✗ draft · writer · scripted:\S*script\.json · failed after 1 attempt\(s\)/,
	);
	assert.match(log.stdout, /no reply left/);
	const show = await runCli(["show", "latest"], { cwd });
	assert.match(show.stdout, /0 model call\(s\), 1 failed · cost unknown/);
	assert.match(show.stdout, /✗ draft — writer · scripted:\S*script\.json · failed after 1 attempt/);
	assert.match(show.stdout, /writer\s+0\s+1\s+0\s+0/, "the agent table counts the failed call");
	const json = JSON.parse((await runCli(["log", "latest", "--json"], { cwd })).stdout);
	assert.equal(json.failedModelCalls.length, 1);
});
