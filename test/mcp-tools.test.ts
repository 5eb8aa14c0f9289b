import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { Agent } from "../src/crew/agent.ts";
import { Crew } from "../src/crew/crew.ts";
import { Task } from "../src/crew/task.ts";
import { ConfigError } from "../src/errors.ts";
import type { CrewEvent } from "../src/events.ts";
import { connectMcpServer } from "../src/mcp/connect-mcp-server.ts";
import type { McpServerConfig } from "../src/mcp/mcp-server-config.ts";
import { createScriptedModel, type ScriptedReply } from "../src/models/scripted-model.ts";
import { startMcpHttpServer, type TestMcpHttpServer } from "./support/mcp-http-server.ts";
import { runCli } from "./support/run-cli.ts";
import { filesystemServer, processesWith } from "./support/server-processes.ts";

const onLinux = process.platform === "linux" ? false : "reads /proc to find server processes";

/** A one-task crew whose agent has `servers`, answering from `replies`. */
function oneTaskCrew(servers: McpServerConfig[], replies: ScriptedReply[]) {
	const model = createScriptedModel({ replies });
	const agent = new Agent({
		name: "reader",
		role: "Reader",
		goal: "Read the notes",
		backstory: "Careful.",
		mcpServers: servers,
	});
	const task = new Task({
		name: "read_notes",
		description: "Say what the notes say.",
		expectedOutput: "One sentence.",
		agent,
	});
	return { crew: new Crew({ agents: [agent], tasks: [task], model }), model };
}

function toolResults(events: CrewEvent[]) {
	return events.flatMap((event) => (event.type === "tool-result" ? [event] : []));
}

describe("MCP tools from @modelcontextprotocol/server-filesystem over stdio", {
	skip: onLinux,
}, () => {
	let folder: string;
	let files: McpServerConfig;
	before(async () => {
		folder = await mkdtemp(join(tmpdir(), "crewkit-mcp-fs-"));
		await writeFile(join(folder, "notes.md"), "The launch moved to March.\n");
		files = {
			name: "files",
			command: process.execPath,
			args: [filesystemServer, folder],
			allowTools: ["list_directory", "read_text_file"],
		};
	});

	test("an agent reads files through the server; only allowed tools are offered or run", async () => {
		let runningDuringRun: number[] = [];
		const replies: ScriptedReply[] = [
			{ toolCalls: [{ toolName: "list_directory", input: { path: folder } }] },
			{
				toolCalls: [
					{ toolName: "read_text_file", input: { path: join(folder, "notes.md") } },
					{ toolName: "write_file", input: { path: join(folder, "evil.txt"), content: "x" } },
				],
			},
			"The notes say the launch moved to March.",
		];
		const { crew, model } = oneTaskCrew([files], replies);
		const events: CrewEvent[] = [];
		const result = await crew.kickoff({
			onEvent: (event) => {
				events.push(event);
				if (event.type === "tool-call" && event.toolName === "read_text_file") {
					runningDuringRun = processesWith(folder);
				}
			},
		});
		assert.equal(result.raw, "The notes say the launch moved to March.");

		const offered = model.calls[0]?.tools ?? [];
		assert.deepEqual(
			offered.map((tool) => tool.name),
			["list_directory", "read_text_file"],
		);
		const readTool = offered.find((tool) => tool.name === "read_text_file");
		assert.ok(readTool?.type === "function");
		assert.deepEqual(readTool.inputSchema, {
			type: "object",
			properties: {
				path: { type: "string" },
				tail: {
					description: "If provided, returns only the last N lines of the file",
					type: "number",
				},
				head: {
					description: "If provided, returns only the first N lines of the file",
					type: "number",
				},
			},
			required: ["path"],
		});

		const [listed, read, refused] = toolResults(events);
		assert.equal(listed?.isError, false);
		assert.match(String(listed?.output), /\[FILE\] notes\.md/);
		assert.equal(read?.output, "The launch moved to March.\n");
		assert.equal(refused?.toolName, "write_file");
		assert.equal(refused?.isError, true);
		assert.match(
			String(refused?.output),
			/There is no tool 'write_file'\. Available tools: list_directory, read_text_file\./,
		);
		assert.equal(existsSync(join(folder, "evil.txt")), false, "the refused call never ran");

		assert.equal(runningDuringRun.length, 1, "the server ran during the run");
		assert.deepEqual(processesWith(folder), [], "the server is gone after the run");
	});

	test("a YAML crew names the server in mcp.yaml; crewkit run starts and stops it", async () => {
		const cwd = await mkdtemp(join(tmpdir(), "crewkit-mcp-cli-"));
		await writeFile(
			join(cwd, "agents.yaml"),
			"reader:\n  role: Reader\n  goal: Read the notes\n  backstory: Careful.\n  mcp_servers: [files]\n",
		);
		await writeFile(
			join(cwd, "tasks.yaml"),
			"read_task:\n  description: Say what the notes say.\n  expected_output: One sentence.\n  agent: reader\n",
		);
		await writeFile(
			join(cwd, "mcp.yaml"),
			`files:\n  command: ${JSON.stringify(process.execPath)}\n  args: [${JSON.stringify(filesystemServer)}, ${JSON.stringify(folder)}]\n  allow_tools: [read_text_file]\n`,
		);
		await writeFile(
			join(cwd, "script.json"),
			JSON.stringify([
				{ toolCalls: [{ toolName: "read_text_file", input: { path: join(folder, "notes.md") } }] },
				"The launch moved to March.",
			]),
		);
		const args = [
			"run",
			"--crew",
			".",
			"--model",
			"scripted:script.json",
			"--no-check",
			"--out",
			"answer.md",
			"--json",
		];
		const env = { CREWKIT_CONFIG_DIR: join(cwd, "config") };
		const refused = await runCli(args, { cwd, env });
		assert.equal(refused.code, 1);
		assert.match(refused.stderr, /MCP server 'files' runs: .*Nothing was started.*--trust/);
		assert.equal(existsSync(join(cwd, "answer.md")), false);
		const result = await runCli([...args, "--trust"], { cwd, env });
		assert.equal(result.code, 0, result.stderr);
		assert.equal(await readFile(join(cwd, "answer.md"), "utf8"), "The launch moved to March.");
		const log = await runCli(["log", JSON.parse(result.stdout).runId], { cwd });
		assert.match(log.stdout, /read_text_file/);
		assert.match(log.stdout, /The launch moved to March\.\n/);
		assert.deepEqual(processesWith(folder), []);
	});

	test("the server is stopped when the run fails", async () => {
		const { crew } = oneTaskCrew(
			[files],
			[{ toolCalls: [{ toolName: "list_directory", input: { path: folder } }] }],
		);
		await assert.rejects(crew.kickoff(), /no reply left/);
		assert.deepEqual(processesWith(folder), []);
	});

	test("an allow-list naming a tool the server lacks fails the start and stops the server", async () => {
		const { crew } = oneTaskCrew([{ ...files, allowTools: ["read_files"] }], ["unused"]);
		await assert.rejects(crew.kickoff(), (error) => {
			assert.ok(error instanceof ConfigError);
			assert.match(
				error.message,
				/Agent 'reader': MCP server 'files' has no tool 'read_files' \(allowTools\)\. Its tools: read_file, read_text_file,/,
			);
			return true;
		});
		assert.deepEqual(processesWith(folder), []);
	});

	test("a command that cannot start is a ConfigError naming the server", async () => {
		const { crew } = oneTaskCrew(
			[{ name: "missing", command: join(folder, "no-such-server"), allowTools: ["*"] }],
			["unused"],
		);
		await assert.rejects(
			crew.kickoff(),
			/MCP server 'missing' \(.*no-such-server\) did not start: .*ENOENT/,
		);
	});
});

