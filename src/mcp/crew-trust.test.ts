import assert from "node:assert/strict";
import { test } from "node:test";
import { ConfigError } from "../errors.ts";
import { checkCrewTrust, crewTrustNeeds, TrustError } from "./crew-trust.ts";

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

test("an operator's trust gives the listed variables only; an unlisted or unset one fails first", () => {
	const subject = {
		agents: [
			{
				name: "dev",
				mcpServers: [
					{
						name: "gh",
						command: "gh-mcp",
						// biome-ignore lint/suspicious/noTemplateCurlyInString: crew-file syntax under test
						env: { TOKEN: "${GITHUB_TOKEN}", TEAM: "${TEAM_ID}" },
						allowTools: ["*"],
					},
				],
			},
		],
	};
	const env = { GITHUB_TOKEN: "t", TEAM_ID: "7", HOME: "/home/op" };
	const trust = (variables: string[]) =>
		({ type: "operator", variables, command: "crewkit worker" }) as const;
	assert.deepEqual(checkCrewTrust(subject, trust(["GITHUB_TOKEN", "TEAM_ID"]), env, "crew", ""), {
		env: { GITHUB_TOKEN: "t", TEAM_ID: "7" },
		allowed: ["GITHUB_TOKEN", "TEAM_ID"],
	});
	assert.throws(
		() => checkCrewTrust(subject, trust(["GITHUB_TOKEN"]), env, "crew in ./dev", ""),
		(error) =>
			error instanceof TrustError &&
			error.message ===
				// biome-ignore lint/suspicious/noTemplateCurlyInString: crewkit's own ${NAME} syntax
				"The crew in ./dev names ${TEAM_ID} (MCP server 'gh' of agent 'dev' as env TEAM), which crewkit worker does not let crews read (allowed: GITHUB_TOKEN). Nothing was started. To allow it, start crewkit worker with --allow-crew-variable TEAM_ID.",
	);
	assert.throws(
		() =>
			checkCrewTrust(
				subject,
				trust(["GITHUB_TOKEN", "TEAM_ID"]),
				{ GITHUB_TOKEN: "t" },
				"crew",
				"",
			),
		(error) =>
			error instanceof ConfigError &&
			/names \$\{TEAM_ID\} \(MCP server 'gh' of agent 'dev' as env TEAM\), which is not set in the environment of crewkit worker\. Nothing was started\./.test(
				error.message,
			),
	);
});
