import { cp, mkdir, readdir, readFile, rename, writeFile } from "node:fs/promises";
import { join, relative } from "node:path";
import { ConfigError } from "../errors.ts";
import type { CrewkitPackage } from "./crewkit-package.ts";
import { templateDir } from "./template-location.ts";

export interface ScaffoldOptions {
	/** The project's package name, also its README title. */
	name: string;
	/** Where to create it: a folder that does not exist yet, or an empty one. */
	folder: string;
	crewkit: CrewkitPackage;
}

/**
 * Creates a crew project: agents.yaml and tasks.yaml, a typed custom tool, crew.ts that
 * loads the YAML and attaches the tool, a test that replays recorded model calls, a
 * package.json whose `npm test` runs it on Node 24, and a README.
 * @returns The files written, relative to the folder, sorted.
 * @throws ConfigError for a name npm would refuse or a folder that is not empty.
 */
export async function scaffoldProject(options: ScaffoldOptions): Promise<string[]> {
	const { name, folder, crewkit } = options;
	if (!/^[a-z0-9][a-z0-9._-]{0,213}$/.test(name)) {
		throw new ConfigError(
			`'${name}' is not a valid project name: use lowercase letters, digits, '-', '_' or '.', starting with a letter or digit.`,
		);
	}
	const existing = await readdir(folder).catch(() => undefined);
	if (existing && existing.length > 0) {
		throw new ConfigError(
			`The folder ${folder} already exists and is not empty: choose another name, or empty it.`,
		);
	}
	await mkdir(folder, { recursive: true });
	await cp(templateDir, folder, { recursive: true });
	// npm leaves files named .gitignore out of published packages, so the template's is named gitignore.
	await rename(join(folder, "gitignore"), join(folder, ".gitignore"));
	const readme = join(folder, "README.md");
	await writeFile(readme, (await readFile(readme, "utf8")).replaceAll("{{name}}", name));
	await writeFile(
		join(folder, "package.json"),
		`${JSON.stringify(packageJson(name, crewkit), null, "\t")}\n`,
	);
	return (await listFiles(folder)).map((file) => relative(folder, file)).sort();
}

/**
 * The project's package.json. Its scripts run on Node 24 on any machine: the `node` dev
 * dependency (as in crewkit's own package.json) puts Node 24 first on the PATH of npm
 * scripts, whatever Node runs npm itself.
 */
export function packageJson(name: string, crewkit: CrewkitPackage) {
	// A project linked to a crewkit checkout (file:) uses its TypeScript sources, which a
	// checkout does not build: the `crewkit-source` export condition selects them.
	const node = crewkit.dependency.startsWith("file:") ? "node --conditions=crewkit-source" : "node";
	return {
		name,
		version: "0.1.0",
		private: true,
		description: "A crew of AI agents built with crewkit",
		type: "module",
		scripts: {
			start: `${node} crew.ts`,
			record: `${node} crew.ts --record test/calls.json`,
			test: `${node} --test "test/**/*.test.ts"`,
		},
		dependencies: { crewkit: crewkit.dependency, zod: crewkit.zodVersion },
		devDependencies: { node: crewkit.nodeVersion },
		// npm runs the install script of `node` (it fetches the Node 24 binary) only when allowed.
		allowScripts: { node: true },
	};
}

async function listFiles(folder: string): Promise<string[]> {
	const entries = await readdir(folder, { withFileTypes: true, recursive: true });
	return entries
		.filter((entry) => entry.isFile())
		.map((entry) => join(entry.parentPath, entry.name));
}
