import type { CrewTrials } from "./run-crew-trials.ts";

/**
 * The trials as text: a table per task with a row per metric, a column per run, then the
 * mean and the spread (standard deviation); "–" where a run has no value; failed runs last.
 */
export function formatTrials(trials: CrewTrials): string {
	const runNumbers = Array.from({ length: trials.runs }, (_, index) => index + 1);
	const failed = new Set(trials.failures.map((failure) => failure.run));
	const lines = [
		`${trials.crew}: ${trials.runs} run${trials.runs === 1 ? "" : "s"}, ${trials.runs - failed.size} completed`,
	];
	for (const task of trials.tasks) {
		const header = ["metric", ...runNumbers.map((run) => `run ${run}`), "mean", "spread"];
		const rows = Object.entries(task.metrics).map(([name, summary]) => [
			name,
			...summary.runs.map((value, index) =>
				failed.has(index + 1) ? "failed" : formatNumber(value),
			),
			formatNumber(summary.mean),
			formatNumber(summary.spread),
		]);
		lines.push("", `${task.task} (${task.agent}) — scored as ${task.kind}`);
		const widths = header.map((_, column) =>
			Math.max(...[header, ...rows].map((row) => (row[column] ?? "").length)),
		);
		for (const row of [header, ...rows]) {
			const cells = row.map((cell, column) =>
				column === 0 ? cell.padEnd(widths[0] ?? 0) : cell.padStart(widths[column] ?? 0),
			);
			lines.push(`  ${cells.join("  ")}`);
		}
		for (const { reason } of task.unscored ?? []) lines.push(`  Not scored: ${reason}.`);
	}
	// Runs that failed the same way are named together: each error is printed once.
	const byError = new Map<string, number[]>();
	for (const failure of trials.failures)
		byError.set(failure.error, [...(byError.get(failure.error) ?? []), failure.run]);
	for (const [error, runs] of byError) {
		const named = runs.length === 1 ? `Run ${runs[0]}` : `Runs ${runs.join(", ")}`;
		lines.push("", `${named} failed: ${error}`);
	}
	return `${lines.join("\n")}\n`;
}

/** Whole numbers as they are, others with two decimals, missing values as "–". */
function formatNumber(value: number | null): string {
	if (value === null) return "–";
	return Number.isInteger(value) ? String(value) : value.toFixed(2);
}
