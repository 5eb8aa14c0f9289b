import type { CrewSpec } from "../config/crew-spec.ts";
import { Agent } from "../crew/agent.ts";
import { Crew } from "../crew/crew.ts";
import { Task, type TaskOptions } from "../crew/task.ts";
import { ConfigError } from "../errors.ts";
import { reportStructure } from "../report/report-structure.ts";
import type { SourceRegistry } from "../sources/source-registry.ts";
import type { Tool } from "../tools/define-tool.ts";
import { runPipelineResearch } from "./research-pipeline.ts";
import { runResearch } from "./research-task.ts";
import { runVerification } from "./verify-report.ts";
import { runWriting } from "./write-report.ts";

export interface ResearchCrewOptions {
	/** The research crew's YAML (crews/research): personas and task descriptions. */
	spec: CrewSpec;
	/** Numbered sections of the report. Default 10. */
	sections?: number;
	/** Where the source tools register what the researcher reads. */
	registry: SourceRegistry;
	/** The researcher's source tools (web_search, fetch_page, search_sources); none: ungrounded. */
	tools: Tool[];
	/** Local file paths in the Sources list are shown relative to this folder. */
	workspace?: string;
	/**
	 * How the researcher works. `pipeline` (default): code searches, reads and ranks, the
	 * model makes small bounded calls — it fits small models. `agent`: one free agent loop
	 * with the tools, for models with large windows (older tool results are compacted
	 * when the window demands).
	 */
	strategy?: ResearchStrategy;
}

export type ResearchStrategy = "pipeline" | "agent";
export const researchStrategies: readonly ResearchStrategy[] = ["pipeline", "agent"];

/**
 * crewkit's research crew: a researcher that searches and reads before it outlines the
 * developments, an analyst that writes each section only from the passages gathered for
 * it, and a verification step that checks every cited sentence against its passages.
 */
export function createResearchCrew(options: ResearchCrewOptions): Crew {
	const count = options.sections ?? 10;
	const agentSpec = (name: string) => {
		const found = options.spec.agents.find((agent) => agent.name === name);
		if (!found) throw new ConfigError(`The research crew needs an agent '${name}' in agents.yaml.`);
		return found;
	};
	const taskSpec = (name: string) => {
		const found = options.spec.tasks.find((task) => task.name === name);
		if (!found) throw new ConfigError(`The research crew needs a task '${name}' in tasks.yaml.`);
		return found;
	};
	const persona = (name: string, tools: Tool[]) => {
		const spec = agentSpec(name);
		return new Agent({
			name,
			role: spec.role,
			goal: spec.goal,
			backstory: spec.backstory,
			tools,
			maxIterations: spec.maxIterations ?? 8,
			...(spec.model ? { model: spec.model } : {}),
		});
	};
	const researcher = persona("researcher", options.tools);
	const analyst = persona("reporting_analyst", []);
	const task = (
		name: string,
		agent: Agent,
		run: NonNullable<TaskOptions["run"]>,
		extra: Pick<TaskOptions, "context" | "guardrails" | "guardrailRetries"> = {},
	) => {
		const spec = taskSpec(name);
		return new Task({
			...extra,
			name,
			description: spec.description,
			expectedOutput: spec.expectedOutput,
			agent,
			run,
		});
	};
	const toolNames = options.tools.map((tool) => tool.name);
	const research = task(
		"research_task",
		researcher,
		options.strategy === "agent"
			? runResearch({ count, registry: options.registry, toolNames })
			: runPipelineResearch({
					count,
					registry: options.registry,
					toolNames,
					personaText: {
						researcher: personaText(agentSpec("researcher")),
						analyst: personaText(agentSpec("reporting_analyst")),
					},
				}),
	);
	const writing = task("reporting_task", analyst, runWriting(), { context: [research] });
	const verification = task(
		"verification_task",
		analyst,
		runVerification({
			toolNames: options.tools.map((tool) => tool.name),
			...(options.workspace ? { workspace: options.workspace } : {}),
		}),
		{
			context: [research, writing],
			guardrails: [reportStructure(count)],
			guardrailRetries: 0,
		},
	);
	return new Crew({
		name: "research",
		agents: [researcher, analyst],
		tasks: [research, writing, verification],
	});
}

const personaText = (spec: { role: string; goal: string; backstory: string }) =>
	`${spec.role}\n${spec.goal}\n${spec.backstory}`;
