import assert from "node:assert/strict";
import { after, test } from "node:test";
import { createOpenAICompatible } from "@ai-sdk/openai-compatible";
import { z } from "zod";
import { Agent } from "../src/crew/agent.ts";
import { Crew } from "../src/crew/crew.ts";
import { Task } from "../src/crew/task.ts";
import { openRunStore } from "../src/store/sqlite-store.ts";
import { defineTool } from "../src/tools/define-tool.ts";
import { type FaultServer, startFaultServer } from "./support/fault-server.ts";

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
			attemptTimeoutMs: 300,
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
