import { basename } from "node:path";
import {
	type Document,
	isAlias,
	isMap,
	isNode,
	isPair,
	isScalar,
	isSeq,
	LineCounter,
	type Node,
	type Pair,
	parseDocument,
	type YAMLError,
	type YAMLMap,
} from "yaml";
import { ConfigError, type SourceLocation } from "../errors.ts";
import { assertYamlWithinLimits } from "../parsers/yaml-limits.ts";

/** A YAML file's path and text. */
export interface YamlSource {
	path: string;
	text: string;
}

/** A parsed YAML file that can say where each of its nodes is. */
export interface YamlFile {
	path: string;
	/** The file's name, for messages: "agents.yaml". */
	name: string;
	document: Document.Parsed;
	lineCounter: LineCounter;
	/** Entries of mappings already read, so aliases merged many times are read once. */
	entries: WeakMap<YAMLMap, Map<string, YamlEntry>>;
}

/** One `key: value` of a mapping, with the value's alias resolved. */
export interface YamlEntry {
	key: string;
	keyNode: Node;
	/** `undefined` when the key has no value (`role:` alone) or the value is `null`. */
	value: Node | undefined;
}

const syntaxHints: Partial<Record<YAMLError["code"], string>> = {
	BAD_INDENT: "Check the indentation: fields of an entry are indented the same, with spaces.",
	TAB_AS_INDENT: "Indent with spaces, not tabs.",
	MULTIPLE_DOCS: "Keep one document per file: remove the '---' separator.",
	MISSING_CHAR: "Close the quote or bracket that starts here.",
	MULTILINE_IMPLICIT_KEY: "A key must fit on one line; use '>' for long text values.",
	BLOCK_AS_IMPLICIT_KEY: "Quote text that contains ': ', or write it as a '>' block.",
};

/** Messages of the yaml library that speak of its API rather than of the file. */
const syntaxMessages: Partial<Record<YAMLError["code"], string>> = {
	MULTIPLE_DOCS: "the file holds more than one YAML document",
};

/**
 * Parses a YAML file (YAML 1.2 core schema, `<<` merge keys allowed as PyYAML allows them).
 * @throws ConfigError at the position the yaml parser reports for the first syntax error.
 */
export function parseYamlFile(source: YamlSource): YamlFile {
	assertYamlWithinLimits(source);
	const lineCounter = new LineCounter();
	const document = parseDocument(source.text, {
		lineCounter,
		prettyErrors: false,
		merge: true,
		// Duplicate keys are reported by `mappingEntries` with both places and the key.
		uniqueKeys: false,
	});
	const file: YamlFile = {
		path: source.path,
		name: basename(source.path),
		document,
		lineCounter,
		entries: new WeakMap(),
	};
	const error = document.errors[0];
	if (error) {
		const hint = syntaxHints[error.code];
		const message = syntaxMessages[error.code] ?? error.message.replace(/\.$/, "");
		throw new ConfigError(
			`YAML syntax error: ${message}.${hint ? ` ${hint}` : ""}`,
			locateOffset(file, error.pos[0]),
		);
	}
	return file;
}

/** Where `node` starts, or just the file when the node has no position. */
export function locate(file: YamlFile, node: Node | null | undefined): SourceLocation {
	const offset = node?.range?.[0];
	return offset === undefined ? { file: file.path } : locateOffset(file, offset);
}

function locateOffset(file: YamlFile, offset: number): SourceLocation {
	const position = file.lineCounter.linePos(offset);
	return { file: file.path, line: position.line, column: position.col };
}

/**
 * `node` with an alias replaced by the node it names; `undefined` for a null or missing value.
 * @throws ConfigError for an alias whose anchor is not defined before it.
 */
export function resolveNode(file: YamlFile, node: unknown): Node | undefined {
	const resolved = isAlias(node) ? node.resolve(file.document) : node;
	if (isAlias(node) && !resolved) {
		throw new ConfigError(
			`The alias '*${node.source}' names no anchor: define '&${node.source}' above it, on the value to repeat.`,
			locate(file, node),
		);
	}
	if (!resolved || (isScalar(resolved) && resolved.value === null)) return undefined;
	return resolved as Node;
}

