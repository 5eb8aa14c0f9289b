import assert from "node:assert/strict";
import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { configErrorMessage } from "../../test/support/config-error-message.ts";
import { ConfigError } from "../errors.ts";
import { buildCrew } from "./build-crew.ts";
import { loadCrewYaml, parseCrewYaml } from "./load-crew-yaml.ts";

const tasksYaml = "read_task:\n  description: Read.\n  expected_output: A line.\n  agent: reader\n";

function parse(agents: string, mcp?: string) {
	return parseCrewYaml({
		agents: { path: "/crew/agents.yaml", text: agents },
		tasks: { path: "/crew/tasks.yaml", text: tasksYaml },
		...(mcp === undefined ? {} : { mcp: { path: "/crew/mcp.yaml", text: mcp } }),
	});
}

const reader = "reader:\n  role: Reader\n  goal: Read\n  backstory: Careful.\n";

test("agents name servers of mcp.yaml or write them in place", () => {
	const spec = parse(
		`${reader}  mcp_servers:
    - files
    - name: calculator
      url: http://127.0.0.1:3001/mcp
      headers: { Authorization: "Bearer \${TOKEN}" }
      allow_tools: [add]
      timeout_ms: 5000
`,
		`files:
  command: npx
  args: [-y, "@modelcontextprotocol/server-filesystem", ./docs, 8080]
  env: { LOG_LEVEL: debug }
  allow_tools: [read_text_file, list_directory]
unused:
  url: https://example.com/mcp
  allow_tools: ["*"]
`,
	);
	assert.deepEqual(spec.agents[0]?.mcpServers, [
		{
			name: "files",
			command: "npx",
			args: ["-y", "@modelcontextprotocol/server-filesystem", "./docs", "8080"],
			env: { LOG_LEVEL: "debug" },
			allowTools: ["read_text_file", "list_directory"],
			cwd: "/crew",
		},
		{
			name: "calculator",
			url: "http://127.0.0.1:3001/mcp",
			// biome-ignore lint/suspicious/noTemplateCurlyInString: expanded when the server starts.
			headers: { Authorization: "Bearer ${TOKEN}" },
			allowTools: ["add"],
			timeoutMs: 5000,
		},
	]);
	const crew = buildCrew(spec);
	assert.equal(crew.agents[0]?.mcpServers.length, 2);
	assert.ok(!("mcpServers" in (parse(reader).agents[0] ?? {})), "absent without the key");
});

/** Asserts that parsing throws a ConfigError at `place` matching `message`. */
function assertProblem(run: () => unknown, place: string, message: RegExp) {
	assert.throws(run, (error) => {
		assert.ok(error instanceof ConfigError, String(error));
		assert.ok(error.message.startsWith(`${place}: `), error.message);
		assert.match(error.message, message);
		return true;
	});
}

test("problems are reported where they are, with what to write", () => {
	assertProblem(
		() => parse(`${reader}  mcp_servers: [files]\n`),
		"/crew/agents.yaml:5:17",
		/Agent 'reader' names MCP server 'files', but there is no mcp\.yaml beside agents\.yaml to define it\./,
	);
	assertProblem(
		() => parse(`${reader}  mcp_servers: [file]\n`, "files:\n  command: x\n  allow_tools: [a]\n"),
		"/crew/agents.yaml:5:17",
		/which mcp\.yaml does not define\. Defined servers: files\./,
	);
	assertProblem(
		() => parse(reader, "files:\n  command: x\n  allowed_tools: [a]\n"),
		"/crew/mcp.yaml:3:3",
		/Unknown key 'allowed_tools' in MCP server 'files'; did you mean 'allow_tools'\?/,
	);
	assertProblem(
		() => parse(`${reader}  mcp_servers: [files]\n`, "files:\n  command: x\n"),
		"/crew/agents.yaml:5:3",
		/Agent 'reader': MCP server 'files' needs allowTools/,
	);
	assertProblem(
		() => parse(reader, "files:\n  args: [a]\n  allow_tools: [a]\n"),
		"/crew/mcp.yaml:2:3",
		/MCP server 'files' needs a command: .* or a url:/,
	);
	assertProblem(
		() => parse(`${reader}  mcp_servers:\n    - command: x\n      allow_tools: [a]\n`),
		"/crew/agents.yaml:6:7",
		/An MCP server written in agent 'reader' needs a name:/,
	);
	assertProblem(
		() => parse(reader, "files:\n  command: x\n  allow_tools: read\n"),
		"/crew/mcp.yaml:3:16",
		/'allow_tools' of MCP server 'files' must be a list, e\.g\. allow_tools: \[a, b\]; found text 'read'/,
	);
});

