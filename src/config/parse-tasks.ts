import { ConfigError } from "../errors.ts";
import { closestName } from "./closest-name.ts";
import type { AgentSpec, CrewWarning, TaskSpec } from "./crew-spec.ts";
import { agentKeys, taskKeys } from "./crewai-keys.ts";
import {
	checkKeys,
	type Definition,
	readDefinitions,
	warnIgnoredKeys,
} from "./read-definitions.ts";
import {
	type LocatedName,
	readBoolean,
	readNameList,
	readOptionalText,
	readText,
} from "./read-field.ts";
import { locate, type YamlFile } from "./yaml-file.ts";

export interface ParseTasksOptions {
	/** The agent of each task as crew.py assigns it (`agent=self.researcher()`), by task name. */
	wiring?: ReadonlyMap<string, string>;
	/** Receives the CrewAI settings crewkit does not apply. */
	warnings: CrewWarning[];
}

/**
 * The tasks of a parsed tasks.yaml, in file order, checked against the agents.
 * @param agentsFileName How messages name the agents file: "agents.yaml".
 * @throws ConfigError pointing at the first problem.
 */
export function parseTasks(
	file: YamlFile,
	agents: AgentSpec[],
	agentsFileName: string,
	options: ParseTasksOptions,
): TaskSpec[] {
	const definitions = readDefinitions(file, "task");
	const contexts = new Map<string, LocatedName[] | undefined>();
	const tasks = definitions.map((definition) => {
		checkNotAnAgent(definition);
		checkKeys(definition, taskKeys);
		warnIgnoredKeys(definition, taskKeys.ignored, options.warnings);
		const context = readNameList(definition, "context", "research_task");
		contexts.set(definition.name, context);
		const wired = options.wiring?.get(definition.name);
		const task: TaskSpec = {
			name: definition.name,
			description: readText(definition, "description", "saying what the task asks for"),
			// CrewAI accepts an empty expected output (the key itself is required).
			expectedOutput: readText(definition, "expected_output", "describing the answer", {
				allowEmpty: true,
			}),
			agent: wired ?? readAgent(definition, agents, agentsFileName),
			async: readBoolean(definition, "async_execution") ?? false,
			location: definition.location,
		};
		if (context !== undefined) task.context = context.map((item) => item.name);
		const outputFile = readOptionalText(definition, "output_file", "a file path such as report.md");
		if (outputFile !== undefined) task.outputFile = outputFile;
		const tools = readNameList(definition, "tools", "read_file");
		if (tools !== undefined) task.tools = tools.map((tool) => tool.name);
		const guardrails = readGuardrails(definition);
		if (guardrails.length) task.guardrails = guardrails;
		// A person reviews the answer until they accept it (src/human; crewkit answer).
		if (readBoolean(definition, "human_input")) task.humanInput = true;
		return task;
	});
	definitions.forEach((definition, index) => {
		checkContext(definition, index, definitions, contexts);
	});
	return tasks;
}

/** `guardrail: <instruction>` and `guardrails: [<instruction>, …]`, checked by the task's model. */
function readGuardrails(definition: Definition): string[] {
	const single = readOptionalText(definition, "guardrail", "an instruction the answer must meet");
	const list = readNameList(definition, "guardrails", "'Cites a source'") ?? [];
	return [...(single ? [single] : []), ...list.map((item) => item.name)];
}

function readAgent(definition: Definition, agents: AgentSpec[], agentsFileName: string): string {
	const names = agents.map((agent) => agent.name);
	const name = readText(
		definition,
		"agent",
		`naming the agent that does it (${names.join(", ")}), or assign it in crew.py: Task(config=…, agent=self.${names[0] ?? "researcher"}())`,
	);
	if (names.includes(name)) return name;
	const suggestion = closestName(name, names);
	throw new ConfigError(
		`Task '${definition.name}' refers to agent '${name}', which ${agentsFileName} does not define. ` +
			`Defined agents: ${names.join(", ")}.${suggestion ? ` Did you mean '${suggestion}'?` : ""}`,
		locate(definition.file, definition.fields.get("agent")?.value),
	);
}

/**
 * A context names earlier tasks only, each once: a task runs after the tasks it reads,
 * so naming itself or a later task could never be satisfied (and would allow cycles).
 */
function checkContext(
	definition: Definition,
	index: number,
	definitions: Definition[],
	contexts: Map<string, LocatedName[] | undefined>,
): void {
	const names = definitions.map((other) => other.name);
	const lines = definitions.map((other) => other.location.line);
	const seen = new Set<string>();
	for (const item of contexts.get(definition.name) ?? []) {
		const at = locate(definition.file, item.node);
		const task = `Task '${definition.name}'`;
		if (seen.has(item.name)) {
			throw new ConfigError(`${task} lists '${item.name}' twice in its context: remove one.`, at);
		}
		seen.add(item.name);
		const position = names.indexOf(item.name);
		if (position === -1) {
			const suggestion = closestName(item.name, names);
			throw new ConfigError(
				`${task} lists '${item.name}' in its context, which ${definition.file.name} does not define. ` +
					`Defined tasks: ${names.join(", ")}.${suggestion ? ` Did you mean '${suggestion}'?` : ""}`,
				at,
			);
		}
		if (position < index) continue;
		if (position === index) {
			throw new ConfigError(
				`${task} lists itself in its context: a task cannot read its own output. Remove '${item.name}'.`,
				at,
			);
		}
		const cycle = findPath(item.name, definition.name, contexts);
		const problem = cycle
			? `the tasks form a cycle (${[definition.name, ...cycle].join(" → ")})`
			: `'${item.name}' comes later in ${definition.file.name} (line ${lines[position]})`;
		throw new ConfigError(
			`${task} lists '${item.name}' in its context, but ${problem}. A task can only read the ` +
				`output of tasks above it: move '${item.name}' above '${definition.name}' or remove it from the context.`,
			at,
		);
	}
}

/** The chain of context references leading from `from` to `to`, if there is one. */
function findPath(
	from: string,
	to: string,
	contexts: Map<string, LocatedName[] | undefined>,
	visited: Set<string> = new Set(),
): string[] | undefined {
	if (from === to) return [to];
	if (visited.has(from)) return undefined;
	visited.add(from);
	for (const next of contexts.get(from) ?? []) {
		const rest = findPath(next.name, to, contexts, visited);
		if (rest) return [from, ...rest];
	}
	return undefined;
}

/** An entry with agent fields and no description: the two files are probably swapped. */
function checkNotAnAgent(definition: Definition): void {
	if (definition.fields.has("description")) return;
	const agentFields = agentKeys.used.filter((key) => definition.fields.has(key) && key !== "tools");
	if (agentFields.length === 0) return;
	throw new ConfigError(
		`Task '${definition.name}' has agent fields (${agentFields.join(", ")}) and no description: ` +
			`is this an agent? Agents belong in agents.yaml, tasks (description, expected_output, agent) in ${definition.file.name}.`,
		definition.location,
	);
}
