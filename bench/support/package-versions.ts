/** Installed versions of the packages the results name, read from their package.json. */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { benchDir } from "./frameworks.ts";

const rootDir = join(benchDir, "..");

/**
 * The installed version of a package: crewkit's own copy first (the one crewkit and the AI SDK
 * rows use), or the peers' first with `from: "peers"`.
 */
export function installedVersion(
	name: string,
	from: "crewkit" | "peers" = "crewkit",
): string | undefined {
	if (name === "crewkit") return readVersion(join(rootDir, "package.json"));
	const folders = [join(rootDir, "node_modules"), join(benchDir, "peers", "node_modules")];
	if (from === "peers") folders.reverse();
	for (const folder of folders) {
		const version = readVersion(join(folder, name, "package.json"));
		if (version) return version;
	}
	return undefined;
}

function readVersion(file: string): string | undefined {
	if (!existsSync(file)) return undefined;
	return (JSON.parse(readFileSync(file, "utf8")) as { version?: string }).version;
}

/** "name version" for each package, e.g. "@langchain/langgraph 1.7.3". */
export function describePackages(
	names: readonly string[],
	from: "crewkit" | "peers" = "crewkit",
): string {
	return names
		.map((name) => `${name} ${installedVersion(name, from) ?? "(not installed)"}`)
		.join(", ");
}

/** A framework's table label with the version of its main package, e.g. "LangGraph.js (@langchain/langgraph 1.7.3)". */
export function labelWithVersion(entry: {
	label: string;
	packages: readonly string[];
	peer: boolean;
}): string {
	const main = entry.packages.find((name) => name !== "crewkit");
	return main
		? `${entry.label} (${describePackages([main], entry.peer ? "peers" : "crewkit")})`
		: entry.label;
}
