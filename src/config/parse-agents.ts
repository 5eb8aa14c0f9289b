import { dirname, resolve } from "node:path";
import { ConfigError, formatLocation } from "../errors.ts";
import type { McpServerConfig } from "../mcp/mcp-server-config.ts";
import type { AgentSpec, CrewWarning } from "./crew-spec.ts";
import { agentKeys, taskKeys } from "./crewai-keys.ts";
import { normalizeModelString } from "./normalize-model-string.ts";
import { readMcpServerList } from "./parse-mcp-servers.ts";
import {
	checkKeys,
	type Definition,
	readDefinitions,
	warnIgnoredKeys,
} from "./read-definitions.ts";
import {
	readBoolean,
	readNameList,
	readOptionalText,
	readPositiveInteger,
	readText,
} from "./read-field.ts";
import { locate, type YamlFile } from "./yaml-file.ts";

/**
 * The agents of a parsed agents.yaml, in file order.
 * @param mcpServers The servers of the crew's mcp.yaml (none without one), which `mcp_servers:` may name.
 * @param warnings Receives the CrewAI settings crewkit does not apply.
 * @throws ConfigError pointing at the first problem.
 */
export function parseAgents(
	file: YamlFile,
	mcpServers: ReadonlyMap<string, McpServerConfig> | undefined,
	warnings: CrewWarning[],
): AgentSpec[] {
	const servers = mcpServers ?? new Map<string, McpServerConfig>();
	return readDefinitions(file, "agent").map((definition) => {
		checkNotATask(definition);
		checkKeys(definition, agentKeys);
		warnIgnoredKeys(definition, agentKeys.ignored, warnings);
		const agent: AgentSpec = {
			name: definition.name,
			role: readText(definition, "role", "naming the agent's job, e.g. Senior Data Researcher"),
			goal: readText(definition, "goal", "saying what the agent works towards"),
			backstory: readText(definition, "backstory", "telling who the agent is, in a few sentences"),
			tools: (readNameList(definition, "tools", "search, fetch") ?? []).map((tool) => tool.name),
			location: definition.location,
		};
		const model = readOptionalText(definition, "llm", "a model string such as openai/gpt-4o");
		if (model !== undefined) {
			const normalized = normalizeModelString(model);
			if (normalized.problem === undefined) agent.model = normalized.model;
			else
				warnings.push({
					what: `agent '${definition.name}': llm '${model}'`,
					where: formatWhere(definition.fields.get("llm")?.value, file),
					instead: normalized.problem,
				});
		}
		const maxIterations = readPositiveInteger(definition, "max_iter");
		if (maxIterations !== undefined) agent.maxIterations = maxIterations;
		const allowDelegation = readBoolean(definition, "allow_delegation");
		if (allowDelegation !== undefined) agent.allowDelegation = allowDelegation;
		const maxExecutionTime = readPositiveInteger(definition, "max_execution_time");
		if (maxExecutionTime !== undefined) agent.maxExecutionTime = maxExecutionTime;
		// Read, but not applied yet: said in the run's warning block.
		const maxRpm = readPositiveInteger(definition, "max_rpm");
		if (maxRpm !== undefined) {
			agent.maxRpm = maxRpm;
			warnings.push({
				what: `agent '${definition.name}': max_rpm`,
				where: formatWhere(definition.fields.get("max_rpm")?.keyNode, file),
				instead: "ignored per agent: limit requests with crewkit run --rpm",
			});
		}
		const reasoning = readBoolean(definition, "reasoning");
		if (reasoning) agent.reasoning = true;
		// crewkit's addition to CrewAI's keys: MCP servers whose tools the agent may call.
		const serverList = definition.fields.get("mcp_servers");
		if (serverList) {
			const owner = `agent '${definition.name}'`;
			const list = readMcpServerList(file, serverList, owner, servers);
			if (list.length) agent.mcpServers = list;
		}
		// crewkit's addition: files and folders the agent's tasks search (src/knowledge),
		// relative to the folder of agents.yaml.
		const knowledge = readNameList(definition, "knowledge", "./docs, ./faq.md");
		if (knowledge?.length) {
			agent.knowledge = knowledge.map((item) => resolve(dirname(file.path), item.name));
		}
		return agent;
	});
}

function formatWhere(node: Parameters<typeof locate>[1], file: YamlFile): string {
	return formatLocation(locate(file, node));
}

/** An entry with task fields and no role: the two files are probably swapped. */
function checkNotATask(definition: Definition): void {
	if (definition.fields.has("role")) return;
	const taskFields = taskKeys.used.filter((key) => definition.fields.has(key));
	if (taskFields.length === 0) return;
	throw new ConfigError(
		`Agent '${definition.name}' has task fields (${taskFields.join(", ")}) and no role: ` +
			`is this a task? Tasks belong in tasks.yaml, agents (role, goal, backstory) in ${definition.file.name}.`,
		definition.location,
	);
}
