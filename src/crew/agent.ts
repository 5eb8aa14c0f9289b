import type { LanguageModelV4 } from "@ai-sdk/provider";
import { ConfigError } from "../errors.ts";
import { checkKnowledgePaths } from "../knowledge/knowledge-paths.ts";
import { checkMcpServers, type McpServerConfig } from "../mcp/mcp-server-config.ts";
import type { Tool } from "../tools/define-tool.ts";

/** A model given by string (`openai:gpt-4.1-mini`, `local:./model.gguf`, …) or as an AI SDK model. */
export type ModelSpec = (string & {}) | LanguageModelV4;

export interface AgentOptions {
	/** Key of the agent in its crew (the YAML key). Defaults to a slug of the role. */
	name?: string;
	/** Who the agent is; `{placeholders}` are filled from the kickoff inputs. */
	role: string;
	/** What the agent is after; `{placeholders}` are filled from the kickoff inputs. */
	goal: string;
	/** Background that shapes how it works; `{placeholders}` are filled from the kickoff inputs. */
	backstory: string;
	/** The agent's model; falls back to the crew's, then to the run's default. */
	model?: ModelSpec;
	/** Tools the agent may call natively through the model. */
	tools?: Tool[];
	/** Model calls that may request tools before the agent must answer. Default 8. */
	maxIterations?: number;
	/**
	 * MCP servers whose tools the agent may call (those on each server's `allowTools`). They
	 * are started when a run starts and stopped when it ends (see src/mcp).
	 */
	mcpServers?: McpServerConfig[];
	/**
	 * Files and folders (markdown, text, HTML, PDF) searched before each of the agent's tasks;
	 * the best passages go into its prompt as citable sources (see src/knowledge).
	 */
	knowledge?: string[];
	/**
	 * May hand work to the crew's other agents (a `delegate_work` tool), as CrewAI's
	 * `allow_delegation`. Default false.
	 */
	allowDelegation?: boolean;
	/** Seconds a task of this agent may take before it fails (CrewAI's `max_execution_time`). */
	maxExecutionTime?: number;
	/** Works out its approach (one model call) before each task (CrewAI's `reasoning`). */
	reasoning?: boolean;
}

/** An agent: a role with a goal, a backstory, an optional model and tools. A plain definition. */
export class Agent {
	readonly name: string;
	readonly role: string;
	readonly goal: string;
	readonly backstory: string;
	readonly model: ModelSpec | undefined;
	readonly tools: readonly Tool[];
	readonly maxIterations: number;
	readonly mcpServers: readonly McpServerConfig[];
	readonly knowledge: readonly string[];
	readonly allowDelegation: boolean;
	readonly maxExecutionTime: number | undefined;
	readonly reasoning: boolean;

	constructor(options: AgentOptions) {
		const label = options.name ?? options.role;
		for (const field of ["role", "goal", "backstory"] as const) {
			if (typeof options[field] !== "string" || !options[field].trim()) {
				throw new ConfigError(
					`${label ? `Agent ${label}` : "An agent"} needs a non-empty ${field}.`,
				);
			}
		}
		this.role = options.role;
		this.goal = options.goal;
		this.backstory = options.backstory;
		this.name = options.name ?? slugify(options.role);
		this.model = options.model;
		this.tools = options.tools ?? [];
		this.maxIterations = options.maxIterations ?? 8;
		if (!Number.isInteger(this.maxIterations) || this.maxIterations < 1) {
			throw new ConfigError(
				`Agent '${this.name}': maxIterations must be a whole number of at least 1, got ${options.maxIterations}.`,
			);
		}
		this.mcpServers = options.mcpServers ?? [];
		checkMcpServers(this.mcpServers, `Agent '${this.name}'`);
		this.knowledge = checkKnowledgePaths(options.knowledge, `Agent '${this.name}'`);
		this.allowDelegation = options.allowDelegation ?? false;
		this.maxExecutionTime = options.maxExecutionTime;
		this.reasoning = options.reasoning ?? false;
		if (
			this.maxExecutionTime !== undefined &&
			!(Number.isFinite(this.maxExecutionTime) && this.maxExecutionTime > 0)
		) {
			throw new ConfigError(
				`Agent '${this.name}': maxExecutionTime must be a number of seconds above 0, got ${options.maxExecutionTime}.`,
			);
		}
		const seen = new Set<string>();
		for (const tool of this.tools) {
			if (seen.has(tool.name)) {
				throw new ConfigError(`Agent '${this.name}' lists tool '${tool.name}' twice.`);
			}
			seen.add(tool.name);
		}
	}
}

export function slugify(text: string): string {
	return (
		text
			.toLowerCase()
			.replace(/[^a-z0-9]+/g, "_")
			// One "_" at most at each end: the line above has joined every run of them.
			.replace(/^_|_$/g, "")
			.slice(0, 60) || "agent"
	);
}
