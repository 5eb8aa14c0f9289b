/** A metric over the runs: each run's value (`null` for a run without one), mean and spread. */
export interface MetricSummary {
	runs: Array<number | null>;
	/** Mean of the runs that have a value; `null` when none has. */
	mean: number | null;
	/** Sample standard deviation of those values; 0 for a single value, `null` for none. */
	spread: number | null;
}

/** Mean and spread (sample standard deviation) of a metric's values over the runs. */
export function summarizeRuns(runs: Array<number | null>): MetricSummary {
	const values = runs.filter((value): value is number => value !== null);
	if (values.length === 0) return { runs, mean: null, spread: null };
	const mean = values.reduce((sum, value) => sum + value, 0) / values.length;
	const spread =
		values.length < 2
			? 0
			: Math.sqrt(
					values.reduce((sum, value) => sum + (value - mean) ** 2, 0) / (values.length - 1),
				);
	return { runs, mean: round(mean), spread: round(spread) };
}

/** Rounds away floating-point noise, so that equal runs print and compare equal. */
function round(value: number): number {
	return Math.round(value * 1e6) / 1e6;
}
