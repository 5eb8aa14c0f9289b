import { realpath } from "node:fs/promises";
import { basename, relative, resolve, sep } from "node:path";
import { ConfigError } from "../../errors.ts";

/** Folders no file tool reads or writes: version control and crewkit's own state (runs, approvals, indexes). */
const protectedFolders = new Set([".git", ".crewkit", ".hg", ".svn"]);

/** Files no file tool reads or writes: secrets of the environment. */
const secretFiles = /^\.env(\..*)?$/;

/** Files a crew is defined by: a model may read them, never rewrite them. */
const definitionFiles = new Set([
	"agents.yaml",
	"agents.yml",
	"tasks.yaml",
	"tasks.yml",
	"mcp.yaml",
	"mcp.yml",
	"crew.ts",
	"crew.js",
	"crew.mjs",
	"crew.py",
	"flow.ts",
	"main.py",
	"pyproject.toml",
	"package.json",
]);

/** A path refused because it is protected: version control, crewkit's state, the crew's definition, or listed by the user. */
export class ProtectedPathError extends ConfigError {}

/**
 * Refuses `path` (absolute, real, inside `root`) when it is protected for `access`:
 * `.git/`, `.crewkit/` and `.env` files always; the crew's definition files (agents.yaml,
 * tasks.yaml, mcp.yaml, crew.ts, crew.py, …) for writing; and whatever the user listed
 * (workspace-relative paths, files or folders).
 */
export async function assertNotProtected(
	root: string,
	path: string,
	access: "read" | "write",
	listed: readonly string[] = [],
): Promise<void> {
	const realRoot = await realpath(root).catch(() => resolve(root));
	const inside = relative(realRoot, path);
	const segments = inside.split(sep);
	const refuse = (why: string) => {
		throw new ProtectedPathError(
			`'${inside}' is protected (${why}); file tools do not ${access} it. Work on another file.`,
		);
	};
	const folder = segments.find((segment) => protectedFolders.has(segment));
	if (folder) refuse(`inside ${folder}/`);
	if (secretFiles.test(basename(path))) refuse("an environment file that may hold secrets");
	if (access === "write" && definitionFiles.has(basename(path))) refuse("a crew definition file");
	for (const entry of listed) {
		const target = relative(realRoot, resolve(realRoot, entry));
		if (inside === target || inside.startsWith(`${target}${sep}`)) refuse("listed as protected");
	}
}
