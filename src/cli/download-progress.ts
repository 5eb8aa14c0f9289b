import { formatProgressBar } from "../models/embedded/format-progress-bar.ts";
import type { CliIo } from "./io.ts";

/**
 * Prints a download's progress on stderr: a bar redrawn in place on a terminal, else a
 * line each time another 10 % has arrived (logs and CI stay readable).
 */
export function downloadProgress(
	io: CliIo,
	label = "Downloading the model",
): (downloaded: number, total: number) => void {
	let lastPercent = -1;
	let lastTenth = -1;
	return (downloaded, total) => {
		const percent = total ? Math.floor((downloaded / total) * 100) : 0;
		if (percent === lastPercent) return;
		lastPercent = percent;
		const line = `${label} ${formatProgressBar(downloaded, total, 30)}`;
		if (io.interactive) {
			io.err(`\r${line}${percent >= 100 ? "\n" : ""}`);
			return;
		}
		const tenth = Math.floor(percent / 10);
		if (tenth === lastTenth) return;
		lastTenth = tenth;
		io.err(`${line}\n`);
	};
}
