// The MCP SDK is loaded only when a run starts servers (start-mcp-servers.ts imports it
// dynamically), so nothing exported here imports it.
export {
	allToolsAllowed,
	checkMcpServers,
	type McpHttpServer,
	type McpServerConfig,
	type McpStdioServer,
} from "./mcp-server-config.ts";
export { type McpAgent, type McpToolbox, startMcpServers } from "./start-mcp-servers.ts";
