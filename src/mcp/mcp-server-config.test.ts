import assert from "node:assert/strict";
import { test } from "node:test";
import { Agent } from "../crew/agent.ts";
import { ConfigError } from "../errors.ts";
import { checkMcpServers, type McpServerConfig } from "./mcp-server-config.ts";

const persona = { role: "Reader", goal: "Read", backstory: "Careful." };

function problem(servers: unknown[]): string {
	try {
		checkMcpServers(servers as McpServerConfig[], "Agent 'reader'");
	} catch (error) {
		assert.ok(error instanceof ConfigError);
		return error.message;
	}
	return "";
}

test("accepts stdio and HTTP servers with allow-lists", () => {
	assert.equal(
		problem([
			{ name: "files", command: "npx", args: ["-y", "server"], allowTools: ["read_file"] },
			{ name: "remote", url: "https://example.com/mcp", allowTools: ["*"], timeoutMs: 5000 },
		]),
		"",
	);
});

test("says what is wrong with a server, and what to write", () => {
	assert.match(problem([{ command: "x", allowTools: ["a"] }]), /every MCP server needs a name/);
	assert.match(
		problem([{ name: "files", command: "x" }]),
		/MCP server 'files' needs allowTools: the names of the tools the agent may call, e\.g\. allowTools: \["read_text_file"\], or \["\*"\] for all of them\./,
	);
	assert.match(problem([{ name: "files", command: "x", allowTools: [] }]), /needs allowTools/);
	assert.match(
		problem([{ name: "both", command: "x", url: "http://a", allowTools: ["a"] }]),
		/needs either a command .* or a url .*, not both/,
	);
	assert.match(problem([{ name: "none", allowTools: ["a"] }]), /needs either a command/);
	assert.match(
		problem([{ name: "web", url: "ftp://host/mcp", allowTools: ["a"] }]),
		/has url 'ftp:\/\/host\/mcp': give an http:\/\/ or https:\/\/ address/,
	);
	assert.match(
		problem([
			{ name: "files", command: "a", allowTools: ["x"] },
			{ name: "files", command: "b", allowTools: ["y"] },
		]),
		/MCP server 'files' is listed twice/,
	);
	assert.match(
		problem([{ name: "slow", command: "a", allowTools: ["x"], timeoutMs: 0 }]),
		/timeoutMs 0/,
	);
});

test("an agent checks its servers when it is defined", () => {
	assert.throws(
		() =>
			new Agent({
				...persona,
				name: "reader",
				mcpServers: [{ name: "files", command: "x", allowTools: [] }],
			}),
		/Agent 'reader': MCP server 'files' needs allowTools/,
	);
	const agent = new Agent({
		...persona,
		mcpServers: [{ name: "files", command: "x", allowTools: ["read_file"] }],
	});
	assert.equal(agent.mcpServers.length, 1);
	assert.deepEqual(new Agent(persona).mcpServers, []);
});
