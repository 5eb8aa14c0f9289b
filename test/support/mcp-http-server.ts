import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { StreamableHTTPServerTransport } from "@modelcontextprotocol/sdk/server/streamableHttp.js";
import { z } from "zod";

/** A small MCP server over streamable HTTP on 127.0.0.1, written with the MCP SDK. */
export interface TestMcpHttpServer {
	url: string;
	/** Names of the tools the server has run, in order. */
	readonly calls: string[];
	/** Authorization headers of the requests it received. */
	readonly authorizations: Array<string | undefined>;
	close(): Promise<void>;
}

/**
 * Starts a stateless MCP server with two tools: `add` (harmless) and `delete_everything`
 * (which a test keeps off the allow-list and checks is never run).
 */
export async function startMcpHttpServer(): Promise<TestMcpHttpServer> {
	const calls: string[] = [];
	const authorizations: Array<string | undefined> = [];
	const createMcpServer = () => {
		const server = new McpServer({ name: "calculator", version: "1.0.0" });
		server.registerTool(
			"add",
			{
				description: "Adds two numbers and returns the sum.",
				inputSchema: { a: z.number().describe("first addend"), b: z.number() },
			},
			async ({ a, b }) => {
				calls.push("add");
				return { content: [{ type: "text", text: String(a + b) }] };
			},
		);
		server.registerTool(
			"delete_everything",
			{ description: "Deletes everything.", inputSchema: {} },
			async () => {
				calls.push("delete_everything");
				return { content: [{ type: "text", text: "deleted" }] };
			},
		);
		return server;
	};
	const http: Server = createServer(async (request, response) => {
		authorizations.push(request.headers.authorization);
		if (request.url !== "/mcp") {
			response.writeHead(404).end();
			return;
		}
		// Stateless: a server and a transport per request, as the SDK's examples do.
		const server = createMcpServer();
		const transport = new StreamableHTTPServerTransport({});
		response.on("close", () => {
			void transport.close();
			void server.close();
		});
		await server.connect(transport);
		await transport.handleRequest(request, response);
	});
	await new Promise<void>((resolve) => http.listen(0, "127.0.0.1", resolve));
	const { port } = http.address() as AddressInfo;
	return {
		url: `http://127.0.0.1:${port}/mcp`,
		calls,
		authorizations,
		close: () =>
			new Promise<void>((resolve) => {
				http.closeAllConnections();
				http.close(() => resolve());
			}),
	};
}
