import assert from "node:assert/strict";
import { test } from "node:test";
import { ConfigError } from "../errors.ts";
import { Agent } from "./agent.ts";
import { Task } from "./task.ts";

const agent = new Agent({ name: "writer", role: "Writer", goal: "Write", backstory: "Careful." });

test("a task takes its defaults: a name from its first six words, two guardrail retries, sequential", () => {
	const task = new Task({
		description: "Write the summary of the whole report in three lines",
		expectedOutput: "",
		agent,
	});
	assert.equal(task.name, "write_the_summary_of_the_whole");
	assert.equal(task.expectedOutput, "", "an empty expected output is allowed, as in CrewAI");
	assert.equal(task.guardrailRetries, 2);
	assert.deepEqual(task.guardrails, []);
	assert.equal(task.async, false);
	assert.equal(task.humanInput, false);
	const named = new Task({
		name: "sum",
		description: "d",
		expectedOutput: "e",
		agent,
		guardrailRetries: 0,
		async: true,
		humanInput: true,
	});
	assert.deepEqual(
		[named.name, named.guardrailRetries, named.async, named.humanInput],
		["sum", 0, true, true],
	);
});

test("a task without a description, an expected output or an agent is refused; retries are whole", () => {
	const refused = (options: Record<string, unknown>, message: string) =>
		assert.throws(
			() => new Task(options as unknown as ConstructorParameters<typeof Task>[0]),
			(error) => error instanceof ConfigError && error.message === message,
		);
	refused(
		{ name: "t", description: " ", expectedOutput: "e", agent },
		"Task t needs a non-empty description.",
	);
	refused({ name: "t", description: "d", agent }, "Task t needs an expectedOutput (text).");
	refused({ name: "t", description: "d", expectedOutput: "e" }, "Task t needs an agent.");
	refused({ description: "", expectedOutput: "e", agent }, "A task needs a non-empty description.");
	refused({ name: "t", expectedOutput: "e", agent }, "Task t needs a non-empty description.");
	refused(
		{ name: "t", description: 42, expectedOutput: "e", agent },
		"Task t needs a non-empty description.",
	);
	refused({ description: "d", agent }, "A task needs an expectedOutput (text).");
	refused({ description: "d", expectedOutput: "e" }, "A task needs an agent.");
	for (const guardrailRetries of [-1, 1.5]) {
		refused(
			{ name: "t", description: "d", expectedOutput: "e", agent, guardrailRetries },
			"Task 't': guardrailRetries must be a whole number ≥ 0.",
		);
	}
});

test("a task named from its description counts words, however they are spaced", () => {
	const task = new Task({
		description: "Summarise   the  three\n long papers\there today",
		expectedOutput: "",
		agent,
	});
	assert.equal(task.name, "summarise_the_three_long_papers_here");
});
