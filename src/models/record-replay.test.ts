import assert from "node:assert/strict";
import { mkdtemp, readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import type { LanguageModelV4 } from "@ai-sdk/provider";
import { z } from "zod";
import { Agent } from "../crew/agent.ts";
import { Crew } from "../crew/crew.ts";
import { Task } from "../crew/task.ts";
import { ModelBehaviorError } from "../errors.ts";
import { defineTool } from "../tools/define-tool.ts";
import { createRecorder } from "./record-model.ts";
import { loadReplayModel } from "./replay-model.ts";
import { createScriptedModel } from "./scripted-model.ts";

function crew(model: LanguageModelV4) {
	const lookup = defineTool({
		name: "lookup",
		description: "Looks a word up.",
		parameters: z.object({ word: z.string() }),
		execute: ({ word }) => `${word}: a thing`,
	});
	const agent = new Agent({
		name: "a",
		role: "Reader of {topic}",
		goal: "g",
		backstory: "b",
		tools: [lookup],
	});
	const first = new Task({
		name: "first",
		description: "Look up {topic}",
		expectedOutput: "a note",
		agent,
	});
	const second = new Task({
		name: "second",
		description: "Write it up",
		expectedOutput: "text",
		agent,
	});
	return new Crew({ agents: [agent], tasks: [first, second], model });
}

test("a recorded run replays to the same outputs and usage, without the original model", async () => {
	const scripted = createScriptedModel({
		replies: [
			{ toolCalls: [{ toolName: "lookup", input: { word: "tide" } }] },
			"Tide is a thing.",
			"Report: tide.",
		],
	});
	const recorder = createRecorder();
	const original = await crew(scripted).kickoff({
		inputs: { topic: "tide" },
		wrapModel: recorder.wrap,
	});
	const file = join(await mkdtemp(join(tmpdir(), "crewkit-")), "calls.json");
	await recorder.save(file);
	assert.equal(JSON.parse(await readFile(file, "utf8")).calls.length, 3);

	const replayed = await crew(await loadReplayModel(file)).kickoff({ inputs: { topic: "tide" } });
	assert.deepEqual(
		replayed.tasks.map((t) => t.raw),
		original.tasks.map((t) => t.raw),
	);
	assert.deepEqual(replayed.usage.total, original.usage.total);

	await assert.rejects(
		crew(await loadReplayModel(file)).kickoff({ inputs: { topic: "moon" } }),
		(error: unknown) => error instanceof ModelBehaviorError && /record again/.test(error.message),
	);
});
