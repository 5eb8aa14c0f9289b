/**
 * The benchmark suite: `npm run bench` (`node bench/run.ts`). Installs the peer frameworks
 * into bench/peers when missing, runs every benchmark in this folder as a child process,
 * one after another, and writes bench/RESULTS.md from their results. A benchmark that fails
 * is listed with the reason; the others still run.
 *
 *   node bench/run.ts [--quick] [--only overhead,startup] [--skip time-to-report] [--before <git ref>]
 *
 * With `--only`, the report goes to bench/.results/RESULTS-partial.md, so RESULTS.md always
 * holds one whole run. `--skip` leaves benchmarks out of a whole run (listed as skipped),
 * for those that write results of their own (time-to-report appends to RESULTS.md).
 * `--before REF` goes to import-cost: the package as it was at REF, measured in the same run.
 */
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { ensurePeers } from "./peers/install.ts";
import { type BenchResult, resultsDir } from "./support/bench-result.ts";
import { benchDir } from "./support/frameworks.ts";
import { loadAverage } from "./support/machine.ts";
import { runChild } from "./support/run-child.ts";
import { type SuiteEntry, writeResults } from "./support/write-results.ts";

const { values } = parseArgs({
	options: {
		quick: { type: "boolean", default: false },
		only: { type: "string" },
		skip: { type: "string" },
		before: { type: "string" },
		"time-to-report": { type: "boolean", default: false },
	},
});
const quick = values.quick;

/** crewkit's comparisons first (they write structured results), in this order. */
const ordered = [
	"overhead",
	"prompt-overhead",
	"concurrency",
	"kickoff-for-each",
	"startup",
	"import-cost",
	"embedded",
	"time-to-report",
];
/**
 * Benchmarks that take a quarter of an hour of the whole machine run only when asked
 * (`--time-to-report`, or `--only`); otherwise RESULTS.md keeps their last section.
 */
const optIn: Record<string, boolean> = { "time-to-report": values["time-to-report"] };
/** Arguments for benchmarks that have no `--quick` of their own. */
const quickArguments: Record<string, string[]> = {
	"source-index": ["--documents", "2000"],
	server: ["--rounds", "1"],
	queue: ["--runs", "50", "--reps", "1"],
};
/** Benchmarks that take long get more time before they are stopped. */
const timeoutMinutes: Record<string, number> = { embedded: 20, queue: 15, "time-to-report": 60 };
/** Arguments of benchmarks whose defaults are for a quick look. */
const fullArguments: Record<string, string[]> = {
	"time-to-report": [
		"--model",
		"synthetic-1.5b",
		"--context",
		"8192",
		"--threads",
		"2",
		"--estimate",
		// The next size up in crewkit's model list (src/models/embedded/model-catalog.ts), and
		// the 3B that is left off the list for its licence.
		"synthetic-7b,synthetic-3b",
	],
};

const found = readdirSync(benchDir)
	.filter((file) => file.endsWith(".bench.ts"))
	.map((file) => file.slice(0, -".bench.ts".length));
const names = [
	...ordered.filter((name) => found.includes(name)),
	...found.filter((name) => !ordered.includes(name)).sort(),
];
const only = values.only?.split(",").map((name) => name.trim());
const skip = values.skip?.split(",").map((name) => name.trim()) ?? [];
const unknown = [...(only ?? []), ...skip].filter((name) => !names.includes(name));
if (unknown.length) {
	throw new Error(`Unknown benchmark ${unknown.join(", ")}. Found: ${names.join(", ")}.`);
}
const selected = only
	? names.filter((name) => only.includes(name))
	: names.filter((name) => optIn[name] ?? true);

