import { dirname, resolve } from "node:path";
import { isMap, isNode, isScalar, isSeq, type YAMLMap } from "yaml";
import { ConfigError } from "../errors.ts";
import { checkMcpServers, type McpServerConfig } from "../mcp/mcp-server-config.ts";
import { closestName } from "./closest-name.ts";
import {
	describeNode,
	locate,
	mappingEntries,
	resolveNode,
	type YamlEntry,
	type YamlFile,
} from "./yaml-file.ts";

/** The keys of an MCP server in YAML (crewkit's own format, in CrewAI's snake_case). */
const serverKeys = [
	"name",
	"command",
	"args",
	"env",
	"cwd",
	"url",
	"headers",
	"allow_tools",
	"timeout_ms",
];

/**
 * The servers of a crew's `mcp.yaml`: a mapping of server names to servers, which agents
 * name in their `mcp_servers:` list. An empty file defines none.
 * @throws ConfigError at the first problem.
 */
export function parseMcpFile(file: YamlFile): Map<string, McpServerConfig> {
	const root = resolveNode(file, file.document.contents);
	const servers = new Map<string, McpServerConfig>();
	if (!root) return servers;
	if (!isMap(root)) {
		throw new ConfigError(
			`${file.name} must be a mapping of server names to servers, found ${describeNode(root)}. Write each server as its name followed by the indented command: (or url:) and allow_tools:.`,
			locate(file, root),
		);
	}
	for (const [name, entry] of mappingEntries(file, root, file.name)) {
		servers.set(name, readServer(file, entry, name));
	}
	return servers;
}

/**
 * An agent's `mcp_servers:` list: names of servers of mcp.yaml, or servers written in place
 * (with a `name:`).
 * @param owner "agent 'researcher'", for messages.
 */
export function readMcpServerList(
	file: YamlFile,
	entry: YamlEntry,
	owner: string,
	defined: ReadonlyMap<string, McpServerConfig>,
): McpServerConfig[] {
	if (entry.value === undefined) return [];
	if (!isSeq(entry.value)) {
		throw new ConfigError(
			`'mcp_servers' of ${owner} must be a list of server names (from mcp.yaml) or servers, found ${describeNode(entry.value)}.`,
			locate(file, entry.value),
		);
	}
	const servers = entry.value.items.map((item) => {
		const node = resolveNode(file, item);
		if (isScalar(node) && typeof node.value === "string") {
			const server = defined.get(node.value.trim());
			if (!server) {
				const names = [...defined.keys()];
				throw new ConfigError(
					names.length
						? `${capitalize(owner)} names MCP server '${node.value}', which mcp.yaml does not define. Defined servers: ${names.join(", ")}.`
						: `${capitalize(owner)} names MCP server '${node.value}', but there is no mcp.yaml beside ${file.name} to define it. Define it there, or write the server in place (name:, command: or url:, allow_tools:).`,
					locate(file, node),
				);
			}
			return server;
		}
		if (!isMap(node)) {
			throw new ConfigError(
				`Each item of 'mcp_servers' of ${owner} must be a server name or a server, found ${describeNode(node)}.`,
				locate(file, isNode(item) ? item : entry.value),
			);
		}
		const unnamed = `an MCP server of ${owner}`;
		const nameEntry = mappingEntries(file, node, unnamed).get("name");
		const name = nameEntry?.value ? textOf(file, nameEntry, unnamed) : undefined;
		if (!name) {
			throw new ConfigError(
				`An MCP server written in ${owner} needs a name: (or list a server of mcp.yaml by its name).`,
				locate(file, node),
			);
		}
		return readServer(file, { key: name, keyNode: node, value: node }, name, owner);
	});
	checkMcpServers(servers, capitalize(owner), locate(file, entry.keyNode));
	return servers;
}

