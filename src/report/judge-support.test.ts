import assert from "node:assert/strict";
import { mkdir, mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { runCli } from "../../test/support/run-cli.ts";
import { createScriptedModel } from "../models/scripted-model.ts";
import { judgeSupport } from "./judge-support.ts";

const report = [
	"# Tides",
	"An introduction.",
	"## 1. Moon",
	"The moon pulls the sea twice a day [1].",
	"## 2. Sun",
	"The sun adds a pull of its own that is nine times stronger [2].",
	"## Sources",
	"1. Moon note — notes/moon.md — accessed 2026-11-23",
	"2. Sun note — notes/sun.md — accessed 2026-11-23",
].join("\n\n");

const passages = new Map([
	[1, ["The moon's pull raises the sea twice a day."]],
	[2, ["The sun's pull is about half the moon's."]],
]);

test("a judge model's verdicts give the judged support rate", async () => {
	const judge = createScriptedModel({
		replies: [
			{ match: "moon pulls", text: '{"supported": true, "reason": "stated"}' },
			{ match: "nine times", text: '{"supported": false, "reason": "the passage says half"}' },
		],
	});
	const judged = await judgeSupport(report, passages, judge, { sections: 2 });
	assert.equal(judged.judged, 2);
	assert.equal(judged.supported, 1);
	assert.equal(judged.rate, 0.5);
	assert.deepEqual(
		judged.unsupported.map((item) => item.reason),
		["the passage says half"],
	);
	assert.equal(judge.calls[0]?.responseFormat?.type, "json");
	assert.ok(judged.usage.totalTokens > 0);
});

test("crewkit eval --judge adds the judged score; without --sources it says what is needed", async () => {
	const cwd = await mkdtemp(join(tmpdir(), "crewkit-judge-"));
	await mkdir(join(cwd, "notes"));
	await writeFile(join(cwd, "notes/moon.md"), "The moon's pull raises the sea twice a day.\n");
	await writeFile(join(cwd, "notes/sun.md"), "The sun's pull is about half the moon's.\n");
	await writeFile(join(cwd, "report.md"), report);
	await writeFile(
		join(cwd, "judge.json"),
		JSON.stringify([
			{ match: "moon pulls", text: '{"supported": true, "reason": "stated"}' },
			{ match: "nine times", text: '{"supported": false, "reason": "the passage says half"}' },
		]),
	);
	const result = await runCli(
		[
			"eval",
			"report.md",
			"--sources",
			".",
			"--sections",
			"2",
			"--judge",
			"scripted:judge.json",
			"--json",
		],
		{ cwd },
	);
	assert.equal(result.code, 0, result.stderr);
	assert.equal(JSON.parse(result.stdout).judgedSupport.rate, 0.5);
	const missing = await runCli(["eval", "report.md", "--judge", "scripted:judge.json"], { cwd });
	assert.equal(missing.code, 1);
	assert.match(missing.stderr, /--judge needs --sources/);
});
