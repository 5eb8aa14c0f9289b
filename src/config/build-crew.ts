import type { z } from "zod";
import { Agent, type ModelSpec } from "../crew/agent.ts";
import { Crew } from "../crew/crew.ts";
import { type Guardrail, Task } from "../crew/task.ts";
import { ConfigError, type SourceLocation } from "../errors.ts";
import type { Tool } from "../tools/define-tool.ts";
import { loadZod } from "../zod/load-zod.ts";
import type { AgentSpec, CrewSpec } from "./crew-spec.ts";

export interface BuildCrewOptions {
	name?: string;
	/** Tools that YAML agents may name in `tools:`, by name. */
	tools?: readonly Tool[];
	/** Model of agents whose YAML names none. */
	model?: ModelSpec;
	/** Checks of task answers, by task name (YAML cannot hold functions). */
	guardrails?: Record<string, Guardrail[]>;
	/** zod schemas of task answers, by task name (the parsed value is on the output). */
	outputSchemas?: Record<string, z.ZodType>;
	/**
	 * Ignore the models the agents name (`llm:`) and the manager's: every agent uses the run's
	 * model (`crewkit run --model-all`, and always on scripted and replayed models).
	 */
	overrideAgentModels?: boolean;
}

/** Turns a loaded YAML crew into a `Crew`, resolving agent, context and tool names. */
export function buildCrew(spec: CrewSpec, options: BuildCrewOptions = {}): Crew {
	const available = new Map((options.tools ?? []).map((tool) => [tool.name, tool]));
	const findTools = (names: readonly string[], owner: string, location: SourceLocation) =>
		names.map((name) => {
			const tool = available.get(name);
			if (!tool) {
				throw new ConfigError(
					`${owner} lists tool '${name}', which crewkit does not know. Available tools: ${[...available.keys()].join(", ") || "none"}.`,
					location,
				);
			}
			return tool;
		});
	const agentOf = (agentSpec: AgentSpec) =>
		new Agent({
			name: agentSpec.name,
			role: agentSpec.role,
			goal: agentSpec.goal,
			backstory: agentSpec.backstory,
			tools: findTools(agentSpec.tools, `Agent '${agentSpec.name}'`, agentSpec.location),
			...withoutUndefined({
				model: options.overrideAgentModels ? undefined : agentSpec.model,
				maxIterations: agentSpec.maxIterations,
				knowledge: agentSpec.knowledge,
				// MCP servers from `mcp_servers:`; the run starts and stops them.
				mcpServers: agentSpec.mcpServers,
				allowDelegation: agentSpec.allowDelegation,
				maxExecutionTime: agentSpec.maxExecutionTime,
				reasoning: agentSpec.reasoning,
			}),
		});
	const agents = new Map<string, Agent>();
	for (const agentSpec of spec.agents) agents.set(agentSpec.name, agentOf(agentSpec));
	const tasks = new Map<string, Task<z.ZodType | undefined>>();
	for (const taskSpec of spec.tasks) {
		const agent = agents.get(taskSpec.agent);
		if (!agent) {
			throw new ConfigError(
				`Task '${taskSpec.name}' refers to agent '${taskSpec.agent}', which is not defined. Defined agents: ${[...agents.keys()].join(", ")}.`,
				taskSpec.location,
			);
		}
		const context = taskSpec.context?.map((name) => {
			const earlier = tasks.get(name);
			if (!earlier) {
				throw new ConfigError(
					`Task '${taskSpec.name}' takes context from '${name}', which is not a task defined before it.`,
					taskSpec.location,
				);
			}
			return earlier;
		});
		tasks.set(
			taskSpec.name,
			new Task({
				name: taskSpec.name,
				description: taskSpec.description,
				expectedOutput: taskSpec.expectedOutput,
				agent,
				async: taskSpec.async,
				guardrails: [
					...(taskSpec.guardrails ?? []),
					...(options.guardrails?.[taskSpec.name] ?? []),
				],
				...withoutUndefined({
					context,
					outputFile: taskSpec.outputFile,
					tools: taskSpec.tools
						? findTools(taskSpec.tools, `Task '${taskSpec.name}'`, taskSpec.location)
						: undefined,
					outputSchema:
						options.outputSchemas?.[taskSpec.name] ??
						(taskSpec.outputSchema ? loadZod().fromJSONSchema(taskSpec.outputSchema) : undefined),
					humanInput: taskSpec.humanInput,
				}),
			}),
		);
	}
	return new Crew({
		agents: [...agents.values()],
		tasks: [...tasks.values()],
		...withoutUndefined({
			name: options.name,
			model: options.model,
			process: spec.process,
			planning: spec.planning,
			manager: spec.manager ? agentOf(spec.manager) : undefined,
			managerModel: options.overrideAgentModels ? undefined : spec.managerModel,
		}),
	});
}

/** `values` without its undefined entries, to pass as options whose properties are exactly optional. */
function withoutUndefined<Values extends object>(
	values: Values,
): { [Key in keyof Values]?: Exclude<Values[Key], undefined> } {
	return Object.fromEntries(Object.entries(values).filter(([, value]) => value !== undefined)) as {
		[Key in keyof Values]?: Exclude<Values[Key], undefined>;
	};
}
