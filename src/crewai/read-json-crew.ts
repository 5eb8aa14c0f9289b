import { readFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import type { AgentSpec, CrewSpec, CrewWarning, TaskSpec } from "../config/crew-spec.ts";
import { agentKeys, taskKeys } from "../config/crewai-keys.ts";
import { normalizeModelString } from "../config/normalize-model-string.ts";
import { ConfigError } from "../errors.ts";
import { crewaiToolMap } from "./crewai-tools.ts";
import { parseJsonc } from "./parse-jsonc.ts";

type JsonObject = Record<string, unknown>;

const silent = new Set([
	"verbose",
	"cache",
	"name",
	"markdown",
	"create_directory",
	"type",
	"respect_context_window",
	"max_retry_limit",
	"use_system_prompt",
	"inject_date",
	"date_format",
	"stream",
	"tracing",
]);

/**
 * Reads the JSON crew format the current `crewai create crew` writes: `crew.jsonc` (tasks,
 * process, settings, default inputs) and one `agents/<name>.jsonc` per agent. Python
 * references (`{"python": "…"}`, `custom:` tools) are not run: they are warned about.
 */
export async function readJsonCrew(crewFile: string): Promise<CrewSpec> {
	const warnings: CrewWarning[] = [];
	const crew = asObject(parseJsonc(await readFile(crewFile, "utf8"), crewFile), crewFile);
	const warn = (what: string, where: string, instead: string) =>
		warnings.push({ what, where, instead });
	const agentNames = Array.isArray(crew.agents)
		? crew.agents.filter((name) => typeof name === "string")
		: [];
	if (agentNames.length === 0)
		throw new ConfigError(
			"'agents' must be a non-empty list of agent names (agents/<name>.jsonc).",
			{ file: crewFile },
		);
	const managerName = typeof crew.manager_agent === "string" ? crew.manager_agent : undefined;
	const agents = new Map<string, AgentSpec>();
	for (const name of [...agentNames, ...(managerName ? [managerName] : [])]) {
		agents.set(name, await readJsonAgent(name, join(dirname(crewFile), "agents"), warn));
	}
	const tasks: TaskSpec[] = [];
	const rawTasks = Array.isArray(crew.tasks) ? crew.tasks : [];
	rawTasks.forEach((raw, index) => {
		const task = asObject(raw, crewFile);
		const name = typeof task.name === "string" ? task.name : `task_${index + 1}`;
		const where = `${crewFile} tasks[${index}]`;
		const agent = typeof task.agent === "string" ? task.agent : "";
		if (!agents.has(agent) || agent === managerName) {
			throw new ConfigError(
				`Task '${name}' has ${agent ? `agent '${agent}', which 'agents' does not list` : "no agent"}. Agents: ${agentNames.join(", ")}.`,
				{ file: crewFile },
			);
		}
		if (typeof task.description !== "string" || !task.description.trim())
			throw new ConfigError(`Task '${name}' has no description.`, { file: crewFile });
		const spec: TaskSpec = {
			name,
			description: task.description.trim(),
			expectedOutput: typeof task.expected_output === "string" ? task.expected_output.trim() : "",
			agent,
			async: task.async_execution === true,
			location: { file: crewFile },
		};
		for (const [key, value] of Object.entries(task)) {
			if (
				["name", "description", "expected_output", "agent", "async_execution"].includes(key) ||
				silent.has(key) ||
				isOff(value)
			)
				continue;
			if (key === "context" && Array.isArray(value)) spec.context = value.map(String);
			else if (key === "output_file" && typeof value === "string") spec.outputFile = value;
			else if (key === "tools" && Array.isArray(value))
				spec.tools = mapToolNames(value, `task '${name}'`, where, warn).tools;
			else if (key === "guardrail" && typeof value === "string")
				spec.guardrails = [...(spec.guardrails ?? []), value];
			else if (
				key === "guardrails" &&
				Array.isArray(value) &&
				value.every((item) => typeof item === "string")
			)
				spec.guardrails = [...(spec.guardrails ?? []), ...value];
			else if (key === "human_input" && value === true) {
				spec.humanInput = true;
				warn(
					`task '${name}': human_input`,
					where,
					"no person is asked: the answer is used as the agent gives it",
				);
			} else if (key === "condition")
				warn(
					`task '${name}': condition`,
					where,
					"Python code crewkit does not run: the task always runs",
				);
			else
				warn(
					`task '${name}': ${key}`,
					where,
					(taskKeys.ignored as Record<string, string>)[key] ||
						"Python references are not run: ignored",
				);
		}
		tasks.push(spec);
	});
	if (tasks.length === 0)
		throw new ConfigError("The crew has no tasks: add them to 'tasks'.", { file: crewFile });
	const spec: CrewSpec = { agents: agentNames.map((name) => agents.get(name) as AgentSpec), tasks };
	for (const [key, value] of Object.entries(crew)) {
		if (["agents", "tasks", "manager_agent"].includes(key) || silent.has(key) || isOff(value))
			continue;
		if (key === "process" && (value === "sequential" || value === "hierarchical"))
			spec.process = value;
		else if (key === "manager_llm") {
			const model = modelOf(value, "crew: manager_llm", crewFile, warn);
			if (model) spec.managerModel = model;
		} else if (key === "memory" && value === true) spec.memory = true;
		else if (key === "planning" && value === true) spec.planning = true;
		else if (key === "inputs" && typeof value === "object" && value !== null) {
			spec.inputs = Object.fromEntries(
				Object.entries(value).filter((entry): entry is [string, string | number | boolean] =>
					["string", "number", "boolean"].includes(typeof entry[1]),
				),
			);
		} else warn(`crew: ${key}`, crewFile, "ignored");
	}
	if (managerName) spec.manager = agents.get(managerName) as AgentSpec;
	if (warnings.length) spec.warnings = warnings;
	return spec;
}

type Warn = (what: string, where: string, instead: string) => void;

async function readJsonAgent(name: string, folder: string, warn: Warn): Promise<AgentSpec> {
	let file = join(folder, `${name}.jsonc`);
	const text = await readFile(file, "utf8").catch(async () => {
		file = join(folder, `${name}.json`);
		return readFile(file, "utf8").catch(() => {
			throw new ConfigError(
				`Agent '${name}' has no definition: expected agents/${name}.jsonc or agents/${name}.json.`,
				{ file: join(folder, `${name}.jsonc`) },
			);
		});
	});
	const raw = asObject(parseJsonc(text, file), file);
	const fields = {
		...raw,
		...(typeof raw.settings === "object" && raw.settings ? (raw.settings as JsonObject) : {}),
	};
	const text_ = (key: string) => {
		const value = fields[key];
		if (typeof value !== "string" || !value.trim())
			throw new ConfigError(`Agent '${name}' has no ${key}.`, { file });
		return value.trim();
	};
	const agent: AgentSpec = {
		name,
		role: text_("role"),
		goal: text_("goal"),
		backstory: text_("backstory"),
		tools: [],
		location: { file },
	};
	const owner = `agent '${name}'`;
	for (const [key, value] of Object.entries(fields)) {
		if (["role", "goal", "backstory", "settings"].includes(key) || silent.has(key) || isOff(value))
			continue;
		if (key === "tools" && Array.isArray(value)) {
			const mapped = mapToolNames(value, owner, file, warn);
			agent.tools = mapped.tools;
			if (mapped.knowledge.length) agent.knowledge = mapped.knowledge;
		} else if (key === "llm") {
			const model = modelOf(value, `${owner}: llm`, file, warn);
			if (model) agent.model = model;
		} else if (key === "max_iter" && typeof value === "number") agent.maxIterations = value;
		else if (key === "allow_delegation" && typeof value === "boolean")
			agent.allowDelegation = value;
		else if (key === "max_execution_time" && typeof value === "number")
			agent.maxExecutionTime = value;
		else if (key === "reasoning")
			warn(`${owner}: reasoning`, file, "no reasoning step yet: the agent answers directly");
		else
			warn(
				`${owner}: ${key}`,
				file,
				(agentKeys.ignored as Record<string, string>)[key] || "ignored",
			);
	}
	return agent;
}

/** Tool names as crew.jsonc writes them: crewai_tools class names, or `custom:<name>`. */
function mapToolNames(names: unknown[], owner: string, where: string, warn: Warn) {
	const tools = new Set<string>();
	for (const name of names) {
		const className = typeof name === "string" ? name : JSON.stringify(name);
		const mapped = crewaiToolMap[className];
		if (mapped) for (const tool of mapped.tools) tools.add(tool);
		else
			warn(
				`${owner}: tool ${className}`,
				where,
				className.startsWith("custom:")
					? "a Python tool crewkit cannot run: the agent works without it (write it as a crewkit tool in crew.ts)"
					: "not a crewai_tools class crewkit maps: the agent works without it",
			);
	}
	return { tools: [...tools], knowledge: [] as string[] };
}

/** `"openai/gpt-4o"` or `{ "model": "llama3", "provider": "ollama", "base_url": "…" }`. */
function modelOf(value: unknown, what: string, where: string, warn: Warn): string | undefined {
	let text: string | undefined;
	if (typeof value === "string") text = value;
	else if (typeof value === "object" && value !== null) {
		const { model, provider, base_url: baseUrl } = value as JsonObject;
		if (typeof model === "string" && typeof baseUrl === "string" && provider !== "ollama")
			return `openai-compatible:${model}@${baseUrl}`;
		if (typeof model === "string")
			text = typeof provider === "string" ? `${provider}/${model}` : model;
	}
	if (!text) {
		warn(what, where, "not a model crewkit can read: the run's model (--model) is used");
		return undefined;
	}
	const normalized = normalizeModelString(text);
	if (normalized.problem === undefined) return normalized.model;
	warn(`${what} '${text}'`, where, normalized.problem);
	return undefined;
}

function asObject(value: unknown, file: string): JsonObject {
	if (typeof value === "object" && value !== null && !Array.isArray(value))
		return value as JsonObject;
	throw new ConfigError("Expected a JSON object here.", { file });
}

function isOff(value: unknown): boolean {
	return value === false || value === null || (Array.isArray(value) && value.length === 0);
}