test("loadCrewYaml reads mcp.yaml beside agents.yaml when there is one", async () => {
	const folder = await mkdtemp(join(tmpdir(), "crewkit-mcp-yaml-"));
	await writeFile(join(folder, "agents.yaml"), `${reader}  mcp_servers: [files]\n`);
	await writeFile(join(folder, "tasks.yaml"), tasksYaml);
	await assert.rejects(loadCrewYaml(folder), /there is no mcp\.yaml/);
	await writeFile(
		join(folder, "mcp.yml"),
		"files:\n  command: x\n  cwd: sub\n  allow_tools: [a]\n",
	);
	const spec = await loadCrewYaml(folder);
	const [server] = spec.agents[0]?.mcpServers ?? [];
	assert.ok(server && "command" in server);
	assert.equal(server.name, "files");
	assert.equal(server.cwd, join(folder, "sub"), "relative to the crew folder");
});

test("an empty mcp.yaml defines no server; one that is not a mapping is refused", () => {
	for (const text of ["", "# servers come later\n"]) {
		assert.equal(
			configErrorMessage(() => parse(`${reader}  mcp_servers: [files]\n`, text)),
			"/crew/agents.yaml:5:17: Agent 'reader' names MCP server 'files', but there is no mcp.yaml beside agents.yaml to define it. Define it there, or write the server in place (name:, command: or url:, allow_tools:).",
		);
	}
	assert.equal(
		configErrorMessage(() => parse(reader, "- files\n")),
		"/crew/mcp.yaml:1:1: mcp.yaml must be a mapping of server names to servers, found a list. Write each server as its name followed by the indented command: (or url:) and allow_tools:.",
	);
});

test("a server is a mapping of known keys; mcp.yaml names it by its key", () => {
	const cases = [
		[
			"files: npx server\n",
			"/crew/mcp.yaml:1:8: MCP server 'files' must be a mapping of command: (or url:), allow_tools: and other settings, found text 'npx server'.",
		],
		[
			"files:\n",
			"/crew/mcp.yaml:1:1: MCP server 'files' must be a mapping of command: (or url:), allow_tools: and other settings, found nothing.",
		],
		[
			"files:\n  name: files\n  command: x\n  allow_tools: [a]\n",
			"/crew/mcp.yaml:2:3: MCP server 'files' has a 'name:', but in mcp.yaml a server's name is its key: remove name:.",
		],
		[
			"files:\n  whatever: x\n  command: x\n  allow_tools: [a]\n",
			"/crew/mcp.yaml:2:3: Unknown key 'whatever' in MCP server 'files'. Keys: command, args, env, cwd, url, headers, allow_tools, timeout_ms.",
		],
		[
			"files:\n  command: x\n  allow_tools: [a]\n  timeout_ms: soon\n",
			"/crew/mcp.yaml:4:15: 'timeout_ms' of MCP server 'files' must be a whole number of milliseconds, found text 'soon'.",
		],
		[
			"files:\n  command: x\n  allow_tools: [a]\n  timeout_ms: 1.5\n",
			"/crew/mcp.yaml:4:15: 'timeout_ms' of MCP server 'files' must be a whole number of milliseconds, found the number 1.5.",
		],
		[
			"files:\n  command: [x]\n  allow_tools: [a]\n",
			"/crew/mcp.yaml:2:12: 'command' of MCP server 'files' must be text, found a list.",
		],
		[
			"files:\n  command: ' '\n  allow_tools: [a]\n",
			"/crew/mcp.yaml:2:12: 'command' of MCP server 'files' must be text, found text ''.",
		],
		[
			"files:\n  command: x\n  allow_tools: [a]\n  env: [A=1]\n",
			"/crew/mcp.yaml:4:8: 'env' of MCP server 'files' must be a mapping of names to values, found a list.",
		],
		[
			"files:\n  command: x\n  allow_tools: [a]\n  env: { A: [1] }\n",
			"/crew/mcp.yaml:4:13: 'A' of MCP server 'files' must be text, found a list.",
		],
		[
			"files:\n  url: http://127.0.0.1:1/mcp\n  allow_tools: [a]\n  headers: [a]\n",
			"/crew/mcp.yaml:4:12: 'headers' of MCP server 'files' must be a mapping of names to values, found a list.",
		],
	];
	for (const [mcp, message] of cases)
		assert.equal(
			configErrorMessage(() => parse(reader, mcp)),
			message,
		);
	assert.equal(
		configErrorMessage(() =>
			parse(
				`${reader}  mcp_servers: [files]\n`,
				"files:\n  command: x\n  url: http://127.0.0.1:1/mcp\n  allow_tools: [a]\n",
			),
		),
		"/crew/agents.yaml:5:3: Agent 'reader': MCP server 'files' needs either a command (a server started for the run) or a url (one running already), not both.",
	);
});

