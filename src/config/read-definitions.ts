import { isMap, isScalar, isSeq, type Node } from "yaml";
import { ConfigError, formatLocation, type SourceLocation } from "../errors.ts";
import { closestName } from "./closest-name.ts";
import type { CrewWarning } from "./crew-spec.ts";
import {
	describeNode,
	locate,
	mappingEntries,
	resolveNode,
	type YamlEntry,
	type YamlFile,
} from "./yaml-file.ts";

/** One named entry of agents.yaml or tasks.yaml, before its fields are read. */
export interface Definition {
	kind: "agent" | "task";
	name: string;
	file: YamlFile;
	nameNode: Node;
	location: SourceLocation;
	fields: Map<string, YamlEntry>;
}

const fieldNames = {
	agent: "role:, goal: and backstory:",
	task: "description:, expected_output: and agent:",
};

/**
 * The entries of a crew file: a mapping from names to mappings of fields.
 * @throws ConfigError when the file is empty, is not a mapping, or an entry is not a mapping.
 */
export function readDefinitions(file: YamlFile, kind: "agent" | "task"): Definition[] {
	const root = resolveNode(file, file.document.contents);
	const example = `Write each ${kind} as its name followed by the indented fields ${fieldNames[kind]}`;
	if (!root || (isMap(root) && root.items.length === 0)) {
		throw new ConfigError(`The file defines no ${kind}s. ${example}.`, locate(file, root));
	}
	if (!isMap(root)) {
		throw new ConfigError(
			`The file must be a mapping of ${kind} names to ${kind}s, found ${describeNode(root)}. ${example}.`,
			locate(file, root),
		);
	}
	const definitions: Definition[] = [];
	for (const [name, entry] of mappingEntries(file, root, file.name)) {
		const named = `${capitalize(kind)} '${name}'`;
		if (entry.value === undefined) {
			throw new ConfigError(
				`${named} is empty: indent its fields ${fieldNames[kind]} under '${name}:'.`,
				locate(file, entry.keyNode),
			);
		}
		if (!isMap(entry.value)) {
			throw new ConfigError(
				`${named} must be a mapping of fields (${fieldNames[kind]}), found ${describeNode(entry.value)}. Indent the fields under '${name}:'.`,
				locate(file, entry.value),
			);
		}
		definitions.push({
			kind,
			name,
			file,
			nameNode: entry.keyNode,
			location: locate(file, entry.keyNode),
			fields: mappingEntries(file, entry.value, `${kind} '${name}'`),
		});
	}
	return definitions;
}

/**
 * Rejects a key that is not one of `keys` but close to one (a typo), naming the likely
 * key. Unknown keys that resemble none are left alone, as CrewAI leaves them.
 */
export function checkKeys(
	definition: Definition,
	keys: { used: readonly string[]; ignored: Readonly<Record<string, string>> },
): void {
	const known = [...keys.used, ...Object.keys(keys.ignored)];
	for (const [key, entry] of definition.fields) {
		if (known.includes(key)) continue;
		const suggestion = closestName(key, known);
		if (suggestion === undefined) continue;
		throw new ConfigError(
			`unknown key '${key}' in ${definition.kind} '${definition.name}'; did you mean '${suggestion}'?`,
			locate(definition.file, entry.keyNode),
		);
	}
}

/**
 * Adds a warning for each CrewAI key of the entry that crewkit does not apply and whose
 * absence a user would notice (`ignored` maps such keys to what crewkit does instead).
 */
export function warnIgnoredKeys(
	definition: Definition,
	ignored: Readonly<Record<string, string>>,
	warnings: CrewWarning[],
): void {
	for (const [key, entry] of definition.fields) {
		const instead = ignored[key];
		if (!instead || entry.value === undefined || isFalse(entry.value)) continue;
		warnings.push({
			what: `${definition.kind} '${definition.name}': ${key}`,
			where: formatLocation(locate(definition.file, entry.keyNode)),
			instead,
		});
	}
}

/** `false` or an empty list: a setting left off, which needs no warning. */
function isFalse(node: Node): boolean {
	if (isScalar(node)) return node.value === false || node.value === "";
	return isSeq(node) && node.items.length === 0;
}

/** "Agent 'researcher'" or "Task 'research_task'", to start a message. */
export function label(definition: Definition): string {
	return `${capitalize(definition.kind)} '${definition.name}'`;
}

function capitalize(word: string): string {
	return word.charAt(0).toUpperCase() + word.slice(1);
}
