import { realpath } from "node:fs/promises";
import { dirname, isAbsolute, relative, resolve } from "node:path";
import { ConfigError } from "../../errors.ts";
import { pathInside } from "../../path-inside.ts";

/** A path refused because it leaves the workspace (`..`, an absolute path, or a symlink). */
export class WorkspaceEscapeError extends ConfigError {}

/**
 * Resolves `path` inside `root` and proves it stays there: no `..` out of the root, no
 * absolute path elsewhere, and no symlink (anywhere along the existing part of the path)
 * that points outside. Returns the absolute, real path to use.
 */
export async function resolveInWorkspace(root: string, path: string): Promise<string> {
	const realRoot = await realpath(root);
	const candidate = isAbsolute(path) ? resolve(path) : resolve(realRoot, path);
	if (!isInside(realRoot, candidate)) {
		throw new WorkspaceEscapeError(
			`'${path}' is outside the workspace ${realRoot}. Use a path inside it.`,
		);
	}
	const real = await realExistingPrefix(candidate);
	if (!isInside(realRoot, real.path)) {
		throw new WorkspaceEscapeError(
			`'${path}' leads outside the workspace ${realRoot} through a symbolic link. Use a path inside it.`,
		);
	}
	return resolve(real.path, real.rest);
}

function isInside(root: string, path: string): boolean {
	return pathInside(root, path) !== undefined;
}

/** The real path of the longest existing prefix of `path`, and the part that does not exist yet. */
async function realExistingPrefix(path: string): Promise<{ path: string; rest: string }> {
	let existing = path;
	for (;;) {
		try {
			return { path: await realpath(existing), rest: relative(existing, path) };
		} catch (error) {
			if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
			// Ends at the latest at the file system's root, which always exists.
			existing = dirname(existing);
		}
	}
}
