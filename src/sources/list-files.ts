import { readdir, stat } from "node:fs/promises";
import { join } from "node:path";

/** Folders never searched for sources: tool output and dependencies, not documents. */
const ignoredFolders = new Set(["node_modules"]);

/**
 * The files under `folder` (absolute paths, sorted), walking subfolders. Hidden entries
 * (names starting with `.`, such as `.git`) and `node_modules` are left out; symbolic links
 * to files are followed, links to folders are not (they could loop).
 */
export async function listFiles(folder: string): Promise<string[]> {
	const files: string[] = [];
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
				if (target?.isFile()) files.push(path);
			}
		}
	};
	await walk(folder);
	return files.sort((left, right) => (left < right ? -1 : left > right ? 1 : 0));
}
