/**
 * What every benchmark hands the suite runner: its tables, notes and ratios, written as
 * JSON to `bench/.results/<name>.json` and printed for a person (ratios last).
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { benchDir } from "./frameworks.ts";

export interface ResultTable {
	title: string;
	columns: string[];
	rows: string[][];
}

export interface Ratio {
	/** What is compared, e.g. "LangGraph.js / crewkit, µs per crew run". */
	label: string;
	value: number;
	/** Shown as is, e.g. "14.2×". */
	text: string;
}

export interface BenchResult {
	name: string;
	title: string;
	/** The exact command that produced it. */
	command: string;
	/** What was measured and how, in a sentence or two. */
	method: string;
	tables: ResultTable[];
	notes: string[];
	ratios: Ratio[];
	/** Raw figures for anyone re-analysing. */
	data?: unknown;
}

/** Where results go. */
export const resultsDir = join(benchDir, ".results");

/** A table as GitHub markdown. */
export function markdownTable(table: ResultTable): string {
	const escapeCell = (cell: string) => cell.replaceAll("|", "\\|");
	const lines = [
		`| ${table.columns.map(escapeCell).join(" | ")} |`,
		`|${table.columns.map((_, index) => (index === 0 ? "---" : "---:")).join("|")}|`,
		...table.rows.map((row) => `| ${row.map(escapeCell).join(" | ")} |`),
	];
	return lines.join("\n");
}

/** Prints the result for a person (tables, notes, then ratios) and writes its JSON. */
export function publishResult(result: BenchResult): void {
	const out: string[] = [`\n== ${result.title} ==`, result.method, ""];
	for (const table of result.tables) out.push(`${table.title}`, markdownTable(table), "");
	for (const note of result.notes) out.push(`Note: ${note}`);
	if (result.ratios.length) {
		out.push("", "Ratios:");
		for (const ratio of result.ratios) out.push(`  ${ratio.label}: ${ratio.text}`);
	}
	process.stdout.write(`${out.join("\n")}\n`);
	mkdirSync(resultsDir, { recursive: true });
	writeFileSync(join(resultsDir, `${result.name}.json`), `${JSON.stringify(result, null, "\t")}\n`);
}

/** The command line that started this process, as a reader would type it. */
export function commandLine(): string {
	const script = process.argv[1]?.replace(/^.*\/bench\//, "bench/") ?? "";
	return ["node", script, ...process.argv.slice(2)].join(" ");
}
