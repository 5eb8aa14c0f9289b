import { readFile, stat } from "node:fs/promises";
import { join } from "node:path";
import { ConfigError } from "../errors.ts";
import type { CrewSpec, CrewWarning } from "./crew-spec.ts";
import { parseAgents } from "./parse-agents.ts";
import { parseMcpFile } from "./parse-mcp-servers.ts";
import { parseTasks } from "./parse-tasks.ts";
import { parseYamlFile, type YamlSource } from "./yaml-file.ts";

/**
 * Reads a crew written in CrewAI's format from the texts of its `agents.yaml` and
 * `tasks.yaml`. Strings are trimmed; CrewAI keys crewkit does not apply are ignored; keys
 * that look like typos of known keys are errors. `mcp` is the crew's optional `mcp.yaml`:
 * MCP servers that agents name in `mcp_servers:`.
 * @throws ConfigError with file, line and column of the first problem and what to change.
 */
export function parseCrewYaml(files: {
	agents: YamlSource;
	tasks: YamlSource;
	mcp?: YamlSource | undefined;
}): CrewSpec {
	const agentsFile = parseYamlFile(files.agents);
	const tasksFile = parseYamlFile(files.tasks);
	const mcpServers = files.mcp ? parseMcpFile(parseYamlFile(files.mcp)) : undefined;
	const warnings: CrewWarning[] = [];
	const agents = parseAgents(agentsFile, mcpServers, warnings);
	const tasks = parseTasks(tasksFile, agents, agentsFile.name, { warnings });
	return { agents, tasks, ...(warnings.length ? { warnings } : {}) };
}

/**
 * Loads the crew in `dir`: its `agents.yaml` and `tasks.yaml` (`.yml` also accepted), as a
 * CrewAI project keeps them in `src/<project>/config/`, and `mcp.yaml` when there is one.
 * @throws ConfigError when a file is missing or unreadable, or as `parseCrewYaml` does.
 */
export async function loadCrewYaml(dir: string): Promise<CrewSpec> {
	const folder = await stat(dir).catch(() => undefined);
	if (!folder?.isDirectory()) {
		throw new ConfigError(
			`${folder ? "Not a folder" : "Folder not found"}: a YAML crew is a folder holding agents.yaml and tasks.yaml.`,
			{ file: dir },
		);
	}
	// One after the other, so that when several are missing the error names agents.yaml first.
	const agents = await readCrewFile(dir, "agents");
	const tasks = await readCrewFile(dir, "tasks");
	const mcp = await readCrewFile(dir, "mcp", { optional: true });
	return parseCrewYaml({ agents, tasks, mcp });
}

export async function readCrewFile(dir: string, name: "agents" | "tasks"): Promise<YamlSource>;
export async function readCrewFile(
	dir: string,
	name: "mcp",
	options: { optional: true },
): Promise<YamlSource | undefined>;
export async function readCrewFile(
	dir: string,
	name: "agents" | "tasks" | "mcp",
	options: { optional?: boolean } = {},
): Promise<YamlSource | undefined> {
	for (const extension of [".yaml", ".yml"]) {
		const path = join(dir, `${name}${extension}`);
		try {
			return { path, text: await readFile(path, "utf8") };
		} catch (error) {
			if ((error as NodeJS.ErrnoException).code === "ENOENT") continue;
			throw new ConfigError(
				`Cannot read the file: ${(error as Error).message}`,
				{ file: path },
				{
					cause: error,
				},
			);
		}
	}
	if (options.optional) return undefined;
	const nested = join(dir, "config", `${name}.yaml`);
	const hint = (await stat(nested).catch(() => undefined))
		? ` There is one in ${join(dir, "config")}: load that folder instead.`
		: "";
	throw new ConfigError(
		`File not found: a YAML crew is a folder holding agents.yaml and tasks.yaml.${hint}`,
		{ file: join(dir, `${name}.yaml`) },
	);
}
