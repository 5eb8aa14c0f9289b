import assert from "node:assert/strict";
import { test } from "node:test";
import { toolInputSchema } from "../tools/define-tool.ts";
import type { McpConnection } from "./connect-mcp-server.ts";
import { createMcpTools, modelToolName } from "./create-mcp-tools.ts";

/** A connection that records calls instead of reaching a server. */
function fakeConnection(calls: string[]): McpConnection {
	return {
		server: { name: "notes", command: "x", allowTools: ["*"] },
		pid: undefined,
		tools: [
			{
				name: "search",
				description: "Searches notes.",
				inputSchema: {
					$schema: "http://json-schema.org/draft-07/schema#",
					type: "object",
					properties: { query: { type: "string", minLength: 1 } },
					required: ["query"],
				},
			},
			{ name: "notes.delete", description: "", inputSchema: { type: "object" } },
		],
		async callTool(name, input, allowed) {
			if (!allowed.has(name)) throw new Error("refused");
			calls.push(`${name} ${JSON.stringify(input)}`);
			return "ok";
		},
		close: async () => {},
	};
}

test("allowed tools keep the server's schema and description; others are left out", async () => {
	const calls: string[] = [];
	const tools = createMcpTools(fakeConnection(calls), ["search"], "Agent 'a'");
	assert.deepEqual(
		tools.map((tool) => tool.name),
		["search"],
	);
	const [search] = tools;
	assert.ok(search);
	assert.equal(search.description, "Searches notes.");
	assert.deepEqual(toolInputSchema(search), {
		type: "object",
		properties: { query: { type: "string", minLength: 1 } },
		required: ["query"],
	});
	assert.equal(search.parameters.safeParse({ query: "" }).success, false, "checked by the schema");
	const context = { signal: new AbortController().signal, task: "t", agent: "a" };
	assert.equal(await search.execute({ query: "launch" }, context), "ok");
	assert.deepEqual(calls, ['search {"query":"launch"}']);
});

test("'*' allows every tool; names models refuse are made acceptable", () => {
	const tools = createMcpTools(fakeConnection([]), ["*"], "Agent 'a'");
	assert.deepEqual(
		tools.map((tool) => [tool.name, tool.description]),
		[
			["search", "Searches notes."],
			["notes_delete", "Tool 'notes.delete' of MCP server 'notes'."],
		],
	);
	assert.equal(modelToolName("9lives"), "t_9lives");
	assert.equal(modelToolName("x".repeat(100)).length, 64);
});

test("an allow-list naming a missing tool says which tools there are", () => {
	assert.throws(
		() => createMcpTools(fakeConnection([]), ["serch"], "Agent 'a'"),
		/Agent 'a': MCP server 'notes' has no tool 'serch' \(allowTools\)\. Its tools: search, notes\.delete\./,
	);
});
