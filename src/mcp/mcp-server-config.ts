import { ConfigError, type SourceLocation } from "../errors.ts";

/** Settings every MCP server has, however it is reached. */
interface McpServerBase {
	/** How messages and tool descriptions name the server. Unique among an agent's servers. */
	name: string;
	/**
	 * The server's tools the agent may call, by the server's names; `["*"]` allows them all.
	 * Other tools are not offered to the model, and calls to them are refused.
	 */
	allowTools: string[];
	/** How long one tool call may take, in milliseconds. Default 60 000. */
	timeoutMs?: number;
}

/** An MCP server started as a child process for the run, spoken to over stdin and stdout. */
export interface McpStdioServer extends McpServerBase {
	command: string;
	args?: string[];
	/**
	 * Variables of the server's environment. It also gets PATH, HOME, USER, SHELL, TERM and
	 * LOGNAME, but no other variable of crewkit's environment. `${NAME}` in a value is replaced
	 * by crewkit's variable NAME when the server starts (so secrets stay out of crew files).
	 */
	env?: Record<string, string>;
	/** The server's working folder. Default: crewkit's. */
	cwd?: string;
}

/** An MCP server reached over streamable HTTP. */
export interface McpHttpServer extends McpServerBase {
	/** The server's endpoint, e.g. `http://127.0.0.1:3001/mcp`. */
	url: string;
	/** Headers of every request (e.g. Authorization); `${NAME}` is replaced as in `env`. */
	headers?: Record<string, string>;
}

/** An MCP server whose tools an agent may use: a command to start, or a URL. */
export type McpServerConfig = McpStdioServer | McpHttpServer;

/** Whether crewkit starts the server (stdio) rather than reaching it at a URL. */
export const isStdioServer = (server: McpServerConfig): server is McpStdioServer =>
	"command" in server;

/** The allow-list entry that allows every tool of a server. */
export const allToolsAllowed = "*";

/**
 * Checks MCP server settings when they are defined, not when the run starts.
 * @param owner Starts messages, e.g. "Agent 'researcher'".
 * @throws ConfigError naming the server and what to change.
 */
export function checkMcpServers(
	servers: readonly McpServerConfig[],
	owner: string,
	location?: SourceLocation,
): void {
	const names = new Set<string>();
	for (const server of servers) {
		const label = `${owner}: MCP server '${server.name}'`;
		const fail = (problem: string) => {
			throw new ConfigError(`${label} ${problem}`, location);
		};
		if (typeof server.name !== "string" || !server.name.trim()) {
			throw new ConfigError(`${owner}: every MCP server needs a name.`, location);
		}
		if (names.has(server.name)) fail("is listed twice: give each server its own name.");
		names.add(server.name);
		const hasCommand = "command" in server && server.command !== undefined;
		const hasUrl = "url" in server && server.url !== undefined;
		if (hasCommand === hasUrl) {
			fail(
				"needs either a command (a server started for the run) or a url (one running already), not both.",
			);
		}
		if (hasCommand && (typeof server.command !== "string" || !server.command.trim())) {
			fail("has an empty command.");
		}
		if (hasUrl && !isHttpUrl((server as McpHttpServer).url)) {
			fail(`has url '${(server as McpHttpServer).url}': give an http:// or https:// address.`);
		}
		if (
			!Array.isArray(server.allowTools) ||
			server.allowTools.length === 0 ||
			server.allowTools.some((tool) => typeof tool !== "string" || !tool.trim())
		) {
			fail(
				`needs allowTools: the names of the tools the agent may call, e.g. allowTools: ["read_text_file"], or ["${allToolsAllowed}"] for all of them.`,
			);
		}
		if (
			server.timeoutMs !== undefined &&
			(!Number.isInteger(server.timeoutMs) || server.timeoutMs < 1)
		) {
			fail(`has timeoutMs ${server.timeoutMs}: give a whole number of milliseconds.`);
		}
	}
}

function isHttpUrl(text: unknown): boolean {
	if (typeof text !== "string") return false;
	try {
		const url = new URL(text);
		return url.protocol === "http:" || url.protocol === "https:";
	} catch {
		return false;
	}
}
