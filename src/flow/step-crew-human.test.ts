import assert from "node:assert/strict";
import { test } from "node:test";
import { z } from "zod";
import { Agent } from "../crew/agent.ts";
import { Crew } from "../crew/crew.ts";
import { Task } from "../crew/task.ts";
import { answerRun, waitingQuestions } from "../human/answer-run.ts";
import { createScriptedModel } from "../models/scripted-model.ts";
import { openRunStore } from "../store/sqlite-store.ts";
import { defineFlow } from "./flow.ts";

const writer = new Agent({ name: "writer", role: "Writer", goal: "Write", backstory: "Terse." });
/** A crew of two tasks; the second is reviewed by a person (human_input). */
const reviewedCrew = new Crew({
	name: "note",
	agents: [writer],
	tasks: [
		new Task({
			name: "facts",
			description: "List facts on {topic}.",
			expectedOutput: "Facts",
			agent: writer,
		}),
		new Task({
			name: "draft",
			description: "Write a note on {topic}.",
			expectedOutput: "A note",
			agent: writer,
			humanInput: true,
		}),
	],
});
/** Runs the crew twice in one step: each run's questions are its own. */
const flow = defineFlow({
	name: "two-notes",
	state: z.object({ notes: z.array(z.string()).default([]) }),
	steps: {
		write: {
			start: true,
			run: async ({ state, kickoff }) => {
				for (const topic of ["tides", "waves"])
					state.notes.push((await kickoff(reviewedCrew, { inputs: { topic } })).raw);
				return state.notes.join(" / ");
			},
		},
	},
});

function scriptedModel() {
	return createScriptedModel({
		replies: [
			{ match: "asks for changes: Shorter.", text: "Tides: moon." },
			{ match: "List facts on tides", text: "The moon pulls." },
			{ match: "Write a note on tides", text: "Tides follow the moon's pull." },
			{ match: "List facts on waves", text: "Wind makes waves." },
			{ match: "Write a note on waves", text: "Waves come from wind." },
		],
	});
}

test("a human_input crew in a flow step asks through the flow: a person at hand revises in place", async () => {
	const model = scriptedModel();
	const asked: string[] = [];
	const output = await flow.kickoff({
		model,
		human: {
			answer: async (question) => {
				asked.push(`${question.key} ${question.step}`);
				return question.draft === "Tides follow the moon's pull." ? "Shorter." : "";
			},
		},
	});
	assert.equal(output.status, "completed");
	assert.deepEqual(output.state.notes, ["Tides: moon.", "Waves come from wind."]);
	assert.deepEqual(asked, [
		"write#1/1:task:draft/1 write",
		"write#1/1:task:draft/2 write",
		"write#1/2:task:draft/1 write",
	]);
});

test("a human_input crew in a flow step waits stored; each answer resumes it without redoing ended tasks", async () => {
	const store = openRunStore(":memory:");
	const model = scriptedModel();
	const first = await flow.kickoff({ model, store });
	assert.equal(first.status, "waiting");
	assert.equal(store.getRun(first.runId)?.status, "waiting");
	const question = waitingQuestions(store, first.runId)[0];
	assert.equal(question?.key, "write#1/1:task:draft/1");
	assert.equal(question?.draft, "Tides follow the moon's pull.");

	answerRun(store, first.runId, "Shorter.");
	assert.equal((await flow.resume(first.runId, { model, store })).status, "waiting");
	assert.equal(waitingQuestions(store, first.runId)[0]?.draft, "Tides: moon.");
	answerRun(store, first.runId, "");
	assert.equal((await flow.resume(first.runId, { model, store })).status, "waiting");
	assert.equal(waitingQuestions(store, first.runId)[0]?.key, "write#1/2:task:draft/1");
	answerRun(store, first.runId, "yes");
	const done = await flow.resume(first.runId, { model, store });
	assert.equal(done.status, "completed");
	assert.deepEqual(done.state.notes, ["Tides: moon.", "Waves come from wind."]);
	assert.equal(
		model.calls.length,
		5,
		"each task's model call was made once, and the revision once",
	);
	const restored = store
		.events(first.runId)
		.flatMap(({ event }) => (event.type === "task-restore" ? [event.task] : []));
	assert.deepEqual(restored, ["facts", "facts", "facts", "draft", "facts"]);
	store.close();
});
