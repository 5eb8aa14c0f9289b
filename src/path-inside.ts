import { isAbsolute, relative, sep } from "node:path";

/**
 * `path` relative to `folder` when it is the folder ("") or inside it; undefined when it
 * leads out (`..`, `../x`, another drive). A name that only starts with two dots (`..x`)
 * is inside.
 */
export function pathInside(folder: string, path: string): string | undefined {
	const inside = relative(folder, path);
	if (inside === ".." || inside.startsWith(`..${sep}`) || isAbsolute(inside)) return undefined;
	return inside;
}
