/**
 * The frameworks a benchmark runs: all, or those named by `--frameworks a,b`; peers only
 * when they are installed (installing them first unless `--no-install`).
 */
import { ensurePeers, stalePeers } from "../peers/install.ts";
import { type FrameworkEntry, findFramework, frameworks } from "./frameworks.ts";

export interface Selection {
	selected: FrameworkEntry[];
	/** Why some were left out, for the result's notes. */
	notes: string[];
}

export function selectFrameworks(
	names: string | undefined,
	options: { install: boolean; include?: (entry: FrameworkEntry) => boolean },
): Selection {
	const wanted = names
		? names.split(",").map((name) => findFramework(name.trim()))
		: frameworks.filter(options.include ?? (() => true));
	const notes: string[] = [];
	if (wanted.some((entry) => entry.peer)) {
		try {
			if (options.install) ensurePeers((line) => process.stderr.write(`${line}\n`));
		} catch (error) {
			notes.push(`Peers could not be installed: ${(error as Error).message}`);
		}
	}
	const stale = stalePeers();
	const selected = wanted.filter((entry) => {
		if (!entry.peer || stale.length === 0) return true;
		const missing = entry.packages.filter((name) => stale.includes(name));
		if (missing.length === 0) return true;
		notes.push(`${entry.label} skipped: ${missing.join(", ")} not installed in bench/peers.`);
		return false;
	});
	return { selected, notes };
}
