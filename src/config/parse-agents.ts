import { dirname, resolve } from "node:path";
import { ConfigError } from "../errors.ts";
import type { McpServerConfig } from "../mcp/mcp-server-config.ts";
import type { AgentSpec } from "./crew-spec.ts";
import { agentKeys, taskKeys } from "./crewai-keys.ts";
import { readMcpServerList } from "./parse-mcp-servers.ts";
import { checkKeys, type Definition, readDefinitions } from "./read-definitions.ts";
import { readNameList, readOptionalText, readPositiveInteger, readText } from "./read-field.ts";
import type { YamlFile } from "./yaml-file.ts";

/**
 * The agents of a parsed agents.yaml, in file order.
 * @param mcpServers The servers of the crew's mcp.yaml, which `mcp_servers:` may name.
 * @throws ConfigError pointing at the first problem.
 */
export function parseAgents(
	file: YamlFile,
	mcpServers: ReadonlyMap<string, McpServerConfig> = new Map(),
): AgentSpec[] {
	return readDefinitions(file, "agent").map((definition) => {
		checkNotATask(definition);
		checkKeys(definition, agentKeys);
		const agent: AgentSpec = {
			name: definition.name,
			role: readText(definition, "role", "naming the agent's job, e.g. Senior Data Researcher"),
			goal: readText(definition, "goal", "saying what the agent works towards"),
			backstory: readText(definition, "backstory", "telling who the agent is, in a few sentences"),
			tools: (readNameList(definition, "tools", "search, fetch") ?? []).map((tool) => tool.name),
			location: definition.location,
		};
		const model = readOptionalText(definition, "llm", "a model string such as openai/gpt-4o");
		if (model !== undefined) agent.model = model;
		const maxIterations = readPositiveInteger(definition, "max_iter");
		if (maxIterations !== undefined) agent.maxIterations = maxIterations;
		// crewkit's addition to CrewAI's keys: MCP servers whose tools the agent may call.
		const servers = definition.fields.get("mcp_servers");
		if (servers) {
			const owner = `agent '${definition.name}'`;
			const list = readMcpServerList(file, servers, owner, mcpServers);
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
