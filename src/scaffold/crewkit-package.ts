import { readFile } from "node:fs/promises";
import { dirname, join, sep } from "node:path";
import { fileURLToPath } from "node:url";

/** What a new project needs to know of the crewkit it is created by. */
export interface CrewkitPackage {
	/** The folder of crewkit's package.json. */
	root: string;
	version: string;
	/** How a project depends on it: `file:<root>` for a checkout, else `^<version>`. */
	dependency: string;
	/** The zod version crewkit uses: a project's tools must build their schemas with it. */
	zodVersion: string;
	/** The `node` package version that gives crewkit's Node (24), for the project's scripts. */
	nodeVersion: string;
}

/**
 * The crewkit package this module belongs to. Run from a checkout (not inside a
 * node_modules folder), new projects depend on that checkout by a `file:` link, so they use
 * crewkit as it is there; installed from the registry, they depend on its published version.
 */
export async function findCrewkitPackage(
	from: string = fileURLToPath(import.meta.url),
): Promise<CrewkitPackage> {
	let folder = dirname(from);
	for (;;) {
		const manifest = await readFile(join(folder, "package.json"), "utf8").then(
			(text) => JSON.parse(text) as PackageManifest,
			() => undefined,
		);
		if (manifest?.name === "crewkit") {
			const checkout = !folder.split(sep).includes("node_modules");
			return {
				root: folder,
				version: manifest.version,
				dependency: checkout ? `file:${folder}` : `^${manifest.version}`,
				zodVersion: manifest.dependencies?.zod ?? "^4",
				nodeVersion: manifest.devDependencies?.node ?? "24",
			};
		}
		const parent = dirname(folder);
		if (parent === folder) throw new Error(`No crewkit package.json above ${from}.`);
		folder = parent;
	}
}

interface PackageManifest {
	name?: string;
	version: string;
	dependencies?: Record<string, string>;
	devDependencies?: Record<string, string>;
}
