import { isAbsolute, resolve } from "node:path";
import type { AgentSpec, CrewSpec, CrewWarning, TaskSpec } from "../config/crew-spec.ts";
import { agentKeys, taskKeys } from "../config/crewai-keys.ts";
import { normalizeModelString } from "../config/normalize-model-string.ts";
import { ConfigError } from "../errors.ts";
import { crewaiToolMap } from "./crewai-tools.ts";
import type { JsonSchema } from "./pydantic-schema.ts";
import { describeValue, type PythonCall, type PythonValue, textOf } from "./python-values.ts";
import type { CrewPy } from "./read-crew-py.ts";

/** What turning crew.py's calls into a spec needs. */
export interface CrewPyContext {
	crewPy: CrewPy;
	/** The path of crew.py, as warnings and errors name it. */
	fileName: string;
	/** The project root, against which knowledge paths are resolved. */
	root: string;
	/** Pydantic models of the package, by class name. */
	schemas: ReadonlyMap<string, JsonSchema>;
	warnings: CrewWarning[];
}

/** Settings that change nothing a user relies on: no warning. */
const silent = new Set([
	"config",
	"verbose",
	"cache",
	"markdown",
	"create_directory",
	"name",
	"agents",
	"tasks",
]);

/** The tools a crew.py tool value maps to, and the knowledge it brings. */
export function mapTools(
	values: readonly PythonValue[],
	owner: string,
	context: CrewPyContext,
): { tools: string[]; knowledge: string[] } {
	const tools = new Set<string>();
	const knowledge: string[] = [];
	for (const value of values) {
		const call = resolveHelper(value, context);
		const className = call?.kind === "call" ? (call.callee.split(".").at(-1) ?? "") : undefined;
		const mapped = className ? crewaiToolMap[className] : undefined;
		if (call?.kind !== "call" || !mapped) {
			const name =
				call?.kind === "call" ? call.callee || describeValue(value) : describeValue(value);
			const custom = context.crewPy.customTools.has(name);
			warn(
				context,
				`${owner}: tool ${name}`,
				value.line,
				custom
					? "a Python tool crewkit cannot run: the agent works without it (write it as a crewkit tool in crew.ts; `crewkit import` starts one)"
					: "not a crewai_tools class crewkit maps: the agent works without it",
			);
			continue;
		}
		for (const tool of mapped.tools) tools.add(tool);
		for (const argument of mapped.knowledge ?? []) {
			const path = textOf(call.kwargs.get(argument)) ?? textOf(call.args[0]);
			if (path && !/^https?:/.test(path))
				knowledge.push(isAbsolute(path) ? path : resolve(context.root, path));
		}
	}
	return { tools: [...tools], knowledge };
}

/** `self.search_tool()` → what the `@tool`/`@llm` method returns; anything else as it is. */
function resolveHelper(value: PythonValue, context: CrewPyContext): PythonValue | undefined {
	if (value.kind === "call" && value.callee.startsWith("self.")) {
		return context.crewPy.helpers.get(value.callee.slice(5))?.value;
	}
	return value;
}

/** An agent of crew.py: its YAML entry (config=…) with the call's arguments applied. */
export function crewPyAgent(
	name: string,
	call: PythonCall,
	yamlAgents: ReadonlyMap<string, AgentSpec>,
	context: CrewPyContext,
): AgentSpec {
	const config = call.kwargs.get("config");
	const base = config?.kind === "config" ? yamlAgents.get(config.key) : undefined;
	if (config?.kind === "config" && !base) {
		throw new ConfigError(
			`Agent '${name}' reads self.agents_config['${config.key}'], which agents.yaml does not define. Defined: ${[...yamlAgents.keys()].join(", ")}.`,
			{ file: context.fileName, line: config.line },
		);
	}
	const text = (key: "role" | "goal" | "backstory") => textOf(call.kwargs.get(key)) ?? base?.[key];
	const [role, goal, backstory] = [text("role"), text("goal"), text("backstory")];
	if (!role || !goal || !backstory) {
		throw new ConfigError(
			`Agent '${name}' has no ${!role ? "role" : !goal ? "goal" : "backstory"}: give it in agents.yaml (config=self.agents_config['${name}']) or as an argument.`,
			{ file: context.fileName, line: call.line },
		);
	}
	const agent: AgentSpec = {
		...(base ?? { tools: [] }),
		name,
		role,
		goal,
		backstory,
		location: { file: context.fileName, line: call.line },
	};
	const owner = `agent '${name}'`;
	for (const [key, value] of call.kwargs) {
		if (["role", "goal", "backstory"].includes(key) || silent.has(key) || isOff(value)) continue;
		if (key === "tools" && value.kind === "list") {
			const mapped = mapTools(value.items, owner, context);
			agent.tools = [...new Set([...agent.tools, ...mapped.tools])];
			if (mapped.knowledge.length)
				agent.knowledge = [...(agent.knowledge ?? []), ...mapped.knowledge];
		} else if (key === "llm") {
			const model = modelOf(resolveHelper(value, context), `${owner}: llm`, value.line, context);
			if (model) agent.model = model;
		} else if (key === "max_iter" && value.kind === "number") agent.maxIterations = value.value;
		else if (key === "allow_delegation" && value.kind === "bool")
			agent.allowDelegation = value.value;
		else if (key === "max_execution_time" && value.kind === "number")
			agent.maxExecutionTime = value.value;
		else
			warn(
				context,
				`${owner}: ${key}=${describeValue(value)}`,
				value.line,
				agentInstead[key] ?? insteadOf(key, agentKeys.ignored),
			);
	}
	return agent;
}

