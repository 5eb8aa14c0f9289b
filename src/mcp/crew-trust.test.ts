import assert from "node:assert/strict";
import { test } from "node:test";
import { crewTrustNeeds } from "./crew-trust.ts";

test("a crew that starts nothing, sends no headers and names no URL needs no approval", () => {
	assert.equal(
		crewTrustNeeds({
			agents: [
				{
					name: "reader",
					model: "ollama:qwen3",
					mcpServers: [{ name: "docs", url: "http://127.0.0.1:3001/mcp", allowTools: ["*"] }],
				},
			],
		}),
		undefined,
	);
});

test("an agent model naming a URL, a command, or headers needs approval", () => {
	const needs = crewTrustNeeds({
		agents: [
			{ name: "writer", model: "openai-compatible:x@http://127.0.0.1:18099/v1" },
			{ name: "fetcher", model: "local:http://127.0.0.1:9/x.gguf" },
			{
				name: "caller",
				mcpServers: [
					{
						name: "api",
						url: "https://mcp.example/mcp",
						// The crew file's own `${NAME}` syntax, not template literals.
						// biome-ignore lint/suspicious/noTemplateCurlyInString: crew-file syntax under test
						headers: { Authorization: "Bearer ${API_TOKEN}", Escaped: "$${NOT_READ}" },
						allowTools: ["*"],
					},
				],
			},
		],
	});
	assert.ok(needs);
	assert.deepEqual(needs.actions, [
		"agent 'writer': its model openai-compatible:x@http://127.0.0.1:18099/v1 sends requests to http://127.0.0.1:18099/v1",
		"agent 'fetcher': its model local:http://127.0.0.1:9/x.gguf sends requests to http://127.0.0.1:9/x.gguf",
		"agent 'caller': MCP server 'api' sends headers Authorization, Escaped to https://mcp.example/mcp",
	]);
	assert.deepEqual(needs.variables, ["API_TOKEN"]);
	assert.match(needs.hash, /^[0-9a-f]{64}$/);
});
