import assert from "node:assert/strict";
import { mkdir, mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, test } from "node:test";
import { createOpenAICompatible } from "@ai-sdk/openai-compatible";
import { z } from "zod";
import { Agent } from "../src/crew/agent.ts";
import { Crew } from "../src/crew/crew.ts";
import { Task } from "../src/crew/task.ts";
import { openRunStore } from "../src/store/sqlite-store.ts";
import { defineTool } from "../src/tools/define-tool.ts";
import { type FaultServer, startFaultServer } from "./support/fault-server.ts";
import { runCli } from "./support/run-cli.ts";

const servers: FaultServer[] = [];
after(() => Promise.all(servers.map((server) => server.close())));

test("a crew on a faulty provider completes; the store shows the retries; usage counts once", async () => {
	const server = await startFaultServer([
		{ status: 429, retryAfter: 2 },
		{ status: 429 },
		{ status: 500 },
		{
			toolCall: { name: "lookup", arguments: "{word: 'tide',}" },
			usage: { prompt: 50, completion: 7 },
		},
		{ status: 503 },
		{ cutStreamAfter: 2, reply: "a partial answer that breaks off" },
		{ reply: "Tides follow the moon.", usage: { prompt: 80, completion: 5 } },
		{ empty: true },
		{ hang: true },
		{ reply: "Report: tides follow the moon.", usage: { prompt: 60, completion: 6 } },
	]);
	servers.push(server);
	const model = createOpenAICompatible({
		name: "faulty",
		baseURL: server.url,
		includeUsage: true,
	}).chatModel("m");
	const lookups: string[] = [];
	const lookup = defineTool({
		name: "lookup",
		description: "Looks a word up.",
		parameters: z.object({ word: z.string() }),
		execute: ({ word }) => {
			lookups.push(word);
			return `${word}: the rise and fall of the sea`;
		},
	});
	const researcher = new Agent({
		name: "researcher",
		role: "Researcher",
		goal: "g",
		backstory: "b",
		tools: [lookup],
	});
	const writer = new Agent({ name: "writer", role: "Writer", goal: "g", backstory: "b" });
	const crew = new Crew({
		agents: [researcher, writer],
		tasks: [
			new Task({
				name: "research",
				description: "Research tides",
				expectedOutput: "a fact",
				agent: researcher,
			}),
			new Task({
				name: "write",
				description: "Write it up",
				expectedOutput: "a report",
				agent: writer,
			}),
		],
		model,
	});
	const store = openRunStore(":memory:");
	const waits: number[] = [];
	const result = await crew.kickoff({
		store,
		reliability: {
			// Long enough for any answer on a loaded machine; the hanging reply waits it out.
			attemptTimeoutMs: 4000,
			sleep: async (ms) => {
				waits.push(ms);
			},
		},
	});
	assert.equal(result.raw, "Report: tides follow the moon.");
	assert.deepEqual(lookups, ["tide"], "the malformed tool call was repaired and run once");
	assert.equal(server.requests.length, 10);
	assert.ok((waits[0] ?? 0) >= 2000, `Retry-After honoured: ${waits}`);

	const retries = store
		.events(result.runId)
		.filter((stored) => stored.event.type === "model-retry");
	assert.equal(retries.length, 7);
	assert.deepEqual(result.usage.total, { inputTokens: 190, outputTokens: 18, totalTokens: 208 });
	assert.deepEqual(store.getRun(result.runId)?.usage, result.usage.total);
	assert.equal(store.modelCalls(result.runId).length, 3, "one stored call per successful attempt");
	store.close();
});

test("after the retry budget the run fails with a clear, resumable error", async () => {
	const server = await startFaultServer(() => ({ status: 503 }));
	servers.push(server);
	const model = createOpenAICompatible({
		name: "down",
		baseURL: server.url,
		includeUsage: true,
	}).chatModel("m");
	const agent = new Agent({ name: "a", role: "r", goal: "g", backstory: "b" });
	const crew = new Crew({
		agents: [agent],
		tasks: [new Task({ name: "t", description: "d", expectedOutput: "e", agent })],
		model,
	});
	const store = openRunStore(":memory:");
	await assert.rejects(
		crew.kickoff({ store, reliability: { retry: { maxRetries: 2 }, sleep: async () => {} } }),
		(error: Error) => /gave up after 3 attempts.*crewkit resume run_/.test(error.message),
	);
	assert.equal(server.requests.length, 3);
	assert.equal(store.listRuns()[0]?.status, "failed");
	store.close();
});

test("through the CLI: --retries bounds the attempts, and the failed run resumes once the provider is back", async () => {
	const server = await startFaultServer((_request, index) =>
		index < 2
			? { status: 503 }
			: { reply: `answer ${index}`, usage: { prompt: 10, completion: 2 } },
	);
	servers.push(server);
	const cwd = await mkdtemp(join(tmpdir(), "crewkit-faults-"));
	await mkdir(join(cwd, "crew"));
	await writeFile(
		join(cwd, "crew/agents.yaml"),
		"writer:\n  role: Writer\n  goal: Write\n  backstory: Careful.\n",
	);
	await writeFile(
		join(cwd, "crew/tasks.yaml"),
		"draft:\n  description: Draft it\n  expected_output: a draft\n  agent: writer\nfinal:\n  description: Finish it\n  expected_output: the text\n  agent: writer\n",
	);
	const model = `openai-compatible:m@${server.url}`;
	const failed = await runCli(
		[
			"run",
			"--crew",
			"crew",
			"--model",
			model,
			"--retries",
			"1",
			"--rpm",
			"600",
			"--no-check",
			"--quiet",
		],
		{
			cwd,
		},
	);
	assert.equal(failed.code, 1);
	assert.match(failed.stderr, /gave up after 2 attempts.*crewkit resume (run_\w+)/);
	assert.equal(server.requests.length, 2);
	const runId = /crewkit resume (run_\w+)/.exec(failed.stderr)?.[1] ?? "";
	const resumed = await runCli(["resume", runId, "--quiet"], { cwd });
	assert.equal(resumed.code, 0, resumed.stderr);
	assert.equal(await readFile(join(cwd, "report.md"), "utf8"), "answer 3");
});
