import { ConfigError } from "../errors.ts";

/**
 * Checks the `knowledge` of an agent or crew where it is defined: a list of file or folder
 * paths (markdown, text, HTML, PDF). Whether they exist is checked when a run starts.
 * @throws ConfigError naming the owner and the bad entry.
 */
export function checkKnowledgePaths(paths: unknown, owner: string): readonly string[] {
	if (paths === undefined) return [];
	if (!Array.isArray(paths)) {
		throw new ConfigError(
			`${owner}: knowledge must be a list of file or folder paths, e.g. knowledge: ['./docs'].`,
		);
	}
	for (const path of paths) {
		if (typeof path !== "string" || !path.trim()) {
			throw new ConfigError(
				`${owner}: each knowledge entry must be a file or folder path, got ${JSON.stringify(path)}.`,
			);
		}
	}
	return Object.freeze([...paths]);
}