const startedAt = new Date();
// The benchmarks measure crewkit as a user installs it: the compiled dist/.
const tsc = join(benchDir, "..", "node_modules", "typescript", "bin", "tsc");
const built = spawnSync(process.execPath, [tsc, "-p", "tsconfig.build.json"], {
	cwd: join(benchDir, ".."),
	stdio: "inherit",
});
if (built.status !== 0) throw new Error("Building dist/ (npm run build) failed.");
let peersInstall: string | undefined;
try {
	peersInstall = ensurePeers();
} catch (error) {
	console.error(`${(error as Error).message} The peers' rows will be skipped.`);
}

const entries: SuiteEntry[] = [];
for (const name of selected) {
	const structured = ordered.includes(name);
	const args = [
		...(fullArguments[name] ??
			(quick ? (structured ? ["--quick"] : (quickArguments[name] ?? [])) : [])),
	];
	if (name === "import-cost" && values.before) args.push("--before", values.before);
	const command = ["node", `bench/${name}.bench.ts`, ...args].join(" ");
	if (skip.includes(name)) {
		const load = loadAverage();
		entries.push({
			name,
			command,
			status: "skipped",
			problem: "left out of this run with --skip",
			seconds: 0,
			loadBefore: load,
			loadAfter: load,
		});
		continue;
	}
	const resultFile = join(resultsDir, `${name}.json`);
	rmSync(resultFile, { force: true });
	console.log(`\n### ${command}`);
	const loadBefore = loadAverage();
	const child = await runChild(`${name}.bench.ts`, args, {
		echo: true,
		timeoutMs: (timeoutMinutes[name] ?? 10) * 60_000,
	});
	const entry: SuiteEntry = {
		name,
		command,
		status: child.code === 0 ? "ok" : "failed",
		seconds: child.wallMs / 1000,
		loadBefore,
		loadAfter: loadAverage(),
	};
	if (child.code !== 0) {
		entry.problem = child.timedOut
			? "stopped at its time limit"
			: `exit ${child.code ?? child.signal}: ${lastLine(child.stderr || child.stdout)}`;
	}
	if (structured && existsSync(resultFile)) {
		entry.result = JSON.parse(readFileSync(resultFile, "utf8")) as BenchResult;
	} else if (!structured && child.code === 0) {
		entry.output = stripAnsi(child.stdout);
	}
	entries.push(entry);
}

const target = only ? join(resultsDir, "RESULTS-partial.md") : join(benchDir, "RESULTS.md");
// Opt-in benchmarks not run this time keep their last section, marked as carried over.
const kept = Object.keys(optIn)
	.filter((name) => !selected.includes(name) && existsSync(target))
	.map((name) => keptSection(readFileSync(target, "utf8"), name))
	.filter((section) => section !== undefined);
writeResults(target, {
	startedAt,
	command: [
		"npm run bench",
		...(process.argv.slice(2).length ? ["--", ...process.argv.slice(2)] : []),
	].join(" "),
	quick,
	peersInstall,
	entries,
	kept,
});
console.log(`\nWrote ${target.replace(`${benchDir}`, "bench/")}.`);
const failed = entries.filter((entry) => entry.status !== "ok");
if (failed.length) console.log(`Failed: ${failed.map((entry) => entry.name).join(", ")}.`);

/** The section of an earlier RESULTS.md written by benchmark `name` (its `## ` heading up to the next). */
function keptSection(text: string, name: string): string | undefined {
	const lines = text.split("\n");
	const start = lines.findIndex(
		(line) => line.startsWith("## ") && line.toLowerCase().includes(name.replaceAll("-", " ")),
	);
	if (start === -1) return undefined;
	const end = lines.findIndex((line, index) => index > start && line.startsWith("## "));
	return lines
		.slice(start, end === -1 ? undefined : end)
		.join("\n")
		.trim();
}

function lastLine(text: string): string {
	return (
		text
			.trim()
			.split("\n")
			.filter((line) => line.trim())
			.at(-1)
			?.slice(0, 200) ?? ""
	);
}

function stripAnsi(text: string): string {
	// biome-ignore lint/suspicious/noControlCharactersInRegex: terminal colour codes are control characters.
	return text.replace(/\u001b\[[0-9;]*m/g, "");
}
