import { readdir, realpath, stat } from "node:fs/promises";
import { isAbsolute, join, relative } from "node:path";

/** Folders never searched for sources: tool output and dependencies, not documents. */
const ignoredFolders = new Set(["node_modules"]);

/**
 * The files under `folder` (absolute paths, sorted), walking subfolders. Hidden entries
 * (names starting with `.`, such as `.git`) and `node_modules` are left out; symbolic links
 * to files inside `folder` are followed, links to folders are not (they could loop), and
 * links that lead out of `folder` are left out: a link must not bring in a file from
 * elsewhere on the machine.
 */
export async function listFiles(folder: string): Promise<string[]> {
	const files: string[] = [];
	const root = await realpath(folder);
	const isInside = (path: string) => {
		const relation = relative(root, path);
		return relation !== "" && !relation.startsWith("..") && !isAbsolute(relation);
	};
	const walk = async (current: string): Promise<void> => {
		const entries = await readdir(current, { withFileTypes: true });
		for (const entry of entries) {
			if (entry.name.startsWith(".")) continue;
			const path = join(current, entry.name);
			if (entry.isDirectory()) {
				if (!ignoredFolders.has(entry.name)) await walk(path);
			} else if (entry.isFile()) {
				files.push(path);
			} else if (entry.isSymbolicLink()) {
				const target = await stat(path).catch(() => undefined);
				const real = await realpath(path).catch(() => undefined);
				if (target?.isFile() && real && isInside(real)) files.push(path);
			}
		}
	};
	await walk(folder);
	return files.sort((left, right) => (left < right ? -1 : left > right ? 1 : 0));
}
