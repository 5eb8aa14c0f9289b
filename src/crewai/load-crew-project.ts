import { readdir, readFile } from "node:fs/promises";
import { dirname, join, relative, resolve } from "node:path";
import type { AgentSpec, CrewSpec, CrewWarning, TaskSpec } from "../config/crew-spec.ts";
import { loadCrewYaml, readCrewFile } from "../config/load-crew-yaml.ts";
import { parseAgents } from "../config/parse-agents.ts";
import { parseMcpFile } from "../config/parse-mcp-servers.ts";
import { parseTasks } from "../config/parse-tasks.ts";
import { parseYamlFile } from "../config/yaml-file.ts";
import { ConfigError } from "../errors.ts";
import {
	applyCrewCall,
	type CrewPyContext,
	crewPyAgent,
	crewPyTask,
	mapTools,
} from "./apply-crew-py.ts";
import { type CrewProjectLayout, findCrewProject } from "./find-crew-project.ts";
import { readPydanticModels } from "./pydantic-schema.ts";
import type { PythonCall } from "./python-values.ts";
import { type CrewPy, readCrewPy } from "./read-crew-py.ts";
import { readJsonCrew } from "./read-json-crew.ts";

/** A crew project, loaded: its spec, and where it came from. */
export interface LoadedCrewProject {
	layout: CrewProjectLayout;
	spec: CrewSpec;
}

/** Built-in tool names YAML agents may list directly. */
const crewkitToolNames = new Set([
	"read_file",
	"list_files",
	"write_file",
	"web_search",
	"fetch_page",
]);

/**
 * Loads the crew at `path` in any layout `findCrewProject` knows. A CrewAI project's
 * crew.py is read statically (never run): its wiring and settings are merged with the YAML,
 * and what crewkit cannot apply is listed in `spec.warnings`, once each.
 */
export async function loadCrewProject(path: string): Promise<LoadedCrewProject> {
	const layout = await findCrewProject(path);
	if (layout.jsonCrew) return { layout, spec: await readJsonCrew(layout.jsonCrew) };
	if (!layout.crewPy) {
		if (!layout.configDir) {
			// A crewkit project whose crew.ts holds everything: the spec is read from the crew.
			return { layout, spec: { agents: [], tasks: [] } };
		}
		return { layout, spec: await loadCrewYaml(layout.configDir) };
	}
	const text = await readFile(layout.crewPy, "utf8");
	const crewPy = await readCrewPy(text);
	const packageTexts = await readPackagePython(dirname(layout.crewPy));
	const warnings: CrewWarning[] = [];
	const context: CrewPyContext = {
		crewPy,
		fileName: layout.crewPy,
		root: layout.root,
		schemas: await readPydanticModels(packageTexts),
		warnings,
	};
	const configDir =
		layout.configDir ?? resolve(dirname(layout.crewPy), dirname(crewPy.agentsConfig));
	const spec = await mergeCrewPy(crewPy, configDir, context);
	for (const hook of crewPy.hooks) {
		warnings.push({
			what: `@${hook.decorator} ${hook.name}`,
			where: `${context.fileName}:${hook.line}`,
			instead: "Python code crewkit does not run: ignored",
		});
	}
	return {
		layout,
		spec: {
			...spec,
			...(warnings.length || spec.warnings?.length
				? { warnings: [...(spec.warnings ?? []), ...warnings] }
				: {}),
		},
	};
}

