import { type PythonNode, parsePython } from "./python-parser.ts";
import {
	children,
	collectAssignments,
	type PythonValue,
	readValue,
	type Scope,
} from "./python-values.ts";

/** A function of a crew.py: a decorated method of the `@CrewBase` class, or a module-level one. */
export interface CrewPyFunction {
	name: string;
	/** The decorator that says what it is: "agent", "task", "crew", "tool", "llm", "before_kickoff", … */
	decorator: string;
	/** What it returns, read statically; undefined when it returns nothing readable. */
	value: PythonValue | undefined;
	line: number;
}

/** What crewkit reads from a crew.py, without running it. */
export interface CrewPy {
	/** The class decorated with `@CrewBase`, or undefined for a script of plain calls. */
	className: string | undefined;
	/** The YAML files the class names (`agents_config = 'config/agents.yaml'`), relative to its file. */
	agentsConfig: string;
	tasksConfig: string;
	/** `@agent` methods, or module-level `x = Agent(…)` assignments, in file order. */
	agents: CrewPyFunction[];
	/** `@task` methods, or module-level `x = Task(…)` assignments, in file order. */
	tasks: CrewPyFunction[];
	crew: CrewPyFunction | undefined;
	/** `@tool`, `@llm` and other decorated methods, by name. */
	helpers: Map<string, CrewPyFunction>;
	/** Decorated functions crewkit does not apply: `@before_kickoff`, `@after_kickoff`, … */
	hooks: CrewPyFunction[];
	/** Custom tools written in Python: `@tool` functions and `BaseTool` subclasses, by name. */
	customTools: Map<string, number>;
}

const roles = new Set(["agent", "task", "crew"]);

/** Reads a crew.py statically with tree-sitter's Python grammar; nothing in it is executed. */
export async function readCrewPy(text: string): Promise<CrewPy> {
	const module = await parsePython(text);
	const moduleScope = collectAssignments(module);
	const result: CrewPy = {
		className: undefined,
		agentsConfig: "config/agents.yaml",
		tasksConfig: "config/tasks.yaml",
		agents: [],
		tasks: [],
		crew: undefined,
		helpers: new Map(),
		hooks: [],
		customTools: findCustomTools(module),
	};
	const crewClass = children(module)
		.filter((node) => node.type === "decorated_definition")
		.find((node) => decoratorNames(node).includes("CrewBase"));
	const classNode = crewClass?.childForFieldName("definition");
	if (!classNode) {
		readScript(module, moduleScope, result);
		return result;
	}
	result.className = classNode.childForFieldName("name")?.text;
	const body = classNode.childForFieldName("body");
	const classScope = collectAssignments(body as PythonNode);
	const configPath = (name: string) => {
		const node = classScope.get(name);
		const value = node ? readValue(node) : undefined;
		return value?.kind === "str" ? value.value : undefined;
	};
	result.agentsConfig = configPath("agents_config") ?? result.agentsConfig;
	result.tasksConfig = configPath("tasks_config") ?? result.tasksConfig;
	for (const member of children(body)) {
		if (member.type !== "decorated_definition") continue;
		const method = member.childForFieldName("definition");
		if (method?.type !== "function_definition") continue;
		const decorator = decoratorNames(member)[0] ?? "";
		const name = method.childForFieldName("name")?.text ?? "";
		const item: CrewPyFunction = {
			name,
			decorator,
			value: returnedValue(method, [moduleScope]),
			line: member.startPosition.row + 1,
		};
		if (decorator === "agent") result.agents.push(item);
		else if (decorator === "task") result.tasks.push(item);
		else if (decorator === "crew") result.crew = item;
		else if (decorator === "tool" || decorator === "llm" || decorator.startsWith("output_"))
			result.helpers.set(name, item);
		else if (!roles.has(decorator)) result.hooks.push({ ...item, value: undefined });
	}
	return result;
}

/** A crew written as a script: `researcher = Agent(…)`, `task = Task(…)`, `crew = Crew(…)`. */
function readScript(module: PythonNode, scope: Scope, result: CrewPy): void {
	for (const [name, node] of scope) {
		const value = readValue(node, [scope]);
		if (value.kind !== "call") continue;
		const kind = value.callee.split(".").at(-1);
		const item: CrewPyFunction = { name, decorator: "", value, line: value.line };
		if (kind === "Agent") result.agents.push({ ...item, decorator: "agent" });
		else if (kind === "Task" || kind === "ConditionalTask")
			result.tasks.push({ ...item, decorator: "task" });
		else if (kind === "Crew") result.crew = { ...item, decorator: "crew" };
	}
	const byLine = (a: CrewPyFunction, b: CrewPyFunction) => a.line - b.line;
	result.agents.sort(byLine);
	result.tasks.sort(byLine);
	void module;
}

/** The value of a function's first `return`, its own assignments in scope before the module's. */
function returnedValue(method: PythonNode, scopes: Scope[]): PythonValue | undefined {
	const body = method.childForFieldName("body");
	if (!body) return undefined;
	const statement = body.descendantsOfType("return_statement")[0];
	const expression = statement?.namedChildren[0];
	if (!expression) return undefined;
	return readValue(expression, [collectAssignments(body), ...scopes]);
}

/** The names of a definition's decorators, last dotted part, without arguments: "CrewBase", "agent", "tool". */
function decoratorNames(definition: PythonNode): string[] {
	return children(definition)
		.filter((child) => child.type === "decorator")
		.map((decorator) => {
			const expression = decorator.namedChildren[0];
			const target =
				expression?.type === "call" ? expression.childForFieldName("function") : expression;
			return target?.text.split(".").at(-1) ?? "";
		});
}

/** Module-level `@tool` functions and classes deriving from `BaseTool`: custom tools in Python. */
function findCustomTools(module: PythonNode): Map<string, number> {
	const tools = new Map<string, number>();
	for (const node of children(module)) {
		const definition =
			node.type === "decorated_definition" ? node.childForFieldName("definition") : node;
		if (!definition) continue;
		const name = definition.childForFieldName("name")?.text;
		if (!name) continue;
		const line = node.startPosition.row + 1;
		if (definition.type === "function_definition" && decoratorNames(node).includes("tool")) {
			tools.set(name, line);
		}
		if (
			definition.type === "class_definition" &&
			/\bBaseTool\b/.test(definition.childForFieldName("superclasses")?.text ?? "")
		) {
			tools.set(name, line);
		}
	}
	return tools;
}
