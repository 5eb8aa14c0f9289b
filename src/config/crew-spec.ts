import type { SourceLocation } from "../errors.ts";
import type { McpServerConfig } from "../mcp/mcp-server-config.ts";

/** An agent as a YAML crew defines it (CrewAI's `agents.yaml` entry), strings trimmed. */
export interface AgentSpec {
	/** The entry's key in agents.yaml; tasks refer to the agent by it. */
	name: string;
	role: string;
	goal: string;
	backstory: string;
	/** The model string, from CrewAI's `llm` key. */
	model?: string;
	/** Names of the tools the agent may call; empty when the key is absent. */
	tools: string[];
	/** From CrewAI's `max_iter`. */
	maxIterations?: number;
	/** MCP servers whose tools the agent may call, from `mcp_servers:` (crewkit's key). */
	mcpServers?: McpServerConfig[];
	/**
	 * Files and folders the agent's tasks search (crewkit's `knowledge:` key), resolved
	 * against the folder of agents.yaml.
	 */
	knowledge?: string[];
	/** Where the entry's name is written. */
	location: SourceLocation;
}

/** A task as a YAML crew defines it (CrewAI's `tasks.yaml` entry), strings trimmed. */
export interface TaskSpec {
	/** The entry's key in tasks.yaml; other tasks' `context` refers to it. */
	name: string;
	description: string;
	expectedOutput: string;
	/** The name of the agent that does the task, one of `CrewSpec.agents`. */
	agent: string;
	/**
	 * The earlier tasks whose outputs this task receives. `undefined` when the key is absent
	 * (CrewAI's sequential process then passes every earlier output); `[]` passes none.
	 */
	context?: string[];
	/** Where the task's output is written, from `output_file`. */
	outputFile?: string;
	/** From CrewAI's `async_execution`; false when absent. */
	async: boolean;
	/** From CrewAI's `human_input`: a person reviews the answer until they accept it. */
	humanInput?: boolean;
	/** Where the entry's name is written. */
	location: SourceLocation;
}

/** A crew as its YAML files define it: agents and tasks, each in file order. */
export interface CrewSpec {
	agents: AgentSpec[];
	tasks: TaskSpec[];
}
