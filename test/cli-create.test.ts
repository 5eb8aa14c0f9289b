import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { mkdtemp, readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { fileURLToPath } from "node:url";
import { type CliResult, runCli } from "./support/run-cli.ts";

const repoRoot = fileURLToPath(new URL("..", import.meta.url)).replace(/\/$/, "");

/** Runs npm (whichever the machine has: it need not run on Node 24) in `cwd`. */
function npm(args: string[], cwd: string): Promise<CliResult> {
	return new Promise((resolve, reject) => {
		// Without NODE_TEST_CONTEXT, the project's `node --test` reports as a run of its own.
		const { NODE_TEST_CONTEXT: _nested, ...rest } = process.env;
		// The project links this checkout, whose "crewkit" export means dist/ unless the
		// crewkit-source condition picks the TypeScript sources (no build needed).
		const env = { ...rest, NODE_OPTIONS: "--conditions=crewkit-source" };
		const child = spawn("npm", args, { cwd, env, stdio: ["ignore", "pipe", "pipe"] });
		let stdout = "";
		let stderr = "";
		child.stdout.on("data", (chunk) => (stdout += chunk));
		child.stderr.on("data", (chunk) => (stderr += chunk));
		child.on("error", reject);
		child.on("close", (code) => resolve({ code, stdout, stderr }));
	});
}

test("crewkit create makes a project whose own npm test passes", async () => {
	const cwd = await mkdtemp(join(tmpdir(), "crewkit-create-"));
	const created = await runCli(["create", "demo"], { cwd });
	assert.equal(created.code, 0, created.stderr);
	assert.match(created.stdout, /Created .*demo\n/);
	assert.match(created.stdout, new RegExp(`crewkit: file:${repoRoot}\\n`));
	const project = join(cwd, "demo");
	const manifest = JSON.parse(await readFile(join(project, "package.json"), "utf8"));
	assert.equal(manifest.dependencies.crewkit, `file:${repoRoot}`, "a checkout is linked");
	assert.equal(manifest.devDependencies.node, "24.21.0");
	assert.match(await readFile(join(project, "README.md"), "utf8"), /^# demo\n/);

	// The registry is reachable, but the packages are normally in npm's cache already.
	const install = await npm(["install", "--prefer-offline", "--no-audit", "--no-fund"], project);
	assert.equal(install.code, 0, install.stderr);
	const tested = await npm(["test"], project);
	assert.equal(tested.code, 0, `${tested.stdout}\n${tested.stderr}`);
	assert.match(tested.stdout, /ℹ pass 4\nℹ fail 0/);
	assert.match(tested.stdout, /the crew searches the notes and writes a briefing/);
});

test("crewkit create refuses a folder in use and a name npm would refuse", async () => {
	const cwd = await mkdtemp(join(tmpdir(), "crewkit-create-"));
	assert.equal((await runCli(["create", "demo"], { cwd })).code, 0);
	const again = await runCli(["create", "demo"], { cwd });
	assert.equal(again.code, 1);
	assert.match(again.stderr, /already exists and is not empty: choose another name/);
	const badName = await runCli(["create", "My Crew"], { cwd });
	assert.equal(badName.code, 1);
	assert.match(badName.stderr, /'My Crew' is not a valid project name/);
	const elsewhere = await runCli(["create", "demo", "--dir", "projects/first"], { cwd });
	assert.equal(elsewhere.code, 0, elsewhere.stderr);
	assert.match(await readFile(join(cwd, "projects/first/README.md"), "utf8"), /^# demo\n/);
});
