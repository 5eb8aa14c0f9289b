import type { z } from "zod";
import { collectPlaceholders, fillPlaceholders } from "../config/placeholders.ts";
import { ConfigError, MissingInputError } from "../errors.ts";
import type { Agent } from "./agent.ts";
import type { KickoffInputs } from "./kickoff-options.ts";
import type { Task } from "./task.ts";

export interface FilledAgent {
	role: string;
	goal: string;
	backstory: string;
}

export interface FilledTask {
	description: string;
	expectedOutput: string;
	/** The task's output file with its `{placeholders}` filled, when it has one. */
	outputFile?: string;
}

/**
 * Fills the `{placeholders}` of every agent and task from the inputs. Checks all of them
 * first, so a missing input is reported once with every place that uses it.
 */
export function fillInputs(
	agents: readonly Agent[],
	tasks: readonly Task<z.ZodType | undefined>[],
	inputs: KickoffInputs,
): { agents: Map<Agent, FilledAgent>; tasks: Map<Task<z.ZodType | undefined>, FilledTask> } {
	const fields: Array<{ text: string; where: string }> = [];
	for (const agent of agents) {
		for (const field of ["role", "goal", "backstory"] as const) {
			fields.push({ text: agent[field], where: `agent '${agent.name}' ${field}` });
		}
	}
	for (const task of tasks) {
		fields.push({ text: task.description, where: `task '${task.name}' description` });
		fields.push({ text: task.expectedOutput, where: `task '${task.name}' expected output` });
		if (task.outputFile)
			fields.push({ text: task.outputFile, where: `task '${task.name}' output file` });
	}
	const missing = new Map<string, string[]>();
	for (const { text, where } of fields) {
		for (const name of collectPlaceholders(text)) {
			if (!Object.hasOwn(inputs, name)) missing.set(name, [...(missing.get(name) ?? []), where]);
		}
	}
	const [first] = missing;
	if (first) throw new MissingInputError(first[0], first[1]);

	// Every placeholder was found in the inputs above, so fillPlaceholders below never reports
	// one missing, which is its only use of the place it is told (the `where` texts).
	// Stryker disable StringLiteral: the `where` texts cannot be read from here on (see above).
	const filledAgents = new Map<Agent, FilledAgent>();
	for (const agent of agents) {
		filledAgents.set(agent, {
			role: fillPlaceholders(agent.role, inputs, `agent '${agent.name}' role`),
			goal: fillPlaceholders(agent.goal, inputs, `agent '${agent.name}' goal`),
			backstory: fillPlaceholders(agent.backstory, inputs, `agent '${agent.name}' backstory`),
		});
	}
	const filledTasks = new Map<Task<z.ZodType | undefined>, FilledTask>();
	for (const task of tasks) {
		filledTasks.set(task, {
			description: fillPlaceholders(task.description, inputs, `task '${task.name}' description`),
			expectedOutput: fillPlaceholders(
				task.expectedOutput,
				inputs,
				`task '${task.name}' expected output`,
			),
			...(task.outputFile
				? { outputFile: fillOutputFile(task.name, task.outputFile, inputs) }
				: {}),
		});
	}
	// Stryker restore StringLiteral
	return { agents: filledAgents, tasks: filledTasks };
}

/**
 * An output file path with its placeholders filled. A value that would change the folder
 * (a `/`, `\\` or `..`) is refused: inputs name files, they do not move them elsewhere.
 */
function fillOutputFile(task: string, path: string, inputs: KickoffInputs): string {
	for (const name of collectPlaceholders(path)) {
		const value = String(inputs[name]);
		if (/[/\\]|^\.\.?$/.test(value)) {
			throw new ConfigError(
				`Input '${name}' (${JSON.stringify(value)}) is used in the output file of task '${task}' (${path}) and would change its folder: give a value without '/', '\\' or '..'.`,
			);
		}
	}
	// Stryker disable next-line StringLiteral: fillInputs checked every placeholder present, so `where` is never read.
	return fillPlaceholders(path, inputs, `task '${task}' output file`);
}
