import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { mkdir, mkdtemp, readFile, symlink } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { test } from "node:test";
import { fileURLToPath } from "node:url";
import { type CliResult, runCli } from "./support/run-cli.ts";

const repoRoot = fileURLToPath(new URL("..", import.meta.url));
const fixtures = fileURLToPath(new URL("fixtures/crewai-projects/", import.meta.url));

/** `npm test` in `cwd`, with this Node 24 first on the PATH (as the project's `node` dev dependency puts it). */
function npmTest(cwd: string): Promise<CliResult> {
	return new Promise((resolve, reject) => {
		const { NODE_TEST_CONTEXT: _nested, ...env } = process.env;
		env.PATH = `${dirname(process.execPath)}:${env.PATH ?? ""}`;
		// The project links this checkout, whose "crewkit" export means dist/ unless the
		// crewkit-source condition picks the TypeScript sources (no build needed).
		env.NODE_OPTIONS = "--conditions=crewkit-source";
		const child = spawn("npm", ["test"], { cwd, env, stdio: ["ignore", "pipe", "pipe"] });
		let stdout = "";
		let stderr = "";
		child.stdout.on("data", (chunk) => (stdout += chunk));
		child.stderr.on("data", (chunk) => (stderr += chunk));
		child.on("error", reject);
		child.on("close", (code) => resolve({ code, stdout, stderr }));
	});
}

const expected = {
	news_digest: { tasks: ["find_news", "rank_news", "write_digest"], notConverted: 3 },
	trip_planner: { tasks: ["gather", "plan"], notConverted: 3 },
	market_brief: { tasks: ["size_market", "write_brief"], notConverted: 2 },
};

for (const [fixture, { tasks, notConverted }] of Object.entries(expected)) {
	test(`crewkit import ${fixture}: a crewkit project whose own npm test passes`, async () => {
		const cwd = await mkdtemp(join(tmpdir(), "crewkit-import-"));
		const result = await runCli(["import", join(fixtures, fixture), "converted"], { cwd });
		assert.equal(result.code, 0, result.stderr);
		assert.match(
			result.stdout,
			new RegExp(`Not converted \\(${notConverted} parts, also in NOT-CONVERTED.md\\)`),
		);
		const project = join(cwd, "converted");
		const notes = await readFile(join(project, "NOT-CONVERTED.md"), "utf8");
		assert.equal(notes.split("\n").filter((line) => line.startsWith("- ")).length, notConverted);
		const tasksYaml = await readFile(join(project, "tasks.yaml"), "utf8");
		for (const task of tasks) assert.match(tasksYaml, new RegExp(`^${task}:`, "m"));
		// Installed as npm would: crewkit (this checkout) and zod in the project's node_modules.
		await mkdir(join(project, "node_modules"));
		await symlink(repoRoot, join(project, "node_modules", "crewkit"));
		await symlink(join(repoRoot, "node_modules", "zod"), join(project, "node_modules", "zod"));
		const tested = await npmTest(project);
		assert.equal(tested.code, 0, `${tested.stdout}\n${tested.stderr}`);
		assert.match(tested.stdout, /ℹ pass 1\nℹ fail 0/);
	});
}

test("an imported project's crew.ts carries the Pydantic schema as zod and the crew.py wiring", async () => {
	const cwd = await mkdtemp(join(tmpdir(), "crewkit-import-"));
	assert.equal(
		(await runCli(["import", join(fixtures, "news_digest"), "digest"], { cwd })).code,
		0,
	);
	const crewTs = await readFile(join(cwd, "digest/crew.ts"), "utf8");
	assert.match(crewTs, /rank_news: z\.object\(\{\n\t\titems: z\.array\(z\.object\(\{/);
	assert.match(crewTs, /url: z\.string\(\)\.optional\(\)/);
	const tasksYaml = await readFile(join(cwd, "digest/tasks.yaml"), "utf8");
	assert.match(tasksYaml, /find_news:[\s\S]*?agent: scout/);
	assert.match(tasksYaml, /output_file: out\/\{topic\}-digest\.md/);
	const agentsYaml = await readFile(join(cwd, "digest/agents.yaml"), "utf8");
	assert.match(agentsYaml, /llm: openai:gpt-4o-mini/);
	assert.match(agentsYaml, /tools:\n\s+- web_search\n\s+- fetch_page/);
	const again = await runCli(["import", join(fixtures, "news_digest"), "digest"], { cwd });
	assert.equal(again.code, 1);
	assert.match(again.stderr, /already exists and is not empty/);
});