/** A task of crew.py: its YAML entry (config=…) with the call's arguments applied. */
export function crewPyTask(
	name: string,
	call: PythonCall,
	yamlTasks: ReadonlyMap<string, TaskSpec>,
	agentNames: readonly string[],
	context: CrewPyContext,
): TaskSpec {
	const config = call.kwargs.get("config");
	const base = config?.kind === "config" ? yamlTasks.get(config.key) : undefined;
	const owner = `task '${name}'`;
	const where = { file: context.fileName, line: call.line };
	if (config?.kind === "config" && !base) {
		throw new ConfigError(
			`Task '${name}' reads self.tasks_config['${config.key}'], which tasks.yaml does not define. Defined: ${[...yamlTasks.keys()].join(", ")}.`,
			where,
		);
	}
	const agent = agentOfTask(call.kwargs.get("agent")) ?? base?.agent;
	const description = textOf(call.kwargs.get("description")) ?? base?.description;
	if (!description) throw new ConfigError(`Task '${name}' has no description.`, where);
	if (!agent || !agentNames.includes(agent)) {
		throw new ConfigError(
			`Task '${name}' has ${agent ? `agent '${agent}', which is not an agent of the crew` : "no agent"}: set agent: in tasks.yaml or agent=self.<agent>() in crew.py. Agents: ${agentNames.join(", ")}.`,
			where,
		);
	}
	const task: TaskSpec = {
		...(base ?? { async: false }),
		name,
		description,
		expectedOutput: textOf(call.kwargs.get("expected_output")) ?? base?.expectedOutput ?? "",
		agent,
		location: where,
	};
	if (call.callee.endsWith("ConditionalTask")) {
		const condition = call.kwargs.get("condition");
		warn(
			context,
			`${owner}: ConditionalTask condition=${condition ? describeValue(condition) : "?"}`,
			call.line,
			"the condition is Python code crewkit does not run: the task always runs (give a condition in crew.ts)",
		);
	}
	for (const [key, value] of call.kwargs) {
		if (
			["description", "expected_output", "agent"].includes(key) ||
			silent.has(key) ||
			isOff(value)
		)
			continue;
		if (key === "condition" && call.callee.endsWith("ConditionalTask")) continue;
		if (key === "context" && value.kind === "list") {
			task.context = value.items.map((item) => agentOfTask(item) ?? describeValue(item));
		} else if (key === "tools" && value.kind === "list") {
			const mapped = mapTools(value.items, owner, context);
			task.tools = mapped.tools;
		} else if (key === "output_file" && value.kind === "str") task.outputFile = value.value;
		else if (key === "async_execution" && value.kind === "bool") task.async = value.value;
		else if ((key === "output_pydantic" || key === "output_json") && schemaName(value)) {
			const schema = context.schemas.get(schemaName(value) as string);
			if (schema) task.outputSchema = schema;
			else
				warn(
					context,
					`${owner}: ${key}=${describeValue(value)}`,
					value.line,
					"no Pydantic class of that name in the package: the answer is not parsed",
				);
		} else if (key === "guardrail" && value.kind === "str")
			task.guardrails = [...(task.guardrails ?? []), value.value];
		else if (key === "human_input" && value.kind === "bool") {
			task.humanInput = true;
			warn(
				context,
				`${owner}: human_input=True`,
				value.line,
				"no person is asked: the answer is used as the agent gives it",
			);
		} else if (key === "guardrail") {
			warn(
				context,
				`${owner}: guardrail=${describeValue(value)}`,
				value.line,
				"a Python function crewkit does not run: no check (give it in crew.ts as a guardrail)",
			);
		} else
			warn(
				context,
				`${owner}: ${key}=${describeValue(value)}`,
				value.line,
				insteadOf(key, taskKeys.ignored),
			);
	}
	return task;
}

