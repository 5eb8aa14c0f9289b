import assert from "node:assert/strict";
import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
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
