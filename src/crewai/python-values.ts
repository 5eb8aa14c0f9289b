import type { PythonNode } from "./python-parser.ts";

/** A call written in Python: `SerperDevTool()`, `Agent(config=…, tools=[…])`, `self.researcher()`. */
export interface PythonCall {
	kind: "call";
	/** The variable the call was assigned to, when it was reached through one. */
	ref?: string;
	/** The called name as written: "Agent", "crewai_tools.SerperDevTool", "self.researcher". */
	callee: string;
	args: PythonValue[];
	kwargs: Map<string, PythonValue>;
	line: number;
}

/**
 * What a Python expression is, as far as reading (not running) it can tell. Names that
 * refer to assignments in scope are replaced by what was assigned.
 */
export type PythonValue =
	| { kind: "str"; value: string; line: number }
	| { kind: "number"; value: number; line: number }
	| { kind: "bool"; value: boolean; line: number }
	| { kind: "none"; line: number }
	| { kind: "list"; items: PythonValue[]; line: number }
	| { kind: "dict"; entries: Map<string, PythonValue>; line: number }
	| PythonCall
	/** `self.agents_config['researcher']`: an entry of the YAML config. */
	| { kind: "config"; file: "agents" | "tasks"; key: string; line: number }
	/** A name or dotted name that is not a known assignment: `Process.sequential`, `my_func`. */
	| { kind: "name"; name: string; line: number }
	/** Anything else, with its source text. */
	| { kind: "other"; text: string; line: number };

/** Values of names: a function's own assignments, then the module's. */
export type Scope = ReadonlyMap<string, PythonNode>;

/** The assignments `name = value` directly in `block` (a module or function body). */
export function collectAssignments(block: PythonNode): Map<string, PythonNode> {
	const assignments = new Map<string, PythonNode>();
	for (const statement of block.namedChildren) {
		if (statement?.type !== "expression_statement") continue;
		const assignment = statement.namedChildren[0];
		if (assignment?.type !== "assignment") continue;
		const left = assignment.childForFieldName("left");
		const right = assignment.childForFieldName("right");
		if (left?.type === "identifier" && right) assignments.set(left.text, right);
	}
	return assignments;
}

/** Reads a Python expression; `scopes` are searched in order for names. */
export function readValue(node: PythonNode, scopes: readonly Scope[] = [], depth = 0): PythonValue {
	const line = node.startPosition.row + 1;
	if (depth > 20) return { kind: "other", text: node.text, line };
	const read = (child: PythonNode) => readValue(child, scopes, depth + 1);
	switch (node.type) {
		case "string":
		case "concatenated_string":
			return { kind: "str", value: stringText(node), line };
		case "integer":
		case "float": {
			const value = Number(node.text.replaceAll("_", ""));
			return Number.isFinite(value)
				? { kind: "number", value, line }
				: { kind: "other", text: node.text, line };
		}
		case "true":
			return { kind: "bool", value: true, line };
		case "false":
			return { kind: "bool", value: false, line };
		case "none":
			return { kind: "none", line };
		case "parenthesized_expression": {
			const inner = node.namedChildren[0];
			return inner ? read(inner) : { kind: "other", text: node.text, line };
		}
		case "list":
		case "tuple":
			return { kind: "list", items: children(node).map(read), line };
		case "dictionary": {
			const entries = new Map<string, PythonValue>();
			for (const pair of children(node)) {
				const key = pair.childForFieldName("key");
				const value = pair.childForFieldName("value");
				if (pair.type !== "pair" || !key || !value) continue;
				const keyValue = read(key);
				if (keyValue.kind === "str") entries.set(keyValue.value, read(value));
			}
			return { kind: "dict", entries, line };
		}
		case "binary_operator": {
			const left = node.childForFieldName("left");
			const right = node.childForFieldName("right");
			const operator = node.childForFieldName("operator")?.text;
			if (left && right && operator === "+") {
				const a = read(left);
				const b = read(right);
				if (a.kind === "str" && b.kind === "str")
					return { kind: "str", value: a.value + b.value, line };
			}
			return { kind: "other", text: node.text, line };
		}
		case "call":
			return readCall(node, scopes, depth);
		case "subscript": {
			const value = node.childForFieldName("value")?.text ?? "";
			const key = node.childForFieldName("subscript");
			const config = /^self\.(agents|tasks)_config$/.exec(value);
			const keyValue = key ? read(key) : undefined;
			if (config && keyValue?.kind === "str") {
				return { kind: "config", file: config[1] as "agents" | "tasks", key: keyValue.value, line };
			}
			return { kind: "other", text: node.text, line };
		}
		case "identifier": {
			for (const scope of scopes) {
				const assigned = scope.get(node.text);
				if (!assigned) continue;
				const value = readValue(assigned, scopes, depth + 1);
				return value.kind === "call" ? { ...value, ref: node.text } : value;
			}
			return { kind: "name", name: node.text, line };
		}
		case "attribute":
			return { kind: "name", name: node.text, line };
		default:
			return { kind: "other", text: node.text, line };
	}
}

