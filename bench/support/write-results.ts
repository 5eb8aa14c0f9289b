/**
 * Writes bench/RESULTS.md from one suite run: when and where it ran, with what, the exact
 * commands, every benchmark's tables and notes, and all ratios last.
 */
import { writeFileSync } from "node:fs";
import { type BenchResult, markdownTable } from "./bench-result.ts";
import { formatNumber } from "./format.ts";
import { describeMachine, packageVersions } from "./machine.ts";
import { installedVersion } from "./package-versions.ts";

/** One benchmark of the suite, as the runner ran it. */
export interface SuiteEntry {
	name: string;
	command: string;
	status: "ok" | "failed" | "skipped";
	seconds: number;
	loadBefore: string;
	loadAfter: string;
	/** Structured result (crewkit's benchmarks in this folder). */
	result?: BenchResult;
	/** Printed output (benchmarks that write no structured result). */
	output?: string;
	problem?: string;
}

export interface SuiteRun {
	startedAt: Date;
	command: string;
	quick: boolean;
	peersInstall: string | undefined;
	entries: SuiteEntry[];
	/** Sections of opt-in benchmarks not run this time, from the previous RESULTS.md. */
	kept?: string[];
}

export function writeResults(path: string, run: SuiteRun): void {
	const machine = describeMachine();
	const lines: string[] = [
		"# Benchmark results",
		"",
		`Written by \`${run.command}\` on ${run.startedAt.toISOString().replace("T", " ").slice(0, 16)} UTC${run.quick ? " (quick mode: fewer runs, wider spreads)" : ""}; do not edit by hand.`,
		"Every figure below was measured in this one run on this one machine; a claim about crewkit counts only as a ratio from here. Nothing here is a test assertion.",
		"",
		"## Machine and software",
		"",
		`- CPU: ${machine.cpu}; available parallelism ${machine.cores}`,
		`- Memory: ${formatNumber(machine.memoryGb, 1)} GB; OS: ${machine.os}`,
		`- Node ${machine.node} (\`${machine.nodePath.replace(/^.*\/node_modules\//, "node_modules/")}\`, the same binary for every process)`,
		`- crewkit ${installedVersion("crewkit") ?? "?"}; load average (1, 5, 15 min) at the start of each benchmark is listed with its command: other processes on the machine widen the spreads.`,
		"",
		"| package | for | pinned | installed |",
		"|---|---|---:|---:|",
		...packageVersions().map(
			(row) => `| ${row.name} | ${row.group} | ${row.pinned} | ${row.installed} |`,
		),
		"",
		"## Commands",
		"",
		"Run from the repository root; `node` is the project's Node 24 (`node_modules/.bin/node`, which `npm run` puts first on the PATH).",
		"",
		"```sh",
		...(run.peersInstall ? [`${run.peersInstall}   # installed the peers first`] : []),
		...run.entries.map((entry) => entry.command),
		"```",
		"",
		"| benchmark | status | seconds | load average before → after |",
		"|---|---|---:|---|",
		...run.entries.map(
			(entry) =>
				`| ${entry.name} | ${entry.status}${entry.problem ? `: ${entry.problem.replaceAll("|", "\\|")}` : ""} | ${formatNumber(entry.seconds, 0)} | ${entry.loadBefore} → ${entry.loadAfter} |`,
		),
		"",
	];
	for (const entry of run.entries) {
		if (entry.result) {
			const result = entry.result;
			lines.push(`## ${result.title}`, "", `\`${entry.command}\``, "", result.method, "");
			for (const table of result.tables)
				lines.push(`${table.title}:`, "", markdownTable(table), "");
			for (const note of result.notes) lines.push(`- ${note}`);
			if (result.notes.length) lines.push("");
		} else if (entry.output !== undefined) {
			lines.push(
				`## ${entry.name}`,
				"",
				`\`${entry.command}\` (its own output):`,
				"",
				"```text",
				entry.output.trim(),
				"```",
				"",
			);
		} else {
			lines.push(
				`## ${entry.name}`,
				"",
				`\`${entry.command}\`: ${entry.status}${entry.problem ? ` — ${entry.problem}` : ""}.`,
				"",
			);
		}
	}
	for (const section of run.kept ?? []) {
		const carried = section.includes("(carried over")
			? ""
			: " (carried over from an earlier run; `npm run bench -- --time-to-report` measures it again)";
		const [heading = "", ...rest] = section.split("\n");
		lines.push(`${heading}${carried}`, ...rest, "");
	}
	lines.push("## Ratios", "");
	for (const entry of run.entries) {
		for (const ratio of entry.result?.ratios ?? [])
			lines.push(`- ${ratio.label}: **${ratio.text}**`);
	}
	writeFileSync(path, `${lines.join("\n")}\n`);
}