async function mergeCrewPy(
	crewPy: CrewPy,
	configDir: string,
	context: CrewPyContext,
): Promise<CrewSpec> {
	const yamlWarnings: CrewWarning[] = [];
	const hasYaml = await readCrewFile(configDir, "agents").then(
		() => true,
		() => false,
	);
	const yamlAgents = new Map<string, AgentSpec>();
	let agentsFileName = "agents.yaml";
	let mcp: ReturnType<typeof parseMcpFile> | undefined;
	if (hasYaml) {
		const agentsSource = await readCrewFile(configDir, "agents");
		const mcpSource = await readCrewFile(configDir, "mcp", { optional: true });
		mcp = mcpSource ? parseMcpFile(parseYamlFile(mcpSource)) : undefined;
		const agentsFile = parseYamlFile(agentsSource);
		agentsFileName = agentsFile.name;
		for (const agent of parseAgents(agentsFile, mcp, yamlWarnings)) {
			yamlAgents.set(agent.name, mapYamlTools(agent, crewPy, context));
		}
	}
	// Agents: the @agent methods (CrewAI's crew has exactly these), else the YAML's.
	const managerName = managerOf(crewPy);
	const agentCalls = crewPy.agents.filter((item) => item.value?.kind === "call");
	const allAgents = agentCalls.length
		? agentCalls.map((item) =>
				crewPyAgent(item.name, item.value as PythonCall, yamlAgents, context),
			)
		: [...yamlAgents.values()];
	const agents = allAgents.filter((agent) => agent.name !== managerName);
	const wiring = new Map<string, string>();
	for (const item of crewPy.tasks) {
		const call = item.value?.kind === "call" ? item.value : undefined;
		const config = call?.kwargs.get("config");
		const agent = call?.kwargs.get("agent");
		if (config?.kind === "config" && agent?.kind === "call" && agent.callee.startsWith("self.")) {
			wiring.set(config.key, agent.callee.slice(5));
		}
	}
	const yamlTasks = new Map<string, TaskSpec>();
	if (hasYaml) {
		const tasksFile = parseYamlFile(await readCrewFile(configDir, "tasks"));
		for (const task of parseTasks(tasksFile, allAgents, agentsFileName, {
			wiring,
			warnings: yamlWarnings,
		})) {
			yamlTasks.set(task.name, mapYamlTaskTools(task, crewPy, context));
		}
	}
	const taskCalls = crewPy.tasks.filter((item) => item.value?.kind === "call");
	const tasks = taskCalls.length
		? taskCalls.map((item) =>
				crewPyTask(
					item.name,
					item.value as PythonCall,
					yamlTasks,
					allAgents.map((agent) => agent.name),
					context,
				),
			)
		: [...yamlTasks.values()];
	if (tasks.length === 0) {
		throw new ConfigError("The crew has no tasks: crew.py defines no @task and tasks.yaml none.", {
			file: context.fileName,
		});
	}
	const spec: CrewSpec = {
		agents,
		tasks,
		...(yamlWarnings.length ? { warnings: yamlWarnings } : {}),
	};
	const crewCall = crewPy.crew?.value;
	if (crewCall?.kind === "call") {
		applyCrewCall(
			crewCall,
			spec,
			(name) => allAgents.find((agent) => agent.name === name),
			context,
		);
	}
	return spec;
}

/** The agent `Crew(manager_agent=self.x())` names, which is not one of the crew's agents. */
function managerOf(crewPy: CrewPy): string | undefined {
	const call = crewPy.crew?.value;
	const manager = call?.kind === "call" ? call.kwargs.get("manager_agent") : undefined;
	if (manager?.kind === "call" && manager.callee.startsWith("self."))
		return manager.callee.slice(5);
	return manager?.kind === "call" ? manager.ref : undefined;
}

/** agents.yaml `tools: [search_tool]` names `@tool` methods of the class: map what they build. */
function mapYamlTools(agent: AgentSpec, crewPy: CrewPy, context: CrewPyContext): AgentSpec {
	const { tools, knowledge } = mapToolNames(agent.tools, `agent '${agent.name}'`, crewPy, context);
	return {
		...agent,
		tools,
		...(knowledge.length ? { knowledge: [...(agent.knowledge ?? []), ...knowledge] } : {}),
	};
}

function mapYamlTaskTools(task: TaskSpec, crewPy: CrewPy, context: CrewPyContext): TaskSpec {
	if (!task.tools) return task;
	return { ...task, tools: mapToolNames(task.tools, `task '${task.name}'`, crewPy, context).tools };
}

function mapToolNames(
	names: readonly string[],
	owner: string,
	crewPy: CrewPy,
	context: CrewPyContext,
) {
	const tools: string[] = [];
	const knowledge: string[] = [];
	for (const name of names) {
		if (crewkitToolNames.has(name)) {
			tools.push(name);
			continue;
		}
		const helper = crewPy.helpers.get(name)?.value;
		const mapped = mapTools(helper ? [helper] : [{ kind: "name", name, line: 0 }], owner, context);
		tools.push(...mapped.tools);
		knowledge.push(...mapped.knowledge);
	}
	return { tools: [...new Set(tools)], knowledge };
}

/** The Python files of the crew's package (where its Pydantic models live), at most two levels deep. */
async function readPackagePython(dir: string): Promise<string[]> {
	const entries = await readdir(dir, { withFileTypes: true, recursive: true }).catch(() => []);
	const files = entries
		.filter((entry) => entry.isFile() && entry.name.endsWith(".py"))
		.map((entry) => join(entry.parentPath, entry.name))
		.filter((file) => relative(dir, file).split("/").length <= 3)
		.sort();
	return Promise.all(files.map((file) => readFile(file, "utf8")));
}
