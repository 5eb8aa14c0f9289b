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
	/** From CrewAI's `allow_delegation`: the agent may hand work to its coworkers. */
	allowDelegation?: boolean;
	/** From CrewAI's `max_execution_time` (seconds): a task of the agent fails after this long. */
	maxExecutionTime?: number;
	/** From CrewAI's `max_rpm`: the agent's model calls per minute at most. */
	maxRpm?: number;
	/** From CrewAI's `reasoning`: the agent plans its approach before each task. */
	reasoning?: boolean;
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
	/** Tools for this task only, replacing the agent's (CrewAI's task `tools`). */
	tools?: string[];
	/** The answer's JSON Schema, from `output_pydantic` / `output_json` (a Pydantic class). */
	outputSchema?: Record<string, unknown>;
	/** Instructions the task's model checks the answer against (CrewAI's string `guardrail`). */
	guardrails?: string[];
	/** From CrewAI's `human_input`: a person reviews the answer (see the flows issue). */
	humanInput?: boolean;
	/** A ConditionalTask: it runs only when the previous task's answer meets this instruction. */
	condition?: string;
	/** Where the entry's name is written. */
	location: SourceLocation;
}

/** A part of a CrewAI project that crewkit does not apply, said once per run. */
export interface CrewWarning {
	/** What is not applied: "task 'research_task': callback". */
	what: string;
	/** Where it is written: "crew.py:42" or "tasks.yaml:7:3". */
	where: string;
	/** What crewkit does instead: "ignored", "the run's model is used". */
	instead: string;
}

/** A crew as its YAML files define it: agents and tasks, each in file order. */
export interface CrewSpec {
	agents: AgentSpec[];
	tasks: TaskSpec[];
	/** From crew.py or crew.jsonc; sequential when absent. */
	process?: "sequential" | "hierarchical";
	/** A hierarchical crew's manager model (`manager_llm`). */
	managerModel?: string;
	/** A hierarchical crew's manager (`manager_agent`), not one of `agents`. */
	manager?: AgentSpec;
	/** `planning=True`: a planning step adds a plan to each task. */
	planning?: boolean;
	/** `memory=True`: remember between runs (see src/memory). */
	memory?: boolean;
	/** Default inputs (crew.jsonc `inputs`), overridden by the run's. */
	inputs?: Record<string, string | number | boolean>;
	/** Parts of the project crewkit does not apply, each named once. */
	warnings?: CrewWarning[];
}
