/**
 * crewkit as a user gets it: `npm pack`, the tarball installed into a fresh project outside
 * this checkout, then used there on Node 24 and Node 22 (installed by the test into
 * node_modules/.cache, beside and not instead of the `node` dev dependency's Node 24) —
 * imported as ESM, a crew run on a scripted model, a strict TypeScript consumer type-checked,
 * `npx crewkit --help`, `npx crewkit create demo` and the demo's own `npm test`.
 * Installs use npm's cache (`--prefer-offline`); optional native llama.cpp builds are left out.
 */
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { cp, mkdir, mkdtemp, readFile, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { delimiter, dirname, join, sep } from "node:path";
import { before, describe, test } from "node:test";
import { fileURLToPath } from "node:url";
import { testConfigDir } from "./support/run-cli.ts";

const repoRoot = fileURLToPath(new URL("..", import.meta.url)).replace(/\/$/, "");
const node24 = process.execPath;
/**
 * Node 22 for the test, in a folder of its own: as a dev dependency its `node` bin would
 * replace Node 24's in node_modules/.bin. Installed once from the registry (npm's cache
 * after that), the same way the `node` dev dependency is.
 */
const node22Version = "22.23.3";
const node22Prefix = join(repoRoot, "node_modules", ".cache", `crewkit-node-${node22Version}`);
const node22 = join(node22Prefix, "node_modules", ".bin", "node");

interface Result {
	code: number | null;
	stdout: string;
	stderr: string;
}

/** PATH with `nodeBin`'s folder first and none of this checkout's node_modules/.bin. */
function pathWith(nodeBin: string): string {
	const rest = (process.env.PATH ?? "")
		.split(delimiter)
		.filter((folder) => folder && !folder.startsWith(`${repoRoot}${sep}`));
	return [dirname(nodeBin), ...rest].join(delimiter);
}

function run(
	command: string,
	args: string[],
	options: { cwd: string; node?: string; env?: Record<string, string> },
): Promise<Result> {
	// Without NODE_TEST_CONTEXT, a nested `node --test` reports as a run of its own.
	const { NODE_TEST_CONTEXT: _nested, NODE_OPTIONS: _options, ...env } = process.env;
	return new Promise((resolve, reject) => {
		const child = spawn(command, args, {
			cwd: options.cwd,
			env: {
				...env,
				PATH: pathWith(options.node ?? node24),
				// node-llama-cpp's postinstall would fetch or build llama.cpp: not needed here.
				NODE_LLAMA_CPP_SKIP_DOWNLOAD: "true",
				npm_config_update_notifier: "false",
				// Approvals of crew folders (crewkit create records its crew's), never ~/.config.
				CREWKIT_CONFIG_DIR: testConfigDir,
				...options.env,
			},
			stdio: ["ignore", "pipe", "pipe"],
		});
		let stdout = "";
		let stderr = "";
		child.stdout.on("data", (chunk) => (stdout += chunk));
		child.stderr.on("data", (chunk) => (stderr += chunk));
		child.on("error", reject);
		child.on("close", (code) => resolve({ code, stdout, stderr }));
	});
}

/** What `npm pack` needs from the checkout: the package's files and what builds dist/. */
const packageSources = [
	"package.json",
	"README.md",
	"tsconfig.json",
	"tsconfig.build.json",
	"bin",
	"src",
	"web",
	"crews",
	"templates",
];

const npmInstall = ["install", "--prefer-offline", "--no-audit", "--no-fund", "--omit=optional"];

function succeeded(result: Result, what: string): string {
	assert.equal(result.code, 0, `${what} failed:\n${result.stdout}\n${result.stderr}`);
	return result.stdout;
}

const crewScript = `
import { Agent, Crew, Task, createScriptedModel } from "crewkit";
const writer = new Agent({ role: "Writer on {topic}", goal: "Write one line", backstory: "Brief." });
const task = new Task({ description: "Greet {topic}", expectedOutput: "One line", agent: writer });
const crew = new Crew({ agents: [writer], tasks: [task] });
const model = createScriptedModel({ replies: ["Hello, tides."] });
const result = await crew.kickoff({ inputs: { topic: "tides" }, model, tracing: false });
process.stdout.write(JSON.stringify({ raw: result.raw, calls: result.usage.calls.length, node: process.versions.node }));
`;

const subpaths = [
	"server",
	"queue",
	"testing",
	"web",
	"sources",
	"memory",
	"mcp",
	"tracing",
	"report",
	"yaml",
	"cli",
];

const consumerTs = `
import { Agent, Crew, type CrewOutput, createScriptedModel, defineTool, Task } from "crewkit";
import { loadCrewYaml, parseCrewYaml } from "crewkit/yaml";
import type { ServerOptions } from "crewkit/server";
import type { RunQueue } from "crewkit/queue";
import { z } from "zod";

const lookup = defineTool({
	name: "lookup",
	description: "Looks a word up",
	parameters: z.object({ word: z.string() }),
	execute: async ({ word }) => \`\${word}: a word\`,
});
const writer = new Agent({ role: "Writer", goal: "Write", backstory: "Brief.", tools: [lookup] });
const task = new Task({ description: "Write about {topic}", expectedOutput: "A line", agent: writer });
export async function main(): Promise<string> {
	const output: CrewOutput = await new Crew({ agents: [writer], tasks: [task] }).kickoff({
		inputs: { topic: "tides" },
		model: createScriptedModel({ replies: ["ok"] }),
	});
	const spec = await loadCrewYaml("crew");
	return output.raw + spec.agents.length + String(typeof parseCrewYaml);
}
export type Unused = ServerOptions | RunQueue;
`;

describe("the packed package, installed in a fresh project", { concurrency: false }, () => {
	let work = "";
	let tarball = "";
	let files: string[] = [];
	let consumer = "";

	before(async () => {
		if (!existsSync(node22)) {
			succeeded(
				await run(
					"npm",
					[
						"install",
						"--prefix",
						node22Prefix,
						"--no-save",
						"--prefer-offline",
						"--no-audit",
						"--no-fund",
						`node@${node22Version}`,
					],
					{ cwd: repoRoot },
				),
				"installing Node 22 for the test",
			);
		}
		work = await mkdtemp(join(tmpdir(), "crewkit-package-"));
		assert.ok(
			!existsSync(join(dirname(work), "node_modules")),
			"the temp folder sees no node_modules",
		);
		// Packed from a copy without dist/, so the tarball's build is the one `prepack` makes (and
		// it never rewrites the checkout's dist/ while other tests use it); the copy borrows
		// node_modules only for building.
		const staging = join(work, "staging");
		await mkdir(staging);
		for (const entry of packageSources) {
			await cp(join(repoRoot, entry), join(staging, entry), { recursive: true });
		}
		await symlink(join(repoRoot, "node_modules"), join(staging, "node_modules"), "dir");
		const packed = succeeded(
			await run("npm", ["pack", "--json", "--pack-destination", work], { cwd: staging }),
			"npm pack",
		);
		const [summary] = JSON.parse(packed.slice(packed.indexOf("["))) as Array<{
			filename: string;
			files: Array<{ path: string }>;
		}>;
		assert.ok(summary);
		tarball = join(work, summary.filename);
		files = summary.files.map((file) => file.path);
		consumer = join(work, "consumer");
		await mkdir(join(consumer, "crew"), { recursive: true });
		const manifest = {
			name: "consumer",
			version: "1.0.0",
			private: true,
			type: "module",
			dependencies: { crewkit: `file:${tarball}`, zod: "4.6.7" },
			devDependencies: { typescript: "5.9.3", "@types/node": "24.19.2" },
		};
		await writeFile(join(consumer, "package.json"), JSON.stringify(manifest, null, "\t"));
		succeeded(await run("npm", npmInstall, { cwd: consumer }), "npm install of the tarball");
	});

	test("the tarball holds the build, types and declaration maps, and no tests or fixtures", () => {
		for (const file of [
			"bin/crewkit.js",
			"dist/index.js",
			"dist/index.d.ts",
			"dist/index.d.ts.map",
			"src/index.ts",
			"README.md",
		]) {
			assert.ok(files.includes(file), `${file} is in the tarball`);
		}
		// The project template that `crewkit create` copies has a test of its own; that is content.
		const own = files.filter((file) => !file.startsWith("templates/crew-project/"));
		const testish = own.filter(
			(file) =>
				/\.test\.[cm]?[jt]s$|\.test\.d\.ts/.test(file) ||
				/(^|\/)(test|tests|fixtures?|__fixtures__)\//.test(file) ||
				/(test-corpus|support-examples|evaluation-fixtures|stories-fixture|record-template-calls)/.test(
					file,
				),
		);
		assert.deepEqual(testish, [], "no test files or test data");
		assert.ok(!files.some((file) => file.startsWith("bench/")), "no benchmarks");
	});

	test("publint and arethetypeswrong find no problem in the tarball", async () => {
		const bin = (name: string) => join(repoRoot, "node_modules", ".bin", name);
		succeeded(await run(bin("publint"), ["run", tarball, "--strict"], { cwd: work }), "publint");
		succeeded(
			await run(bin("attw"), [tarball, "--profile", "esm-only", "--no-color"], { cwd: work }),
			"attw",
		);
	});

	for (const [label, node] of [
		["24", node24],
		["22", node22],
	] as const) {
		test(`on Node ${label}: imports as ESM and runs a crew on a scripted model`, async () => {
			const version = succeeded(
				await run(node, ["--version"], { cwd: consumer }),
				"node --version",
			);
			assert.match(version, new RegExp(`^v${label}\\.`));
			await writeFile(join(consumer, "crew.mjs"), crewScript);
			const ran = JSON.parse(
				succeeded(await run(node, ["crew.mjs"], { cwd: consumer, node }), "the crew"),
			);
			assert.deepEqual(ran, { raw: "Hello, tides.", calls: 1, node: version.trim().slice(1) });
			const imports = subpaths.map((name) => `await import("crewkit/${name}");`).join("\n");
			await writeFile(join(consumer, "subpaths.mjs"), imports);
			succeeded(
				await run(node, ["subpaths.mjs"], { cwd: consumer, node }),
				"importing every subpath",
			);
		});

		test(`on Node ${label}: npx crewkit run --crew (a YAML crew, scripted model); serve, worker --help`, async () => {
			const crew = join(consumer, `yaml-crew-${label}`);
			await mkdir(crew, { recursive: true });
			await writeFile(
				join(crew, "agents.yaml"),
				"analyst:\n  role: Analyst writing for {audience}\n  goal: Explain what matters\n  backstory: Clear.\n",
			);
			await writeFile(
				join(crew, "tasks.yaml"),
				"brief:\n  description: Write notes for {audience}\n  expected_output: Ten numbered sections\n  agent: analyst\n",
			);
			const sections = Array.from(
				{ length: 10 },
				(_, index) => `## ${index + 1}. Development ${index + 1}\n\nWhat it means for CTOs.`,
			);
			const report = `# Notes for CTOs\n\nAn introduction.\n\n${sections.join("\n\n")}\n\n## Conclusion\n\nDone.`;
			await writeFile(join(crew, "replies.json"), JSON.stringify([report]));
			const out = join(crew, "report.md");
			const ran = await run(
				"npx",
				[
					"crewkit",
					"run",
					"--crew",
					crew,
					"--model",
					`scripted:${join(crew, "replies.json")}`,
					"--input",
					"audience=CTOs",
					"--out",
					out,
					"--quiet",
				],
				{ cwd: consumer, node },
			);
			assert.equal(succeeded(ran, "crewkit run --crew").trim(), out);
			assert.equal((await readFile(out, "utf8")).trim(), report);
			for (const command of ["serve", "worker", "enqueue"]) {
				const help = succeeded(
					await run("npx", ["crewkit", command, "--help"], { cwd: consumer, node }),
					`crewkit ${command} --help`,
				);
				assert.match(help, new RegExp(`^Usage: crewkit ${command}`));
			}
		});

		test(`on Node ${label}: npx crewkit --help`, async () => {
			const help = succeeded(
				await run("npx", ["crewkit", "--help"], { cwd: consumer, node }),
				"npx crewkit --help",
			);
			assert.match(help, /^crewkit — crews of AI agents/);
			assert.match(help, /Usage: crewkit <command>/);
		});
	}

	test("crewkit serve from the installed package serves the dashboard and its API on 127.0.0.1", async () => {
		const bin = join(consumer, "node_modules", ".bin", "crewkit");
		const { NODE_TEST_CONTEXT: _nested, NODE_OPTIONS: _options, ...env } = process.env;
		const child = spawn(
			node24,
			[bin, "serve", "--port", "0", "--store", join(work, "serve-runs.db")],
			{
				cwd: consumer,
				env: { ...env, PATH: pathWith(node24) },
				stdio: ["ignore", "pipe", "pipe"],
			},
		);
		try {
			let output = "";
			const url = await new Promise<string>((resolve, reject) => {
				child.stdout.on("data", (chunk) => {
					output += chunk;
					const found = /crewkit dashboard: (http:\/\/127\.0\.0\.1:\d+)/.exec(output)?.[1];
					if (found) resolve(found);
				});
				child.stderr.on("data", (chunk) => (output += chunk));
				child.on("close", (code) => reject(new Error(`serve exited ${code}: ${output}`)));
			});
			const page = await fetch(`${url}/`);
			assert.equal(page.status, 200);
			assert.match(await page.text(), /<html/i, "the dashboard page from the package's web/");
			const runs = await fetch(`${url}/api/runs`);
			assert.equal(runs.status, 200);
			assert.deepEqual(await runs.json(), { runs: [] }, "a new store has no runs");
		} finally {
			child.kill();
		}
	});

	test("on an older Node the command says in one line which Node it needs", async (t) => {
		const system = "/usr/bin/node";
		const version = existsSync(system)
			? (await run(system, ["--version"], { cwd: work })).stdout.trim()
			: "";
		const [major = 0, minor = 0] = version.slice(1).split(".").map(Number);
		if (!version || major > 22 || (major === 22 && minor >= 13)) {
			t.skip(`needs a Node older than 22.13 at ${system} (found ${version || "none"})`);
			return;
		}
		const bin = join(consumer, "node_modules", "crewkit", "bin", "crewkit.js");
		const old = await run(system, [bin, "--help"], { cwd: consumer });
		assert.equal(old.code, 1);
		assert.equal(old.stdout, "");
		assert.match(
			old.stderr,
			new RegExp(
				`^crewkit needs Node 22\\.13 or newer .*this is Node ${version.slice(1)}\\. .*nodejs\\.org.*\\n$`,
			),
		);
		assert.equal(old.stderr.split("\n").length, 2, "one line");
	});

	test("a strict TypeScript consumer (nodenext, default lib) type-checks", async () => {
		await writeFile(join(consumer, "consumer.ts"), consumerTs);
		const tsconfig = {
			compilerOptions: {
				module: "nodenext",
				strict: true,
				noEmit: true,
				skipLibCheck: true,
				types: ["node"],
			},
			files: ["consumer.ts"],
		};
		await writeFile(join(consumer, "tsconfig.json"), JSON.stringify(tsconfig, null, "\t"));
		const tsc = join(consumer, "node_modules", "typescript", "bin", "tsc");
		const checked = await run(node24, [tsc, "--extendedDiagnostics"], { cwd: consumer });
		assert.equal(checked.code, 0, `tsc:\n${checked.stdout}\n${checked.stderr}`);
		// Only crewkit's declarations are read, never its sources.
		const listed = await run(node24, [tsc, "--listFilesOnly"], { cwd: consumer });
		const crewkitFiles = listed.stdout
			.split("\n")
			.filter((file) => file.includes("/node_modules/crewkit/"));
		assert.ok(crewkitFiles.length > 0);
		assert.deepEqual(
			crewkitFiles.filter((file) => !file.endsWith(".d.ts")),
			[],
			"only .d.ts files of crewkit",
		);
	});

	test("npx crewkit create demo makes a project whose npm test passes against the package", async () => {
		const created = succeeded(
			await run("npx", ["crewkit", "create", "demo"], { cwd: consumer }),
			"crewkit create",
		);
		assert.match(created, /Created .*demo/);
		const demo = join(consumer, "demo");
		const manifestPath = join(demo, "package.json");
		const manifest = JSON.parse(await readFile(manifestPath, "utf8"));
		assert.equal(
			manifest.dependencies.crewkit,
			"^0.1.0",
			"an installed crewkit depends on its version",
		);
		// The version is not on the registry yet: the tarball stands in for it.
		manifest.dependencies.crewkit = `file:${tarball}`;
		await writeFile(manifestPath, JSON.stringify(manifest, null, "\t"));
		succeeded(await run("npm", npmInstall, { cwd: demo }), "npm install in demo");
		const tested = succeeded(await run("npm", ["test"], { cwd: demo }), "npm test in demo");
		assert.match(tested, /ℹ pass 4\nℹ fail 0/);
	});
});
