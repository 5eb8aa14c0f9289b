import type { JSONSchema7 } from "@ai-sdk/provider";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import type { Transport } from "@modelcontextprotocol/sdk/shared/transport.js";
import { ConfigError } from "../errors.ts";
import type { ToolContext } from "../tools/define-tool.ts";
import { describeToolResult, type McpToolResult } from "./describe-tool-result.ts";
import { expandVariables } from "./expand-variables.ts";
import { isStdioServer, type McpServerConfig } from "./mcp-server-config.ts";

/** A tool as an MCP server lists it. */
export interface McpListedTool {
	name: string;
	description: string;
	inputSchema: JSONSchema7;
}

/** A started MCP server: the tools it lists, and how to call them and stop it. */
export interface McpConnection {
	server: McpServerConfig;
	tools: readonly McpListedTool[];
	/** The server's process id when crewkit started it (stdio). */
	pid: number | undefined;
	/**
	 * Calls a tool on behalf of an agent whose allow-list is `allowed`: a name that is not on
	 * it is refused here, before anything reaches the server.
	 */
	callTool(
		name: string,
		input: Record<string, unknown>,
		allowed: ReadonlySet<string>,
		context: Pick<ToolContext, "signal">,
	): Promise<string>;
	/** Stops the server process (stdio) or ends the session (HTTP). Never rejects. */
	close(): Promise<void>;
}

export interface ConnectOptions {
	/** Where `${NAME}` in env and headers is looked up. Default: `process.env`. */
	env?: Readonly<Record<string, string | undefined>>;
	/** When given, the only variables `${NAME}` may name (see `expandVariables`). */
	allowedVariables?: readonly string[] | undefined;
	/** How long starting and listing tools may take, in milliseconds. Default 60 000. */
	startTimeoutMs?: number;
}

const defaultToolTimeoutMs = 60_000;
/** How much of a server's stderr is kept to explain a failure. */
const stderrTailLength = 2_000;

/**
 * Starts (stdio) or connects to (HTTP) an MCP server and lists its tools.
 * @throws ConfigError when it cannot start or answer, with the end of its stderr.
 */
export async function connectMcpServer(
	server: McpServerConfig,
	options: ConnectOptions = {},
): Promise<McpConnection> {
	const env = options.env ?? process.env;
	const label = `MCP server '${server.name}'`;
	let stderr = "";
	let transport: Transport;
	let stdio: StdioClientTransport | undefined;
	if (isStdioServer(server)) {
		stdio = new StdioClientTransport({
			command: server.command,
			...(server.args ? { args: server.args } : {}),
			...(server.env
				? { env: expandVariables(server.env, env, `${label} env`, options.allowedVariables) }
				: {}),
			...(server.cwd ? { cwd: server.cwd } : {}),
			// Piped, not inherited: a server's log must not interleave with the run's progress.
			stderr: "pipe",
		});
		stdio.stderr?.on("data", (chunk: Buffer) => {
			stderr = (stderr + chunk.toString()).slice(-stderrTailLength);
		});
		transport = stdio;
	} else {
		const headers = server.headers
			? expandVariables(server.headers, env, `${label} header`, options.allowedVariables)
			: undefined;
		transport = new StreamableHTTPClientTransport(
			new URL(server.url),
			headers ? { requestInit: { headers } } : {},
		);
	}
	const client = new Client({ name: "crewkit", version: "0.1.0" });
	const where = isStdioServer(server) ? `(${server.command})` : `at ${server.url}`;
	const close = async () => {
		if (transport instanceof StreamableHTTPClientTransport) {
			await transport.terminateSession().catch(() => {});
		}
		await client.close().catch(() => {});
	};
	let tools: McpListedTool[];
	try {
		const timeout = options.startTimeoutMs ?? 60_000;
		await client.connect(transport, { timeout });
		tools = await listAllTools(client, timeout);
	} catch (error) {
		await close();
		const output = stderr.trim() ? ` Its stderr ends: ${stderr.trim().slice(-500)}` : "";
		const check = isStdioServer(server) ? "command and args" : "url";
		throw new ConfigError(
			`${label} ${where} did not start: ${(error as Error).message}. Check its ${check}.${output}`,
			undefined,
			{ cause: error },
		);
	}
	return {
		server,
		tools,
		pid: stdio?.pid ?? undefined,
		async callTool(name, input, allowed, context) {
			if (!allowed.has(name)) {
				throw new Error(
					`Tool '${name}' of ${label} is not on the agent's allow-list (${[...allowed].join(", ")}): it was not called.`,
				);
			}
			const result = await client.callTool({ name, arguments: input }, undefined, {
				signal: context.signal,
				timeout: server.timeoutMs ?? defaultToolTimeoutMs,
			});
			const text = describeToolResult(result as McpToolResult);
			if (result.isError) throw new Error(text || `${label} reported an error.`);
			return text;
		},
		close,
	};
}

async function listAllTools(client: Client, timeout: number): Promise<McpListedTool[]> {
	const tools: McpListedTool[] = [];
	let cursor: string | undefined;
	do {
		const page = await client.listTools(cursor ? { cursor } : {}, { timeout });
		for (const tool of page.tools) {
			tools.push({
				name: tool.name,
				description: tool.description ?? tool.title ?? "",
				inputSchema: tool.inputSchema as JSONSchema7,
			});
		}
		cursor = page.nextCursor;
	} while (cursor);
	return tools;
}
