/**
 * Draws a one-line download progress bar, `width` characters between the brackets:
 *
 *     [=========>          ]  48%  540.0 MB / 1.1 GB
 *
 * When the total is unknown (0 or less) only the bytes so far are shown. Pure, so the
 * caller decides where and how often to print it (for example with `\r` on a TTY).
 */
export function formatProgressBar(downloaded: number, total: number, width: number): string {
	const barWidth = Math.max(1, Math.floor(width));
	const done = Math.max(0, downloaded);
	if (!(total > 0)) return `[${" ".repeat(barWidth)}]  ${formatBytes(done)}`;

	const fraction = Math.min(1, done / total);
	const filled = Math.floor(fraction * barWidth);
	const bar =
		filled === barWidth
			? "=".repeat(barWidth)
			: `${"=".repeat(filled)}>${" ".repeat(barWidth - filled - 1)}`;
	const percent = `${Math.floor(fraction * 100)}%`.padStart(4);
	return `[${bar}] ${percent}  ${formatBytes(done)} / ${formatBytes(total)}`;
}

const units = ["B", "kB", "MB", "GB", "TB"];

/** Bytes in decimal units with one decimal place: `512 B`, `1.5 kB`, `1.1 GB`. */
export function formatBytes(bytes: number): string {
	let value = bytes;
	let unit = 0;
	while (value >= 1000 && unit < units.length - 1) {
		value /= 1000;
		unit += 1;
	}
	return unit === 0 ? `${Math.round(value)} B` : `${value.toFixed(1)} ${units[unit]}`;
}