describe("MCP tools from a streamable HTTP server on 127.0.0.1", () => {
	let server: TestMcpHttpServer;
	before(async () => {
		server = await startMcpHttpServer();
	});
	after(() => server.close());

	test("allowed tools are called over HTTP; a tool off the allow-list is never run", async () => {
		process.env.CREWKIT_TEST_MCP_TOKEN = "secret-token";
		const replies: ScriptedReply[] = [
			{
				toolCalls: [
					{ toolName: "add", input: { a: 2, b: 3 } },
					{ toolName: "delete_everything", input: {} },
					{ toolName: "add", input: { a: "two" } },
				],
			},
			"2 + 3 = 5",
		];
		const { crew, model } = oneTaskCrew(
			[
				{
					name: "calculator",
					url: server.url,
					// biome-ignore lint/suspicious/noTemplateCurlyInString: crewkit expands ${NAME} itself.
					headers: { Authorization: "Bearer ${CREWKIT_TEST_MCP_TOKEN}" },
					allowTools: ["add"],
				},
			],
			replies,
		);
		const events: CrewEvent[] = [];
		const result = await crew.kickoff({ onEvent: (event) => events.push(event) });
		delete process.env.CREWKIT_TEST_MCP_TOKEN;
		assert.equal(result.raw, "2 + 3 = 5");
		assert.deepEqual(
			model.calls[0]?.tools?.map((tool) => tool.name),
			["add"],
		);
		const [sum, refused, invalid] = toolResults(events);
		assert.equal(sum?.output, "5");
		assert.equal(refused?.isError, true);
		assert.match(
			String(refused?.output),
			/There is no tool 'delete_everything'\. Available tools: add\./,
		);
		assert.equal(invalid?.isError, true);
		assert.match(String(invalid?.output), /Invalid arguments for 'add': a: .*number/);
		assert.deepEqual(server.calls, ["add"], "only the allowed, valid call reached the server");
		assert.ok(server.authorizations.every((header) => header === "Bearer secret-token"));
	});

	test("the connection itself refuses a tool off the allow-list", async () => {
		const connection = await connectMcpServer({
			name: "calculator",
			url: server.url,
			allowTools: ["add"],
		});
		try {
			assert.deepEqual(
				connection.tools.map((tool) => tool.name),
				["add", "delete_everything"],
			);
			const signal = new AbortController().signal;
			await assert.rejects(
				connection.callTool("delete_everything", {}, new Set(["add"]), { signal }),
				/Tool 'delete_everything' of MCP server 'calculator' is not on the agent's allow-list \(add\): it was not called\./,
			);
			assert.equal(
				await connection.callTool("add", { a: 1, b: 1 }, new Set(["add"]), { signal }),
				"2",
			);
		} finally {
			await connection.close();
		}
		assert.ok(!server.calls.includes("delete_everything"));
	});

	test("a server that is not there is a ConfigError naming its url", async () => {
		const { crew } = oneTaskCrew(
			[{ name: "gone", url: "http://127.0.0.1:9/mcp", allowTools: ["add"] }],
			["unused"],
		);
		await assert.rejects(
			crew.kickoff(),
			/MCP server 'gone' at http:\/\/127\.0\.0\.1:9\/mcp did not start/,
		);
	});
});