/**
 * The entries of a mapping in file order, `<<` merges applied (the mapping's own keys win,
 * then earlier merged mappings over later ones, as in YAML 1.1).
 * @param owner How messages name the mapping: "agent 'researcher'", "agents.yaml".
 * @throws ConfigError for a duplicate key, a key that is not text, or a bad merge.
 */
export function mappingEntries(
	file: YamlFile,
	map: YAMLMap,
	owner: string,
	merging: Set<YAMLMap> = new Set(),
): Map<string, YamlEntry> {
	const cached = file.entries.get(map);
	if (cached) return cached;
	if (merging.has(map)) {
		throw new ConfigError(`A '<<' merge in ${owner} includes itself.`, locate(file, map));
	}
	merging.add(map);
	const own = new Map<string, YamlEntry>();
	// The mapping's own entries and its `<<` pairs, in file order.
	const items: Array<YamlEntry | Pair> = [];
	for (const pair of map.items) {
		if (isMergeKey(pair.key)) {
			items.push(pair);
			continue;
		}
		const keyNode = pair.key as Node | null;
		const key = keyText(keyNode);
		if (key === undefined) {
			throw new ConfigError(
				`Keys in ${owner} must be plain names, found ${describeNode(keyNode ?? undefined)}.`,
				locate(file, keyNode ?? map),
			);
		}
		const first = own.get(key);
		if (first) {
			const line = locate(file, first.keyNode).line;
			throw new ConfigError(
				`Duplicate key '${key}' in ${owner} (first at line ${line}): remove or rename one.`,
				locate(file, keyNode),
			);
		}
		const entry = { key, keyNode: keyNode as Node, value: resolveNode(file, pair.value) };
		own.set(key, entry);
		items.push(entry);
	}
	const entries = new Map<string, YamlEntry>();
	for (const item of items) {
		if (!isPair(item)) {
			entries.set(item.key, item);
			continue;
		}
		for (const merged of mergeSources(file, item.key as Node, item.value, owner)) {
			for (const [key, entry] of mappingEntries(file, merged, owner, merging)) {
				if (!own.has(key) && !entries.has(key)) entries.set(key, entry);
			}
		}
	}
	merging.delete(map);
	file.entries.set(map, entries);
	return entries;
}

/** The mappings a `<<` key merges; a problem is reported at the item, or at the key. */
function mergeSources(file: YamlFile, mergeKey: Node, value: unknown, owner: string): YAMLMap[] {
	const resolved = resolveNode(file, value);
	const items = isSeq(resolved) ? resolved.items : [resolved];
	return items.map((item) => {
		const source = resolveNode(file, item);
		if (!isMap(source)) {
			throw new ConfigError(
				`A '<<' merge in ${owner} must name a mapping (<<: *defaults), found ${describeNode(source)}.`,
				locate(file, isNode(item) ? item : mergeKey),
			);
		}
		return source;
	});
}

function isMergeKey(key: unknown): boolean {
	return isScalar(key) && typeof key.value === "symbol";
}

function keyText(node: Node | null): string | undefined {
	if (!isScalar(node)) return undefined;
	const value = node.value;
	if (typeof value === "string") return value;
	if (typeof value === "number" || typeof value === "boolean") return String(node.source ?? value);
	return undefined;
}

/** How a message names what a node holds: "text", "a list", "a number", … */
export function describeNode(node: Node | undefined): string {
	if (node === undefined) return "nothing";
	if (isMap(node)) return "a mapping";
	if (isSeq(node)) return "a list";
	if (isScalar(node)) {
		const value = node.value;
		if (typeof value === "string") return `text '${truncate(value)}'`;
		if (typeof value === "number") return `the number ${value}`;
		if (typeof value === "boolean") return `${value}`;
	}
	return "a value of another kind";
}

function truncate(text: string): string {
	const line = text.trim().split("\n")[0] ?? "";
	return line.length > 40 ? `${line.slice(0, 40)}…` : line;
}
