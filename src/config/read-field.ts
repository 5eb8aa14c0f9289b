import { isNode, isScalar, isSeq, type Node } from "yaml";
import { ConfigError } from "../errors.ts";
import { type Definition, label } from "./read-definitions.ts";
import { describeNode, locate, resolveNode } from "./yaml-file.ts";

/** A list item with the node it came from, so later checks can point at it. */
export interface LocatedName {
	name: string;
	node: Node;
}

/**
 * A required text field, trimmed (CrewAI's `>` blocks end with a newline).
 * @param hint Completes "Add role: …", e.g. "describing the answer".
 */
export function readText(
	definition: Definition,
	key: string,
	hint: string,
	options: { allowEmpty?: boolean } = {},
): string {
	const entry = definition.fields.get(key);
	if (entry?.value === undefined) {
		throw new ConfigError(
			`${label(definition)} has no '${key}'. Add ${key}: ${hint}.`,
			entry ? locate(definition.file, entry.keyNode) : definition.location,
		);
	}
	const text = textOf(definition, key, entry.value);
	if (text === "" && !options.allowEmpty) {
		throw new ConfigError(
			`${label(definition)} has an empty '${key}'. Write ${key}: ${hint}.`,
			locate(definition.file, entry.value),
		);
	}
	return text;
}

/** An optional text field, trimmed; `undefined` when absent or null. */
export function readOptionalText(
	definition: Definition,
	key: string,
	what: string,
): string | undefined {
	const value = definition.fields.get(key)?.value;
	if (value === undefined) return undefined;
	const text = textOf(definition, key, value);
	if (text === "") {
		throw new ConfigError(
			`${owner(definition, key)} is empty: write ${what} or remove the key.`,
			locate(definition.file, value),
		);
	}
	return text;
}

/** An optional list of names; `undefined` when absent or null, `[]` for `[]`. */
export function readNameList(
	definition: Definition,
	key: string,
	example: string,
): LocatedName[] | undefined {
	const value = definition.fields.get(key)?.value;
	if (value === undefined) return undefined;
	if (!isSeq(value)) {
		throw new ConfigError(
			`${owner(definition, key)} must be a list, e.g. ${key}: [${example}]; found ${describeNode(value)}.`,
			locate(definition.file, value),
		);
	}
	return value.items.map((item) => {
		const node = resolveNode(definition.file, item);
		const name = isScalar(node) && typeof node.value === "string" ? node.value.trim() : "";
		if (!node || name === "") {
			throw new ConfigError(
				`Each item of ${owner(definition, key)} must be a name, e.g. ${key}: [${example}]; found ${describeNode(node)}.`,
				locate(definition.file, isNode(item) ? item : value),
			);
		}
		return { name, node };
	});
}

const yamlOneOneBooleans: Record<string, boolean> = { yes: true, on: true, no: false, off: false };

/** An optional true/false field; PyYAML's `yes`/`no`/`on`/`off` count as CrewAI reads them. */
export function readBoolean(definition: Definition, key: string): boolean | undefined {
	const value = definition.fields.get(key)?.value;
	if (value === undefined) return undefined;
	if (isScalar(value)) {
		if (typeof value.value === "boolean") return value.value;
		if (typeof value.value === "string") {
			const word = yamlOneOneBooleans[value.value.trim().toLowerCase()];
			if (word !== undefined) return word;
		}
	}
	throw new ConfigError(
		`${owner(definition, key)} must be true or false, found ${describeNode(value)}.`,
		locate(definition.file, value),
	);
}

/** An optional whole number of at least 1. */
export function readPositiveInteger(definition: Definition, key: string): number | undefined {
	const value = definition.fields.get(key)?.value;
	if (value === undefined) return undefined;
	if (isScalar(value) && Number.isSafeInteger(value.value) && (value.value as number) >= 1) {
		return value.value as number;
	}
	throw new ConfigError(
		`${owner(definition, key)} must be a whole number of at least 1, found ${describeNode(value)}.`,
		locate(definition.file, value),
	);
}

function textOf(definition: Definition, key: string, value: Node): string {
	if (isScalar(value) && typeof value.value === "string") return value.value.trim();
	throw new ConfigError(
		`${owner(definition, key)} must be text, found ${describeNode(value)}. Quote it, or use '>' for a long text.`,
		locate(definition.file, value),
	);
}

/** "'max_iter' of agent 'researcher'". */
function owner(definition: Definition, key: string): string {
	return `'${key}' of ${definition.kind} '${definition.name}'`;
}
