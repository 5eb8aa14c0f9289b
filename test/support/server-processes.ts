import { readdirSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

// Resolved like an import, so a test also finds it from a copy of the project (Stryker's sandbox).
/** The filesystem MCP server's entry point, for tests that start it as a stdio server. */
export const filesystemServer = fileURLToPath(
	import.meta.resolve("@modelcontextprotocol/server-filesystem/dist/index.js"),
);

/**
 * Ids of the processes whose command line contains `marker` (Linux). Synchronous, so it can
 * run inside an event listener.
 */
export function processesWith(marker: string): number[] {
	const pids: number[] = [];
	for (const entry of readdirSync("/proc")) {
		if (!/^\d+$/.test(entry)) continue;
		let commandLine = "";
		try {
			commandLine = readFileSync(`/proc/${entry}/cmdline`, "utf8");
		} catch {
			// The process ended while we looked.
		}
		if (commandLine.includes(marker)) pids.push(Number(entry));
	}
	return pids;
}
