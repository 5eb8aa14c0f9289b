/** What the results say about the machine and the software they were measured with. */
import { readFileSync } from "node:fs";
import { availableParallelism, cpus, loadavg, release, totalmem, type } from "node:os";
import { join } from "node:path";
import { benchDir } from "./frameworks.ts";
import { installedVersion } from "./package-versions.ts";

export interface MachineDescription {
	cpu: string;
	cores: number;
	memoryGb: number;
	os: string;
	node: string;
	nodePath: string;
}

export function describeMachine(): MachineDescription {
	const list = cpus();
	return {
		cpu: `${list[0]?.model ?? "unknown"} (${list.length} logical CPUs)`,
		cores: availableParallelism(),
		memoryGb: totalmem() / 1024 ** 3,
		os: `${type()} ${release()}`,
		node: process.version,
		nodePath: process.execPath,
	};
}

/** The 1, 5 and 15 minute load averages, e.g. "0.52, 0.61, 0.70". */
export function loadAverage(): string {
	return loadavg()
		.map((value) => value.toFixed(2))
		.join(", ");
}

/** Pinned and installed versions: crewkit's dependencies, then the peers. */
export function packageVersions(): Array<{
	group: string;
	name: string;
	pinned: string;
	installed: string;
}> {
	const read = (file: string) =>
		JSON.parse(readFileSync(file, "utf8")) as { dependencies?: Record<string, string> };
	const rows: Array<{ group: string; name: string; pinned: string; installed: string }> = [];
	const root = read(join(benchDir, "..", "package.json"));
	for (const [name, pinned] of Object.entries(root.dependencies ?? {})) {
		rows.push({ group: "crewkit", name, pinned, installed: installedVersion(name) ?? "–" });
	}
	const peers = read(join(benchDir, "peers", "package.json"));
	for (const [name, pinned] of Object.entries(peers.dependencies ?? {})) {
		rows.push({ group: "peers", name, pinned, installed: installedVersion(name, "peers") ?? "–" });
	}
	return rows;
}
