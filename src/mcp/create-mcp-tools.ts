import { ConfigError } from "../errors.ts";
import { defineJsonSchemaTool } from "../tools/define-json-schema-tool.ts";
import { type Tool, toolNamePattern } from "../tools/define-tool.ts";
import type { McpConnection } from "./connect-mcp-server.ts";
import { allToolsAllowed } from "./mcp-server-config.ts";

/**
 * The tools of a started MCP server that an agent may call, as crewkit tools: the server's
 * description and JSON Schema go to the model as they are; calls go to the server. Tools
 * not on `allowTools` are left out.
 * @param owner Starts messages, e.g. "Agent 'researcher'".
 * @throws ConfigError when the allow-list names a tool the server does not have.
 */
export function createMcpTools(
	connection: McpConnection,
	allowTools: readonly string[],
	owner: string,
): Tool[] {
	const { server } = connection;
	const listed = new Map(connection.tools.map((tool) => [tool.name, tool]));
	const allowsAll = allowTools.includes(allToolsAllowed);
	const missing = allowTools.filter((name) => name !== allToolsAllowed && !listed.has(name));
	if (missing.length) {
		throw new ConfigError(
			`${owner}: MCP server '${server.name}' has no tool ${missing.map((name) => `'${name}'`).join(", ")} (allowTools). Its tools: ${[...listed.keys()].join(", ") || "none"}.`,
		);
	}
	const allowed = new Set(allowsAll ? listed.keys() : allowTools);
	return [...allowed].map((name) => {
		const tool = listed.get(name) as (typeof connection.tools)[number];
		return defineJsonSchemaTool({
			name: modelToolName(name),
			description: tool.description.trim() || `Tool '${name}' of MCP server '${server.name}'.`,
			inputSchema: tool.inputSchema,
			execute: (input, context) => connection.callTool(name, input, allowed, context),
		});
	});
}

/**
 * A name models accept for an MCP tool: MCP allows dots and 128 characters, model APIs
 * allow neither, so other characters become '_' and the name is cut to 64.
 */
export function modelToolName(name: string): string {
	if (toolNamePattern.test(name)) return name;
	const cleaned = name.replace(/[^a-zA-Z0-9_-]/g, "_");
	return (/^[a-zA-Z]/.test(cleaned) ? cleaned : `t_${cleaned}`).slice(0, 64);
}
