import { readdir, readFile, stat } from "node:fs/promises";
import { basename, dirname, join } from "node:path";
import { ConfigError } from "../errors.ts";

/** Where the parts of a crew project are, whatever its layout. */
export interface CrewProjectLayout {
	/** The project's root: where CrewAI runs it from (file paths are relative to it). */
	root: string;
	/** The crew's name: its package or folder name. */
	name: string;
	/** A crewkit project's crew.ts, which builds the crew itself. */
	crewModule?: string;
	/** The Python file defining the crew (`@CrewBase` class), read but never run. */
	crewPy?: string;
	/** The folder holding agents.yaml and tasks.yaml, when there are YAML files. */
	configDir?: string;
	/** CrewAI's JSON crew (`crew.jsonc` with `agents/<name>.jsonc`), the current default. */
	jsonCrew?: string;
}

const isFile = (path: string) =>
	stat(path).then(
		(info) => info.isFile(),
		() => false,
	);
const isFolder = (path: string) =>
	stat(path).then(
		(info) => info.isDirectory(),
		() => false,
	);
const hasYaml = async (dir: string) =>
	(await isFile(join(dir, "agents.yaml"))) || (await isFile(join(dir, "agents.yml")));

/**
 * Finds a crew project from a path a user gives `crewkit run --crew`: a crewkit project
 * (crew.ts), a CrewAI project's root (`src/<package>/config/…`), its `src/<package>`
 * folder, its config folder, or a folder with a crew.py (YAML beside it, or none).
 * @throws ConfigError saying which layouts were looked for.
 */
export async function findCrewProject(path: string): Promise<CrewProjectLayout> {
	const start = (await isFile(path)) ? dirname(path) : path;
	if (!(await isFolder(start))) {
		throw new ConfigError("Folder not found: give a crew project's folder (or its crew.py).", {
			file: path,
		});
	}
	if (await isFile(join(start, "crew.ts"))) {
		return {
			root: start,
			name: basename(start),
			crewModule: join(start, "crew.ts"),
			...((await hasYaml(start)) ? { configDir: start } : {}),
		};
	}
	for (const name of ["crew.jsonc", "crew.json"]) {
		if (await isFile(join(start, name))) {
			return { root: start, name: basename(start), jsonCrew: join(start, name) };
		}
	}
	// The config folder itself, or a package folder with config/ (or YAML) beside crew.py.
	if (await hasYaml(start)) {
		const packageDir = basename(start) === "config" ? dirname(start) : start;
		return layoutOf(packageDir, start);
	}
	if (await hasYaml(join(start, "config"))) return layoutOf(start, join(start, "config"));
	const crewPy = await findCrewPy(start);
	if (crewPy) return { ...(await layoutOf(start, undefined)), crewPy };
	// A project root: src/<package>/ holds the crew.
	const packages = await readdir(join(start, "src"), { withFileTypes: true }).catch(() => []);
	for (const entry of packages.filter((item) => item.isDirectory()).sort(byName)) {
		const packageDir = join(start, "src", entry.name);
		if (await hasYaml(join(packageDir, "config"))) {
			return { ...(await layoutOf(packageDir, join(packageDir, "config"))), root: start };
		}
		if (await findCrewPy(packageDir))
			return { ...(await layoutOf(packageDir, undefined)), root: start };
	}
	throw new ConfigError(
		"No crew found here. crewkit runs a folder holding agents.yaml and tasks.yaml, a CrewAI project (crew.jsonc with agents/; or its root, src/<package> or config folder, with crew.py), or a crewkit project (crew.ts).",
		{ file: path },
	);
}

async function layoutOf(
	packageDir: string,
	configDir: string | undefined,
): Promise<CrewProjectLayout> {
	const crewPy = await findCrewPy(packageDir);
	// CrewAI runs a project from its root: two levels above src/<package>.
	const root = basename(dirname(packageDir)) === "src" ? dirname(dirname(packageDir)) : packageDir;
	return {
		root,
		name: basename(packageDir),
		...(crewPy ? { crewPy } : {}),
		...(configDir ? { configDir } : {}),
	};
}

/** crew.py, or else the Python file of the folder that defines a `@CrewBase` class. */
async function findCrewPy(dir: string): Promise<string | undefined> {
	if (await isFile(join(dir, "crew.py"))) return join(dir, "crew.py");
	const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
	for (const entry of entries
		.filter((item) => item.isFile() && item.name.endsWith(".py"))
		.sort(byName)) {
		const text = await readFile(join(dir, entry.name), "utf8");
		if (/^@CrewBase\b/m.test(text)) return join(dir, entry.name);
	}
	return undefined;
}

const byName = (a: { name: string }, b: { name: string }) => a.name.localeCompare(b.name);
