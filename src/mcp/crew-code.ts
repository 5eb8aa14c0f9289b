import { createHash } from "node:crypto";
import { readdir, readFile, readlink } from "node:fs/promises";
import { dirname, join, relative } from "node:path";
import { ConfigError } from "../errors.ts";

/** A crew defined by code (crew.ts): what running it runs, as far as trust is concerned. */
export interface CrewCode {
	/** The crew.ts file. */
	module: string;
	/** The definition files of its folder that were hashed, relative to it, sorted. */
	files: string[];
	/** SHA-256 of those files' paths and contents: an approval holds until any of them changes. */
	hash: string;
}

/**
 * Files that define a crew folder: scripts crew.ts may import, package.json (how they
 * resolve), and YAML. Not data a run writes or records (reports, recordings, lock files).
 */
const definitionFile = /(?:\.(?:[cm]?[jt]sx?|ya?ml)|^package\.json)$/i;
/** Folders whose files are not the crew's own definition. */
const skippedFolders = new Set(["node_modules", "dist", "reports"]);
/** Most definition files hashed; a folder with more is refused (it is no crew folder). */
export const maxCrewCodeFiles = 2_000;

/**
 * Reads the definition files of the folder of `module` (a crew.ts) and its subfolders —
 * scripts, package.json and YAML, leaving out `node_modules`, `dist`, `reports` and hidden
 * entries — and hashes their paths and contents. A symbolic link counts by its target.
 * @throws ConfigError when the folder holds more than `maxCrewCodeFiles` of them.
 */
export async function readCrewCode(module: string): Promise<CrewCode> {
	const folder = dirname(module);
	const hash = createHash("sha256");
	const files: string[] = [];
	const visit = async (current: string): Promise<void> => {
		const entries = await readdir(current, { withFileTypes: true });
		entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
		for (const entry of entries) {
			if (entry.name.startsWith(".")) continue;
			const path = join(current, entry.name);
			if (entry.isDirectory()) {
				if (!skippedFolders.has(entry.name)) await visit(path);
				continue;
			}
			if (!definitionFile.test(entry.name) || !(entry.isFile() || entry.isSymbolicLink())) {
				continue;
			}
			const name = relative(folder, path).split("\\").join("/");
			files.push(name);
			if (files.length > maxCrewCodeFiles) {
				throw new ConfigError(
					`The folder of ${module} holds more than ${maxCrewCodeFiles} script and YAML files: keep a crew.ts crew in a folder of its own.`,
				);
			}
			const content = entry.isSymbolicLink()
				? `link to ${await readlink(path)}`
				: await readFile(path);
			hash.update(`${name}\0${content.length}\0`).update(content).update("\0");
		}
	};
	await visit(folder);
	return { module, files, hash: hash.digest("hex") };
}