test("mcp_servers is a list of server names or servers, each written in place with a name", () => {
	const files = "files:\n  command: x\n  allow_tools: [a]\n";
	const cases = [
		[
			"  mcp_servers: files\n",
			"/crew/agents.yaml:5:16: 'mcp_servers' of agent 'reader' must be a list of server names (from mcp.yaml) or servers, found text 'files'.",
		],
		[
			"  mcp_servers: [files, [a]]\n",
			"/crew/agents.yaml:5:24: Each item of 'mcp_servers' of agent 'reader' must be a server name or a server, found a list.",
		],
		[
			"  mcp_servers: [files, ~]\n",
			"/crew/agents.yaml:5:24: Each item of 'mcp_servers' of agent 'reader' must be a server name or a server, found nothing.",
		],
		[
			"  mcp_servers:\n    - name: ''\n      command: x\n      allow_tools: [a]\n",
			"/crew/agents.yaml:6:13: 'name' of an MCP server of agent 'reader' must be text, found text ''.",
		],
		[
			"  mcp_servers:\n    - name: calc\n      comand: x\n      allow_tools: [a]\n",
			"/crew/agents.yaml:7:7: Unknown key 'comand' in MCP server 'calc' of agent 'reader'; did you mean 'command'?",
		],
	];
	for (const [field, message] of cases) {
		assert.equal(
			configErrorMessage(() => parse(`${reader}${field}`, files)),
			message,
		);
	}
	// An empty list or no value: the agent has no server.
	for (const field of ["  mcp_servers: []\n", "  mcp_servers:\n"]) {
		assert.ok(!("mcpServers" in (parse(`${reader}${field}`, files).agents[0] ?? {})), field);
	}
});

test("a server's settings: numbers as text, names trimmed, folders relative to the YAML file", () => {
	const spec = parse(
		`${reader}  mcp_servers:
    - " files "
    - name: 7
      command: node
      args: [server.js, 8080]
      cwd: /srv/calc
      allow_tools: ["*"]
`,
		"files:\n  url: http://127.0.0.1:3001/mcp\n  allow_tools: [read]\n  timeout_ms: 250\n",
	);
	assert.deepEqual(spec.agents[0]?.mcpServers, [
		{ name: "files", url: "http://127.0.0.1:3001/mcp", allowTools: ["read"], timeoutMs: 250 },
		{
			name: "7",
			command: "node",
			args: ["server.js", "8080"],
			allowTools: ["*"],
			cwd: "/srv/calc",
		},
	]);
});
