import { ConfigError } from "../errors.ts";
import type { Tool } from "../tools/define-tool.ts";
import type { McpConnection } from "./connect-mcp-server.ts";
import type { McpServerConfig } from "./mcp-server-config.ts";

/** What starting MCP servers needs to know of an agent. */
export interface McpAgent {
	name: string;
	tools: readonly Tool[];
	mcpServers: readonly McpServerConfig[];
}

/** The MCP servers of a run: each agent's tools from them, and how to stop them all. */
export interface McpToolbox<Agent extends McpAgent = McpAgent> {
	/** The agent's MCP tools (empty for an agent without servers). */
	toolsOf(agent: Agent): Tool[];
	/** Process ids of the servers crewkit started. */
	readonly pids: readonly number[];
	/** Stops every server; never rejects. */
	close(): Promise<void>;
}

/**
 * Starts the MCP servers the agents name, in parallel; a server that several agents name
 * alike is started once, and each agent gets the tools of its own allow-list. When one
 * fails to start, those already started are stopped and the error is thrown. The MCP SDK
 * is imported only here, so runs without MCP servers never load it.
 * @throws ConfigError when a server does not start, lacks an allowed tool, or an agent would
 *   get two tools of the same name.
 */
export async function startMcpServers<Agent extends McpAgent>(
	agents: readonly Agent[],
	options: {
		env?: Readonly<Record<string, string | undefined>>;
		/** When given, the only variables `${NAME}` in servers' settings may name. */
		allowedVariables?: readonly string[] | undefined;
	} = {},
): Promise<McpToolbox<Agent>> {
	const { connectMcpServer } = await import("./connect-mcp-server.ts");
	const { createMcpTools } = await import("./create-mcp-tools.ts");
	const starting = new Map<string, Promise<McpConnection>>();
	const keyOf = (server: McpServerConfig) =>
		JSON.stringify({ ...server, allowTools: undefined, timeoutMs: undefined });
	for (const agent of agents) {
		for (const server of agent.mcpServers) {
			const key = keyOf(server);
			if (!starting.has(key)) starting.set(key, connectMcpServer(server, options));
		}
	}
	const settled = await Promise.allSettled(starting.values());
	const connections = new Map<string, McpConnection>();
	[...starting.keys()].forEach((key, index) => {
		const result = settled[index];
		if (result?.status === "fulfilled") connections.set(key, result.value);
	});
	const close = async () => {
		await Promise.all([...connections.values()].map((connection) => connection.close()));
	};
	const failure = settled.find((result) => result.status === "rejected");
	if (failure) {
		await close();
		throw failure.reason;
	}
	const toolsByAgent = new Map<Agent, Tool[]>();
	try {
		for (const agent of agents) {
			const owner = `Agent '${agent.name}'`;
			const sources = new Map(agent.tools.map((tool) => [tool.name, "its own tools"]));
			const tools: Tool[] = [];
			for (const server of agent.mcpServers) {
				const connection = connections.get(keyOf(server)) as McpConnection;
				for (const tool of createMcpTools(connection, server.allowTools, owner)) {
					const earlier = sources.get(tool.name);
					if (earlier) {
						throw new ConfigError(
							`${owner} gets two tools named '${tool.name}': from ${earlier} and from MCP server '${server.name}'. Leave it off one allowTools list.`,
						);
					}
					sources.set(tool.name, `MCP server '${server.name}'`);
					tools.push(tool);
				}
			}
			toolsByAgent.set(agent, tools);
		}
	} catch (error) {
		await close();
		throw error;
	}
	return {
		toolsOf: (agent) => toolsByAgent.get(agent) ?? [],
		pids: [...connections.values()].flatMap((connection) => connection.pid ?? []),
		close,
	};
}
