import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { chmod, cp, mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { fileURLToPath } from "node:url";
import { reportText, researchCorpus, researchScript } from "./support/research-script.ts";
import { type CliResult, crewkitBin, runCli } from "./support/run-cli.ts";

/**
 * Runs the README's `npx crewkit …` lines, in README order, through `sh` in a temporary
 * folder, where `npx crewkit` is this checkout's bin (what npx finds in a checkout). Lines
 * that need a model download, a hosted model or a local model server run on a scripted
 * model instead, and lines that start a server or need Redis are only checked to parse
 * (`--help`); both are listed below with why — the README says so next to the test's name.
 */

const readme = fileURLToPath(new URL("../README.md", import.meta.url));
const readmeFlow = fileURLToPath(new URL("fixtures/flows/readme-flow.ts", import.meta.url));

interface Way {
	/** How the line is changed before it runs ("" for as written). */
	change?: (line: string) => string;
	why?: string;
	/** Set-up in the folder before the line runs, and clean-up after. */
	before?: (cwd: string) => Promise<void>;
	after?: (cwd: string) => Promise<void>;
	/** The exit code it must end with (default 0). */
	code?: number;
}

const onScript = (script: string) => (line: string) =>
	`${line.replace(/ --model \S+/, "")} --model scripted:${script} --no-web --allow-ungrounded`;
const helpOnly = (line: string) => `${line.replace(/^(npx crewkit \S+).*$/, "$1")} --help`;
const latest = (line: string) => line.replace("<run>", "latest");

/** Every line whose running differs from its text; any other crewkit line runs as written. */
const ways: Record<string, Way> = {
	'npx crewkit run --topic "AI LLMs"': {
		change: onScript("ungrounded.json"),
		why: "the embedded model is a 1.1 GB download",
	},
	'npx crewkit run --topic "AI LLMs" --sources ./docs --no-web': {
		change: (line) => `${line} --model scripted:grounded.json`,
		why: "the embedded model is a 1.1 GB download",
	},
	'npx crewkit run --topic "AI LLMs" --model ollama:qwen3': {
		change: onScript("ungrounded.json"),
		why: "needs an Ollama server",
	},
	'npx crewkit run --topic "AI LLMs" --model openai:gpt-4.1-mini': {
		change: onScript("ungrounded.json"),
		why: "needs an OpenAI key",
	},
	"npx crewkit run --crew ./my-crew --input audience=CTOs": {
		change: (line) => `${line} --model scripted:crew.json`,
		why: "the embedded model is a 1.1 GB download (./my-crew: a YAML crew written for it)",
		before: writeYamlCrew,
		after: (cwd) => rm(join(cwd, "my-crew"), { recursive: true }),
	},
	'npx crewkit run --topic "AI LLMs" --record calls.json': {
		change: onScript("ungrounded.json"),
		why: "records the scripted model instead of the embedded one",
	},
	'npx crewkit run --topic "AI LLMs" --model replay:calls.json': {
		change: (line) => `${line} --no-web --allow-ungrounded`,
		why: "replays the recording above, made without the web",
	},
	"npx crewkit resume <run>": {
		change: latest,
		why: "the latest run is complete: resume must say so and point to replay",
		code: 1,
	},
	"npx crewkit replay <run> --from reporting_task --model ollama:qwen3": {
		change: (line) => latest(line).replace("ollama:qwen3", "scripted:ungrounded.json"),
		why: "needs an Ollama server (the run it replays was made without the web)",
	},
	"npx crewkit run --crew ./news_digest --input topic=solar": {
		change: (line) => `${line} --model scripted:digest.json`,
		why: "its agents name hosted models; a scripted model replaces them (./news_digest, ./market_brief: test/fixtures/crewai-projects)",
		before: copyCrewaiProjects,
	},
	"npx crewkit run --crew ./news_digest/src/news_digest/config --input topic=solar": {
		change: (line) => `${line} --model scripted:digest.json`,
		why: "its agents name hosted models; a scripted model replaces them",
	},
	"npx crewkit run --crew ./market_brief": {
		change: (line) => `${line} --model scripted:brief.json`,
		why: "its agents name hosted models; a scripted model replaces them",
	},
	"npx crewkit run --flow ./flow.ts --input topic=tides --model ollama:qwen3": {
		change: (line) =>
			line.replace("./flow.ts", readmeFlow).replace("ollama:qwen3", "scripted:crew.json"),
		why: "the README's flow is test/fixtures/flows/readme-flow.ts (code steps, no model server)",
	},
	"npx crewkit flow plot ./flow.ts": {
		change: (line) => line.replace("./flow.ts", readmeFlow),
		why: "the README's flow is test/fixtures/flows/readme-flow.ts",
	},
	"npx crewkit flow plot ./flow.ts --mermaid": {
		change: (line) => line.replace("./flow.ts", readmeFlow),
		why: "the README's flow is test/fixtures/flows/readme-flow.ts",
	},
	"npx crewkit replay <run> --from review": {
		change: latest,
		why: "the latest run is the flow run above",
	},
	"npx crewkit answer <run> --list": {
		change: latest,
		why: "the latest run is the README's flow, asking a person (ASK=1), left waiting",
		before: async (cwd) => {
			const waiting = await runCli(
				["run", "--flow", readmeFlow, "--input", "topic=tides", "--model", "scripted:crew.json"],
				{ cwd, env: { ASK: "1" } },
			);
			assert.equal(waiting.code, 3, `a waiting run exits 3\n${waiting.stderr}`);
		},
	},
	"npx crewkit answer <run> yes": {
		change: latest,
		why: "answers the waiting run above, which then completes",
	},
	"npx crewkit serve": {
		change: helpOnly,
		why: "listens on port 4317 (the server tests use a free port)",
	},
	'npx crewkit serve --host 0.0.0.0 --token "$CREWKIT_TOKEN"': {
		change: helpOnly,
		why: "listens on every interface",
	},
	"npx crewkit worker --concurrency 4": {
		change: helpOnly,
		why: "needs Redis (test/workers.test.ts)",
	},
	'npx crewkit enqueue --topic "AI LLMs" --wait': {
		change: helpOnly,
		why: "needs Redis (test/workers.test.ts)",
	},
};

/** The README's crewkit command lines, comments removed, in order. */
export function readmeCommands(text: string): string[] {
	const blocks = [...text.matchAll(/```sh\n([\s\S]*?)```/g)].map((match) => match[1] ?? "");
	return blocks
		.flatMap((block) => block.split("\n"))
		.map((line) => line.replace(/\s{2,}#.*$/, "").trim())
		.filter((line) => line.startsWith("npx crewkit "));
}

/** The CrewAI fixture projects, and scripts of answers for them. */
async function copyCrewaiProjects(cwd: string): Promise<void> {
	const fixtures = fileURLToPath(new URL("fixtures/crewai-projects/", import.meta.url));
	for (const project of ["news_digest", "market_brief"]) {
		await cp(join(fixtures, project), join(cwd, project), { recursive: true });
	}
	const ranking = {
		items: [{ headline: "Panels got cheaper", summary: "Prices fell." }],
		reason: "Cost.",
	};
	await writeFile(
		join(cwd, "digest.json"),
		JSON.stringify([
			"five items",
			JSON.stringify(ranking),
			"# Solar digest\n\nPanels got cheaper.",
		]),
	);
	await writeFile(
		join(cwd, "brief.json"),
		JSON.stringify([
			"Three numbers [a]",
			"# Heat pumps\n\n12 bn [a].",
			JSON.stringify({ ok: true, reason: "cites" }),
		]),
	);
}

async function writeYamlCrew(cwd: string): Promise<void> {
	await mkdir(join(cwd, "my-crew"));
	await writeFile(
		join(cwd, "my-crew/agents.yaml"),
		"analyst:\n  role: Analyst writing for {audience}\n  goal: Explain what matters\n  backstory: Clear.\n",
	);
	await writeFile(
		join(cwd, "my-crew/tasks.yaml"),
		"brief:\n  description: Write a report for {audience} on {current_year}\n  expected_output: Ten numbered sections\n  agent: analyst\n",
	);
}

function sh(line: string, cwd: string, binDir: string): Promise<CliResult> {
	return new Promise((resolve, reject) => {
		const { NODE_TEST_CONTEXT: _nested, ...env } = process.env;
		const child = spawn("sh", ["-c", line], {
			cwd,
			env: {
				...env,
				PATH: `${binDir}:${process.env.PATH ?? ""}`,
				CREWKIT_TOKEN: "t".repeat(32),
				// Approvals of crew folders (crewkit create records its crew's) stay in the test's folder.
				CREWKIT_CONFIG_DIR: join(cwd, ".config"),
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

test("every crewkit command line of the README runs (as written, or as the list above says)", async () => {
	const commands = readmeCommands(await readFile(readme, "utf8"));
	assert.ok(commands.length >= 20, `found ${commands.length} lines`);
	for (const line of Object.keys(ways)) {
		assert.ok(commands.includes(line), `the README no longer has: ${line}`);
	}
	const cwd = await mkdtemp(join(tmpdir(), "crewkit-readme-"));
	const binDir = join(cwd, ".bin");
	await mkdir(binDir);
	// npx in a crewkit checkout runs its bin; here: the same bin on the same Node.
	await writeFile(
		join(binDir, "npx"),
		`#!/bin/sh\nif [ "$1" = crewkit ]; then shift; exec "${process.execPath}" "${crewkitBin}" "$@"; fi\nexec "${process.execPath}" "$(dirname "$(command -v npm)")/npx" "$@"\n`,
	);
	await chmod(join(binDir, "npx"), 0o755);
	for (const [path, text] of Object.entries(researchCorpus())) {
		await mkdir(join(cwd, "docs"), { recursive: true });
		await writeFile(join(cwd, path), text);
	}
	await writeFile(join(cwd, "ungrounded.json"), researchScript({ grounded: false }));
	await writeFile(join(cwd, "grounded.json"), researchScript({ grounded: true }));
	await writeFile(join(cwd, "crew.json"), JSON.stringify([reportText()]));
	await writeFile(join(cwd, "other.md"), reportText());

	const report: string[] = [];
	for (const line of commands) {
		const way = ways[line] ?? {};
		await way.before?.(cwd);
		const run = way.change ? way.change(line) : line;
		const result = await sh(run, cwd, binDir);
		await way.after?.(cwd);
		report.push(
			`${result.code === (way.code ?? 0) ? "ok" : "FAILED"}  ${run}${way.why ? `   (${way.why})` : ""}`,
		);
		assert.equal(
			result.code,
			way.code ?? 0,
			`${run}\nexited ${result.code}\n${result.stdout.slice(-2000)}\n${result.stderr.slice(-2000)}`,
		);
		if (line.startsWith("npx crewkit resume"))
			assert.match(result.stderr, /already complete.*crewkit replay/);
	}
	const outputs = join(fileURLToPath(new URL("../test-artifacts/", import.meta.url)));
	await mkdir(outputs, { recursive: true });
	await writeFile(join(outputs, "readme-commands.txt"), `${report.join("\n")}\n`);
});
