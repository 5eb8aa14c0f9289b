import assert from "node:assert/strict";
import { cp, mkdir, mkdtemp, readFile, symlink } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { fileURLToPath } from "node:url";
import { runCli } from "./support/run-cli.ts";

const repoRoot = fileURLToPath(new URL("..", import.meta.url));
const template = fileURLToPath(new URL("../templates/crew-project/", import.meta.url));

test("run --crew loads a crewkit project's crew.ts once approved: its custom tool works and the run is stored", async () => {
	const cwd = await mkdtemp(join(tmpdir(), "crewkit-module-"));
	const project = join(cwd, "briefing");
	await cp(template, project, { recursive: true });
	// The project imports "crewkit" and "zod" as an installed project would.
	await mkdir(join(project, "node_modules"));
	await symlink(repoRoot, join(project, "node_modules", "crewkit"));
	await symlink(join(repoRoot, "node_modules", "zod"), join(project, "node_modules", "zod"));
	const result = await runCli(
		[
			"run",
			"--crew",
			"briefing",
			"--input",
			"topic=the Nimbus launch",
			"--model",
			"replay:briefing/test/calls.json",
			"--trust",
		],
		{ cwd },
	);
	assert.equal(result.code, 0, result.stderr);
	assert.match(result.stderr, /⚙ search_notes|search_notes/);
	assert.match(await readFile(join(cwd, "report.md"), "utf8"), /^# Briefing: the Nimbus launch\n/);
	const runs = await runCli(["runs"], { cwd });
	assert.equal(runs.code, 0, runs.stderr);
	assert.match(runs.stdout, /completed/);
});