function readServer(
	file: YamlFile,
	entry: YamlEntry,
	name: string,
	owner?: string,
): McpServerConfig {
	const label = `MCP server '${name}'${owner ? ` of ${owner}` : ""}`;
	const node = entry.value;
	if (!isMap(node)) {
		throw new ConfigError(
			`${label} must be a mapping of command: (or url:), allow_tools: and other settings, found ${describeNode(node)}.`,
			locate(file, node ?? entry.keyNode),
		);
	}
	const fields = mappingEntries(file, node as YAMLMap, label);
	// In mcp.yaml a server's name is its key; written in place, it needs a `name:`.
	const keys = owner ? serverKeys : serverKeys.filter((key) => key !== "name");
	for (const [key, field] of fields) {
		if (keys.includes(key)) continue;
		const suggestion = closestName(key, keys);
		throw new ConfigError(
			key === "name"
				? `${label} has a 'name:', but in ${file.name} a server's name is its key: remove name:.`
				: `Unknown key '${key}' in ${label}${suggestion ? `; did you mean '${suggestion}'?` : `. Keys: ${keys.join(", ")}.`}`,
			locate(file, field.keyNode),
		);
	}
	const text = (key: string) => {
		const field = fields.get(key);
		return field?.value === undefined ? undefined : textOf(file, field, label);
	};
	const allowTools = stringList(file, fields.get("allow_tools"), label);
	const timeout = fields.get("timeout_ms")?.value;
	if (timeout !== undefined && !(isScalar(timeout) && Number.isSafeInteger(timeout.value))) {
		throw new ConfigError(
			`'timeout_ms' of ${label} must be a whole number of milliseconds, found ${describeNode(timeout)}.`,
			locate(file, timeout),
		);
	}
	const common = {
		name,
		allowTools: allowTools ?? [],
		...(timeout === undefined ? {} : { timeoutMs: (timeout as { value: number }).value }),
	};
	const url = text("url");
	const command = text("command");
	if (url !== undefined && command === undefined) {
		const headers = stringMap(file, fields.get("headers"), label);
		return { ...common, url, ...(headers ? { headers } : {}) };
	}
	if (command === undefined) {
		throw new ConfigError(
			`${label} needs a command: (a server started for the run) or a url: (one running already).`,
			locate(file, node),
		);
	}
	const args = stringList(file, fields.get("args"), label);
	const env = stringMap(file, fields.get("env"), label);
	// Relative folders are relative to the YAML file, like the crew's other paths.
	const cwd = resolve(dirname(file.path), text("cwd") ?? ".");
	return {
		...common,
		command,
		...(url === undefined ? {} : { url }),
		...(args ? { args } : {}),
		...(env ? { env } : {}),
		cwd,
	};
}

function textOf(file: YamlFile, entry: YamlEntry, label: string): string {
	const node = entry.value;
	if (isScalar(node) && ["string", "number"].includes(typeof node.value)) {
		const text = String(node.value).trim();
		if (text) return text;
	}
	throw new ConfigError(
		`'${entry.key}' of ${label} must be text, found ${describeNode(node)}.`,
		locate(file, node ?? entry.keyNode),
	);
}

function stringList(
	file: YamlFile,
	entry: YamlEntry | undefined,
	label: string,
): string[] | undefined {
	if (entry?.value === undefined) return undefined;
	if (!isSeq(entry.value)) {
		throw new ConfigError(
			`'${entry.key}' of ${label} must be a list, e.g. ${entry.key}: [a, b]; found ${describeNode(entry.value)}.`,
			locate(file, entry.value),
		);
	}
	return entry.value.items.map((item) =>
		textOf(file, { key: entry.key, keyNode: entry.keyNode, value: resolveNode(file, item) }, label),
	);
}

function stringMap(
	file: YamlFile,
	entry: YamlEntry | undefined,
	label: string,
): Record<string, string> | undefined {
	if (entry?.value === undefined) return undefined;
	if (!isMap(entry.value)) {
		throw new ConfigError(
			`'${entry.key}' of ${label} must be a mapping of names to values, found ${describeNode(entry.value)}.`,
			locate(file, entry.value),
		);
	}
	const values: Record<string, string> = {};
	for (const [key, field] of mappingEntries(file, entry.value, `'${entry.key}' of ${label}`)) {
		values[key] = textOf(file, field, label);
	}
	return values;
}

function capitalize(text: string): string {
	return text.charAt(0).toUpperCase() + text.slice(1);
}