/** The crew's settings from `Crew(…)`: process, manager, memory, planning. */
export function applyCrewCall(
	call: PythonCall,
	spec: CrewSpec,
	managerAgent: (name: string) => AgentSpec | undefined,
	context: CrewPyContext,
): void {
	for (const [key, value] of call.kwargs) {
		if (silent.has(key) || isOff(value)) continue;
		if (key === "process") {
			const process = describeValue(value).split(".").at(-1)?.replace(/["']/g, "");
			if (process === "hierarchical" || process === "sequential") spec.process = process;
			else warn(context, `crew: process=${describeValue(value)}`, value.line, "runs sequentially");
		} else if (key === "manager_llm") {
			const model = modelOf(
				resolveHelper(value, context),
				"crew: manager_llm",
				value.line,
				context,
			);
			if (model) spec.managerModel = model;
		} else if (key === "manager_agent") {
			const name = agentOfTask(value);
			const manager = name ? managerAgent(name) : undefined;
			if (manager) spec.manager = manager;
			else
				warn(
					context,
					`crew: manager_agent=${describeValue(value)}`,
					value.line,
					"a generic manager is used",
				);
		} else if (key === "memory" && value.kind === "bool") spec.memory = value.value;
		else if (key === "planning" && value.kind === "bool") spec.planning = value.value;
		else
			warn(
				context,
				`crew: ${key}=${describeValue(value)}`,
				value.line,
				crewInstead[key] ?? "ignored",
			);
	}
}

/** Agent settings crewkit reads but does not apply yet. */
const agentInstead: Record<string, string> = {
	reasoning: "no reasoning step yet: the agent answers directly",
	max_rpm: "ignored per agent: limit requests with crewkit run --rpm",
};

const crewInstead: Record<string, string> = {
	step_callback: "ignored: follow the run's events instead (crewkit log, the dashboard)",
	task_callback: "ignored: follow the run's events instead (crewkit log, the dashboard)",
	planning_llm: "planning uses the crew's model",
	max_rpm: "ignored: limit requests with crewkit run --rpm",
	knowledge_sources: "ignored: list files and folders under an agent's `knowledge:` key",
	embedder: "ignored: memory and knowledge use keyword search unless an embedder is configured",
	output_log_file: "ignored: every event is in the run store (crewkit log)",
	function_calling_llm: "ignored: tools are called by each agent's own model",
};

/** `self.researcher()` (a CrewBase method) or a script's variable holding `Agent(…)`: its name. */
function agentOfTask(value: PythonValue | undefined): string | undefined {
	if (value?.kind !== "call") return undefined;
	if (value.callee.startsWith("self.") && value.args.length === 0) return value.callee.slice(5);
	return value.ref;
}

function schemaName(value: PythonValue): string | undefined {
	if (value.kind === "name") return value.name.split(".").at(-1);
	return undefined;
}

/** A model string from `"openai/gpt-4o"` or `LLM(model="…")`. */
function modelOf(
	value: PythonValue | undefined,
	what: string,
	line: number,
	context: CrewPyContext,
): string | undefined {
	const text =
		value?.kind === "call"
			? (textOf(value.kwargs.get("model")) ?? textOf(value.args[0]))
			: textOf(value);
	if (text) {
		const normalized = normalizeModelString(text);
		if (normalized.problem === undefined) return normalized.model;
		warn(context, `${what} '${text}'`, line, normalized.problem);
		return undefined;
	}
	warn(
		context,
		`${what}=${value ? describeValue(value) : "?"}`,
		line,
		"not a model string crewkit can read: the run's model (--model) is used",
	);
	return undefined;
}

function insteadOf(key: string, ignored: Readonly<Record<string, string>>): string {
	return ignored[key] || "ignored";
}

/** `False`, `None` or `[]`: a setting left off. */
function isOff(value: PythonValue): boolean {
	return (
		(value.kind === "bool" && !value.value) ||
		value.kind === "none" ||
		(value.kind === "list" && value.items.length === 0)
	);
}

function warn(context: CrewPyContext, what: string, line: number, instead: string): void {
	context.warnings.push({ what, where: `${context.fileName}:${line}`, instead });
}
