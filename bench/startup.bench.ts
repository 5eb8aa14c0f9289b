/**
 * Start-up: `crewkit --help` and `crewkit check <reference report>`, each in a new process
 * every time (cold process; Node's compile cache, which bin/crewkit.js enables, warm after
 * the first run), against `node -e 0` on the same Node binary. The commands run in turn,
 * round-robin, so machine noise falls on all of them alike.
 *
 *   node bench/startup.bench.ts [--quick] [--runs 15]
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import {
	type BenchResult,
	commandLine,
	publishResult,
	type Ratio,
} from "./support/bench-result.ts";
import { formatNumber, formatRatio, formatSpread } from "./support/format.ts";
import { benchDir } from "./support/frameworks.ts";
import { quantile, spread } from "./support/statistics.ts";

const { values } = parseArgs({
	options: {
		quick: { type: "boolean", default: false },
		runs: { type: "string" },
	},
});
const runs = Number(values.runs ?? (values.quick ? 10 : 20));
const rootDir = join(benchDir, "..");
const notes: string[] = [];

/** The reference report when the shared fixtures are beside the repository; else a generated one. */
function referenceReport(): { path: string; cleanup: () => void } {
	const shared = join(rootDir, "..", "shared", "fixtures", "reference-reports", "report-a.md");
	if (existsSync(shared)) return { path: shared, cleanup: () => {} };
	notes.push(
		"../shared/fixtures/reference-reports/report-a.md not found: checked a generated report.",
	);
	const folder = mkdtempSync(join(tmpdir(), "crewkit-startup-"));
	const sections = Array.from(
		{ length: 10 },
		(_, index) => `## ${index + 1}. Development ${index + 1}\n\nA paragraph about it.\n`,
	);
	const path = join(folder, "report.md");
	writeFileSync(
		path,
		`# AI LLMs\n\nAn introduction.\n\n${sections.join("\n")}\n## Conclusion\n\nDone.\n`,
	);
	return { path, cleanup: () => rmSync(folder, { recursive: true, force: true }) };
}

if (!existsSync(join(rootDir, "dist", "cli", "main.js"))) {
	throw new Error("dist/ is missing: run npm run build first (npm run bench does).");
}
const report = referenceReport();
const bin = join(rootDir, "bin", "crewkit.js");
const commands = [
	{ name: "node -e 0", args: ["-e", "0"], env: {} },
	{ name: "crewkit --help", args: [bin, "--help"], env: {} },
	{ name: "crewkit check report-a.md", args: [bin, "check", report.path], env: {} },
	{ name: "crewkit --help, dist/ as installed", args: [bin, "--help"], env: { CREWKIT_DIST: "1" } },
	{
		name: "crewkit check report-a.md, dist/ as installed",
		args: [bin, "check", report.path],
		env: { CREWKIT_DIST: "1" },
	},
	{
		name: "crewkit --help, compile cache off",
		args: [bin, "--help"],
		env: { NODE_DISABLE_COMPILE_CACHE: "1" },
	},
];

const timings = new Map<string, number[]>(commands.map((command) => [command.name, []]));
const runOnce = (command: (typeof commands)[number]) => {
	const started = performance.now();
	const child = spawnSync(process.execPath, command.args, {
		cwd: rootDir,
		env: { ...process.env, ...command.env },
		stdio: ["ignore", "pipe", "pipe"],
	});
	const elapsed = performance.now() - started;
	if (child.status !== 0) {
		throw new Error(`${command.name} exited ${child.status}: ${child.stderr.toString().trim()}`);
	}
	return elapsed;
};
try {
	// Warm-up: one untimed run each (fills the compile cache and the OS file cache).
	for (const command of commands) runOnce(command);
	for (let round = 0; round < runs; round++) {
		for (const command of commands) timings.get(command.name)?.push(runOnce(command));
	}
} finally {
	report.cleanup();
}

const baseline = spread(timings.get("node -e 0") ?? []);
const ratios: Ratio[] = commands.slice(1).map((command) => {
	const value = spread(timings.get(command.name) ?? []).median / baseline.median;
	return { label: `${command.name} / node -e 0, wall time`, value, text: formatRatio(value) };
});
const result: BenchResult = {
	name: "startup",
	title: "CLI start-up (new process each run)",
	command: commandLine(),
	method: `${runs} timed runs of each command after one untimed warm-up run, round-robin, with this Node (${process.version}, ${process.execPath.replace(rootDir, ".")}): wall time of spawnSync from spawn to exit.`,
	tables: [
		{
			title: "Per command",
			columns: ["command", "median ms (min–max)", "p90 ms", "over node -e 0, ms", "vs node -e 0"],
			rows: commands.map((command) => {
				const values = timings.get(command.name) ?? [];
				const figures = spread(values);
				return [
					command.name,
					formatSpread(figures, 1),
					formatNumber(quantile(values, 0.9), 1),
					formatNumber(figures.median - baseline.median, 1),
					formatRatio(figures.median / baseline.median),
				];
			}),
		},
	],
	notes,
	ratios,
	data: Object.fromEntries(timings),
};
publishResult(result);