function readCall(node: PythonNode, scopes: readonly Scope[], depth: number): PythonValue {
	const line = node.startPosition.row + 1;
	const callee = node.childForFieldName("function")?.text ?? "";
	const args: PythonValue[] = [];
	const kwargs = new Map<string, PythonValue>();
	for (const argument of children(node.childForFieldName("arguments"))) {
		if (argument.type === "keyword_argument") {
			const name = argument.childForFieldName("name")?.text;
			const value = argument.childForFieldName("value");
			if (name && value) kwargs.set(name, readValue(value, scopes, depth + 1));
		} else if (argument.type !== "comment") {
			args.push(readValue(argument, scopes, depth + 1));
		}
	}
	// dedent("""…""") is how many crews write long texts.
	if (/^(textwrap\.)?dedent$/.test(callee) && args[0]?.kind === "str") {
		return { kind: "str", value: dedent(args[0].value), line };
	}
	return { kind: "call", callee, args, kwargs, line };
}

/** The text of a string literal: escapes decoded, `{…}` of f-strings kept as written. */
function stringText(node: PythonNode): string {
	if (node.type === "concatenated_string") return children(node).map(stringText).join("");
	let text = "";
	for (const part of children(node)) {
		if (part.type === "string_content") text += part.text;
		else if (part.type === "escape_sequence") text += decodeEscape(part.text);
		else if (part.type === "interpolation") text += part.text;
	}
	return text;
}

const escapes: Record<string, string> = {
	n: "\n",
	t: "\t",
	r: "\r",
	"\\": "\\",
	"'": "'",
	'"': '"',
};

function decodeEscape(sequence: string): string {
	const letter = sequence.slice(1);
	if (escapes[letter] !== undefined) return escapes[letter];
	if (/^(x|u|U)[0-9a-fA-F]+$/.test(letter))
		return String.fromCodePoint(Number.parseInt(letter.slice(1), 16));
	if (letter === "\n") return "";
	return sequence;
}

/** Python's textwrap.dedent: the common leading whitespace of non-blank lines removed. */
export function dedent(text: string): string {
	const lines = text.split("\n");
	const indents = lines
		.filter((line) => line.trim())
		.map((line) => /^[ \t]*/.exec(line)?.[0].length ?? 0);
	const common = indents.length ? Math.min(...indents) : 0;
	return lines.map((line) => (line.trim() ? line.slice(common) : "")).join("\n");
}

/** The named children of a node that is there. */
export function children(node: PythonNode | null | undefined): PythonNode[] {
	return (node?.namedChildren ?? []).filter((child): child is PythonNode => child !== null);
}

/** A value as plain text, if it is one. */
export function textOf(value: PythonValue | undefined): string | undefined {
	return value?.kind === "str" ? value.value : undefined;
}

/** How a value is written, for messages. */
export function describeValue(value: PythonValue): string {
	switch (value.kind) {
		case "str":
			return JSON.stringify(value.value.length > 40 ? `${value.value.slice(0, 40)}…` : value.value);
		case "number":
			return String(value.value);
		case "bool":
			return value.value ? "True" : "False";
		case "none":
			return "None";
		case "call":
			return `${value.callee}(…)`;
		case "name":
			return value.name;
		case "config":
			return `self.${value.file}_config['${value.key}']`;
		case "list":
			return "[…]";
		case "dict":
			return "{…}";
		case "other":
			return value.text.length > 40 ? `${value.text.slice(0, 40)}…` : value.text;
	}
}
