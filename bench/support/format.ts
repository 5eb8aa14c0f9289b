/** Number formatting shared by the benchmark tables. */

/** A number with thousands separators and a sensible number of digits. */
export function formatNumber(value: number, digits?: number): string {
	if (!Number.isFinite(value)) return "–";
	const places = digits ?? (Math.abs(value) >= 100 ? 0 : Math.abs(value) >= 10 ? 1 : 2);
	return value.toLocaleString("en-US", {
		minimumFractionDigits: places,
		maximumFractionDigits: places,
	});
}

/** "median (min–max)". */
export function formatSpread(
	value: { median: number; min: number; max: number },
	digits?: number,
): string {
	return `${formatNumber(value.median, digits)} (${formatNumber(value.min, digits)}–${formatNumber(value.max, digits)})`;
}

/** A ratio as "12.3×". */
export function formatRatio(value: number): string {
	if (!Number.isFinite(value)) return "–";
	return `${formatNumber(value, value >= 100 ? 0 : value >= 10 ? 1 : 2)}×`;
}
