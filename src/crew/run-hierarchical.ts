import { runAgent } from "../agent/run-agent.ts";
import type { CrewEvent } from "../events.ts";
import { defineTool, type Tool } from "../tools/define-tool.ts";
import { loadZod } from "../zod/load-zod.ts";
import type { Agent } from "./agent.ts";
import type { TaskRun } from "./run-task.ts";

/** The manager's persona when a crew names only a manager model. */
export const defaultManager = {
	name: "manager",
	role: "Crew manager",
	goal: "Get each task done well by handing it to the right coworker and checking the result.",
	backstory:
		"You lead a small team. You delegate, review what comes back, and ask for fixes when needed.",
};

export interface CoworkerRun {
	agent: Agent;
	persona: { role: string; goal: string; backstory: string };
	/** The coworker's tools in this run: its own and those of its MCP servers. */
	tools: readonly Tool[];
	run: Pick<TaskRun, "runId" | "model" | "signal" | "calls" | "reliability"> & {
		emit: (event: CrewEvent) => void;
		taskName: string;
	};
	model: TaskRun["model"];
}

/**
 * The manager's delegation tool: `delegate_work` hands a piece of work to a coworker, who
 * runs it with their own tools and model; the answer comes back to the manager. The
 * coworker's model calls count towards the task.
 */
export function createDelegationTool(coworkers: readonly CoworkerRun[]): Tool {
	const names = coworkers.map((coworker) => coworker.agent.name);
	const roles = coworkers
		.map((coworker) => `${coworker.agent.name} (${coworker.persona.role})`)
		.join(", ");
	const z = loadZod();
	return defineTool({
		name: "delegate_work",
		description: `Hands work to a coworker and returns their answer. Coworkers: ${roles}.`,
		parameters: z.object({
			coworker: z.enum(names as [string, ...string[]]).describe("who does the work"),
			task: z.string().min(1).describe("what to do, completely stated"),
			context: z.string().describe("everything they need to know; they see nothing else"),
		}),
		async execute({ coworker, task, context }, toolContext) {
			const chosen = coworkers.find((candidate) => candidate.agent.name === coworker);
			if (!chosen) throw new Error(`No coworker '${coworker}'. Coworkers: ${names.join(", ")}`);
			const { run } = chosen;
			const ids = { runId: run.runId, task: run.taskName, agent: chosen.agent.name };
			const result = await runAgent({
				persona: chosen.persona,
				task: {
					description: task,
					expectedOutput: "A complete answer to the work asked for.",
					context: context ? [{ task: "manager", output: context }] : [],
				},
				taskName: run.taskName,
				agentName: chosen.agent.name,
				model: chosen.model,
				tools: chosen.tools,
				maxIterations: chosen.agent.maxIterations,
				signal: toolContext.signal,
				reliability: run.reliability,
				emit: (event) => run.emit({ ...event, ...ids } as CrewEvent),
			});
			run.calls.push(...result.calls);
			return result.text;
		},
	});
}
