import assert from "node:assert/strict";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { z } from "zod";
import { startMcpHttpServer, type TestMcpHttpServer } from "../../test/support/mcp-http-server.ts";
import { filesystemServer, processesWith } from "../../test/support/server-processes.ts";
import { ConfigError } from "../errors.ts";
import type { CrewEvent } from "../events.ts";
import { createScriptedModel } from "../models/scripted-model.ts";
import { defineTool } from "../tools/define-tool.ts";
import { Agent } from "./agent.ts";
import { Crew } from "./crew.ts";
import { Task } from "./task.ts";

let server: TestMcpHttpServer;
before(async () => {
	server = await startMcpHttpServer();
});
after(() => server.close());

const note = defineTool({
	name: "note",
	description: "Notes a word",
	parameters: z.object({ word: z.string() }),
	execute: async ({ word }) => word,
});

/**
 * A crew whose calculator has its own tool and the MCP server's `add` (sent a token as a
 * header); its other agent, unless it is `alone`, has no MCP server.
 */
function calculatorCrew(options: { alone?: boolean } = {}) {
	const model = createScriptedModel({
		replies: [{ toolCalls: [{ toolName: "add", input: { a: 2, b: 3 } }] }, "2 + 3 = 5"],
	});
	const agent = new Agent({
		name: "calculator",
		role: "Calculator",
		goal: "Add",
		backstory: "Quick.",
		tools: [note],
		mcpServers: [
			{
				name: "calc",
				url: server.url,
				// biome-ignore lint/suspicious/noTemplateCurlyInString: crewkit expands ${NAME} itself.
				headers: { Authorization: "Bearer ${CREWKIT_TEST_CALC_TOKEN}" },
				allowTools: ["add"],
			},
		],
	});
	const writer = new Agent({ name: "writer", role: "Writer", goal: "Write", backstory: "Calm." });
	const task = new Task({ name: "add", description: "Add.", expectedOutput: "x", agent });
	const agents = options.alone ? [agent] : [writer, agent];
	return { crew: new Crew({ agents, tasks: [task], model }), model };
}

test("an agent's MCP server starts with the run: its tools join the agent's own, with the kickoff's variables", async () => {
	const { crew, model } = calculatorCrew();
	const events: CrewEvent[] = [];
	const seen = server.authorizations.length;
	const result = await crew.kickoff({
		mcpEnv: { CREWKIT_TEST_CALC_TOKEN: "token-1" },
		mcpAllowedVariables: ["CREWKIT_TEST_CALC_TOKEN"],
		onEvent: (event) => events.push(event),
		tracing: false,
	});
	assert.equal(result.raw, "2 + 3 = 5");
	assert.deepEqual(
		model.calls[0]?.tools?.map((tool) => tool.name),
		["note", "add"],
	);
	const sum = events.find((event) => event.type === "tool-result");
	assert.equal(sum?.type === "tool-result" && sum.output, "5");
	const sent = server.authorizations.slice(seen);
	assert.ok(sent.length > 0);
	assert.deepEqual(new Set(sent), new Set(["Bearer token-1"]));
});

test("a variable the kickoff does not allow is refused before the server is reached", async () => {
	const { crew, model } = calculatorCrew({ alone: true });
	const seen = server.authorizations.length;
	await assert.rejects(
		crew.kickoff({
			mcpEnv: { CREWKIT_TEST_CALC_TOKEN: "token-1" },
			mcpAllowedVariables: ["CREWKIT_OTHER"],
			tracing: false,
		}),
		/CREWKIT_TEST_CALC_TOKEN/,
	);
	assert.equal(server.authorizations.length, seen);
	assert.equal(model.calls.length, 0);
});

test("a run refused after its MCP servers started stops them: a reviewed task with nobody to ask, a bad tracing endpoint", {
	skip: process.platform === "linux" ? false : "reads /proc to find server processes",
}, async () => {
	const folder = await mkdtemp(join(tmpdir(), "crewkit-mcp-stop-"));
	try {
		const reader = new Agent({
			name: "reader",
			role: "Reader",
			goal: "Read",
			backstory: "Careful.",
			mcpServers: [
				{
					name: "files",
					command: process.execPath,
					args: [filesystemServer, folder],
					allowTools: ["list_directory"],
				},
			],
		});
		const crew = (humanInput: boolean) =>
			new Crew({
				agents: [reader],
				tasks: [
					new Task({
						name: "read",
						description: "Read.",
						expectedOutput: "x",
						agent: reader,
						humanInput,
					}),
				],
				model: createScriptedModel({ replies: ["unused"] }),
			});
		await assert.rejects(
			crew(true).kickoff({ tracing: false }),
			(error: Error) => error instanceof ConfigError && /human_input/.test(error.message),
		);
		assert.deepEqual(processesWith(folder), [], "stopped after the review refusal");
		await assert.rejects(
			crew(false).kickoff({ tracing: { endpoint: "ftp://127.0.0.1" } }),
			(error: Error) => error instanceof ConfigError && /not an http/.test(error.message),
		);
		assert.deepEqual(processesWith(folder), [], "stopped after the tracing refusal");
	} finally {
		await rm(folder, { recursive: true, force: true });
	}
});
