import assert from "node:assert/strict";
import { test } from "node:test";
import { z } from "zod";
import { Agent } from "../crew/agent.ts";
import { Crew } from "../crew/crew.ts";
import { Task } from "../crew/task.ts";
import { ConfigError } from "../errors.ts";
import type { CrewEvent } from "../events.ts";
import { answerRun, waitingQuestions } from "../human/answer-run.ts";
import { createScriptedModel } from "../models/scripted-model.ts";
import { openRunStore } from "../store/sqlite-store.ts";
import { defineFlow } from "./flow.ts";
import { allOf, anyOf } from "./flow-condition.ts";
import { FlowStepError } from "./flow-errors.ts";

/** A promise resolved from outside. */
function deferred() {
	let resolve = () => {};
	const promise = new Promise<void>((done) => {
		resolve = done;
	});
	return { promise, resolve };
}

test("fan-out runs listeners in parallel; allOf waits for all, anyOf runs once on the first", async () => {
	const aStarted = deferred();
	const bStarted = deferred();
	const runs: string[] = [];
	const flow = defineFlow({
		name: "fan",
		state: z.object({ topic: z.string(), parts: z.array(z.string()).default([]) }),
		steps: {
			plan: { start: true, run: ({ state }) => `plan for ${state.topic}` },
			// a and b each wait until the other has started: they only finish when run at once.
			a: {
				after: "plan",
				run: async ({ state, trigger }) => {
					aStarted.resolve();
					await bStarted.promise;
					state.parts.push("a");
					return `a after ${String(trigger?.output)}`;
				},
			},
			b: {
				after: "plan",
				run: async ({ state }) => {
					bStarted.resolve();
					await aStarted.promise;
					state.parts.push("b");
					return "b";
				},
			},
			c: { after: "plan", run: ({ state }) => state.parts.push("c") && "c" },
			merge: {
				after: allOf("a", "b", "c"),
				run: ({ output, state }) => {
					runs.push("merge");
					return [output("a"), output("b"), output("c"), state.parts.length].join("|");
				},
			},
			first: {
				after: anyOf("a", "b"),
				run: ({ trigger }) => {
					runs.push(`first:${trigger?.step}`);
					return trigger?.step;
				},
			},
		},
	});
	const events: CrewEvent[] = [];
	const result = await flow.kickoff({ inputs: { topic: "tides" }, onEvent: (e) => events.push(e) });
	assert.equal(result.status, "completed");
	assert.equal(result.outputs.merge, "a after plan for tides|b|c|3");
	assert.equal(runs.filter((run) => run === "merge").length, 1);
	assert.equal(runs.filter((run) => run.startsWith("first:")).length, 1);
	assert.deepEqual(result.state.parts.toSorted(), ["a", "b", "c"]);
	const types = events.map((event) => event.type);
	assert.equal(types[0], "run-start");
	assert.equal(types[1], "flow-start");
	assert.equal(types.at(-1), "run-end");
	assert.equal(types.filter((type) => type === "step-end").length, 6);
});

/** write → review (router) → rewrite → review … until the reviewer accepts. */
function writeReviewFlow(maxRuns?: number) {
	const writer = new Agent({ name: "writer", role: "Writer", goal: "Write", backstory: "Terse." });
	const reviewer = new Agent({
		name: "reviewer",
		role: "Reviewer",
		goal: "Judge",
		backstory: "Strict.",
	});
	const writeCrew = new Crew({
		name: "write",
		agents: [writer],
		tasks: [
			new Task({
				name: "draft",
				description: "Write about {topic}. Notes: {notes}",
				expectedOutput: "A paragraph",
				agent: writer,
			}),
		],
	});
	const reviewCrew = new Crew({
		name: "review",
		agents: [reviewer],
		tasks: [
			new Task({
				name: "judge",
				description: "Judge this draft: {draft}. Answer ACCEPT or a remark.",
				expectedOutput: "ACCEPT or a remark",
				agent: reviewer,
			}),
		],
	});
	return defineFlow({
		name: "write-review",
		state: z.object({
			topic: z.string(),
			draft: z.string().default(""),
			remarks: z.array(z.string()).default([]),
		}),
		steps: {
			write: {
				start: true,
				after: "rewrite",
				...(maxRuns ? { maxRuns } : {}),
				run: async ({ state, kickoff }) => {
					const notes = state.remarks.join("; ") || "none";
					state.draft = (await kickoff(writeCrew, { inputs: { topic: state.topic, notes } })).raw;
					return state.draft;
				},
			},
			review: {
				after: "write",
				routes: ["accepted", "rewrite"],
				run: async ({ state, kickoff }) => {
					const verdict = (await kickoff(reviewCrew, { inputs: { draft: state.draft } })).raw;
					if (verdict.includes("ACCEPT")) return "accepted";
					state.remarks.push(verdict);
					return "rewrite";
				},
			},
			publish: { after: "accepted", run: ({ state }) => `published: ${state.draft}` },
		},
	});
}

test("a router loop rewrites until the reviewer accepts; every step's state is stored", async () => {
	const model = createScriptedModel({
		replies: [
			{ match: "Notes: none", text: "Draft one." },
			{ match: "Judge this draft: Draft one.", text: "Too short." },
			{ match: "Notes: Too short.", text: "Draft two." },
			{ match: "Judge this draft: Draft two.", text: "Cite a source." },
			{ match: "Notes: Too short.; Cite a source.", text: "Draft three [1]." },
			{ match: "Judge this draft: Draft three", text: "ACCEPT" },
		],
	});
	const store = openRunStore(":memory:");
	const result = await writeReviewFlow().kickoff({ inputs: { topic: "tides" }, model, store });
	assert.equal(result.status, "completed");
	assert.equal(result.status === "completed" && result.result, "published: Draft three [1].");
	assert.equal(model.calls.length, 6);
	const run = store.getRun(result.runId);
	assert.equal(run?.status, "completed");
	assert.equal(run?.crew, "write-review");
	const ends = store
		.events(result.runId)
		.flatMap(({ event }) => (event.type === "step-end" ? [event] : []));
	assert.deepEqual(
		ends.map((end) => `${end.step}#${end.occurrence}${end.label ? `→${end.label}` : ""}`),
		[
			"write#1",
			"review#1→rewrite",
			"write#2",
			"review#2→rewrite",
			"write#3",
			"review#3→accepted",
			"publish#1",
		],
	);
	assert.deepEqual((ends[3]?.state as { remarks: string[] } | undefined)?.remarks, [
		"Too short.",
		"Cite a source.",
	]);
	assert.equal(
		store.modelCalls(result.runId).length,
		6,
		"the crews' model calls are the flow run's",
	);
	store.close();
});

test("a loop that never ends stops at the step's maxRuns with a clear error", async () => {
	const model = createScriptedModel({ replies: () => "Never good." });
	await assert.rejects(
		writeReviewFlow(3).kickoff({ inputs: { topic: "tides" }, model }),
		(error: unknown) =>
			error instanceof FlowStepError &&
			/'write' would run a 4th time; its limit is 3/.test(error.message),
	);
});

test("a run cancelled while a step waits on the signal ends cancelled, not failed", async () => {
	const controller = new AbortController();
	const events: CrewEvent[] = [];
	const flow = defineFlow({
		name: "patient",
		state: z.object({}),
		steps: {
			wait: {
				start: true,
				run: ({ signal }) =>
					new Promise((_, reject) => {
						signal.addEventListener("abort", () => reject(signal.reason));
						controller.abort();
					}),
			},
		},
	});
	await assert.rejects(
		flow.kickoff({ signal: controller.signal, onEvent: (event) => events.push(event) }),
		(error: unknown) => error instanceof Error && error.message === "The run was cancelled.",
	);
	const end = events.at(-1);
	assert.equal(end?.type === "run-end" && end.status, "cancelled");
});

test("typed state: inputs and every step's changes are checked against the schema", async () => {
	const flow = defineFlow({
		name: "typed",
		state: z.object({ count: z.number().int().min(0) }),
		steps: {
			bump: {
				start: true,
				run: ({ state }) => {
					state.count -= 5;
				},
			},
		},
	});
	await assert.rejects(flow.kickoff({ inputs: { count: "three" } }), (error: unknown) => {
		return error instanceof ConfigError && /count: .*expected number/i.test(error.message);
	});
	await assert.rejects(flow.kickoff({ inputs: { count: 2 } }), (error: unknown) => {
		return error instanceof FlowStepError && /bump.*count: .*>=0/s.test(error.message);
	});
	const ok = await flow.kickoff({ inputs: { count: 9 } });
	assert.equal(ok.state.count, 4);
});

test("a flow definition is checked when it is defined", () => {
	const state = z.object({});
	assert.throws(
		() =>
			defineFlow({
				name: "x",
				state,
				steps: { a: { start: true, run: () => 1 }, b: { after: "c", run: () => 2 } },
			}),
		/step 'b' listens to 'c', which is neither a step nor a router's label/,
	);
	assert.throws(
		() => defineFlow({ name: "x", state, steps: { a: { after: "a", run: () => 1 } } }),
		/no start step/,
	);
	assert.throws(
		() => defineFlow({ name: "x", state, steps: { a: { run: () => 1 } } }),
		/never runs/,
	);
});

test("resume after a failed step does not run the completed steps again; replay runs from a step", async () => {
	let failOnce = true;
	const writer = new Agent({ name: "writer", role: "Writer", goal: "Write", backstory: "Terse." });
	const crew = new Crew({
		name: "one",
		agents: [writer],
		tasks: [
			new Task({ name: "draft", description: "Write", expectedOutput: "Text", agent: writer }),
		],
	});
	const flow = defineFlow({
		name: "fragile",
		state: z.object({ text: z.string().default(""), polished: z.string().default("") }),
		steps: {
			draft: {
				start: true,
				run: async ({ state, kickoff }) => {
					state.text = (await kickoff(crew)).raw;
				},
			},
			polish: {
				after: "draft",
				run: ({ state }) => {
					if (failOnce) {
						failOnce = false;
						throw new Error("disk full");
					}
					state.polished = state.text.toUpperCase();
					return state.polished;
				},
			},
		},
	});
	const model = createScriptedModel({ replies: () => "a draft" });
	const store = openRunStore(":memory:");
	let runId = "";
	await assert.rejects(
		flow.kickoff({ model, store, onEvent: (event) => (runId ||= event.runId) }),
		/Step 'polish' of flow 'fragile' failed: disk full/,
	);
	assert.equal(store.getRun(runId)?.status, "failed");
	const resumed = await flow.resume(runId, { model, store });
	assert.equal(resumed.state.polished, "A DRAFT");
	assert.equal(model.calls.length, 1, "the draft step was restored, not run again");
	assert.equal(store.getRun(runId)?.status, "completed");
	const types = store.events(runId).map(({ event }) => event.type);
	assert.ok(types.includes("step-restore"));

	const replayed = await flow.replay(runId, "polish", { model, store });
	assert.equal(model.calls.length, 1, "replay from polish keeps draft");
	assert.equal(replayed.state.polished, "A DRAFT");
	assert.equal(store.getRun(replayed.runId)?.parentRun, runId);
	store.close();
});

test("askHuman: a run nobody can answer waits, stored; the answer continues it", async () => {
	let approvals = 0;
	const flow = defineFlow({
		name: "approval",
		state: z.object({ choice: z.string().default(""), approved: z.boolean().default(false) }),
		steps: {
			pick: {
				start: true,
				run: async ({ state, askHuman }) => {
					state.choice = await askHuman({
						type: "choose",
						prompt: "Which title?",
						choices: ["Tides", "Waves"],
					});
				},
			},
			approve: {
				after: "pick",
				run: async ({ state, askHuman }) => {
					approvals += 1;
					state.approved = await askHuman({
						type: "approve",
						prompt: `Publish '${state.choice}'?`,
					});
				},
			},
		},
	});
	const store = openRunStore(":memory:");
	const first = await flow.kickoff({ store });
	assert.equal(first.status, "waiting");
	assert.equal(store.getRun(first.runId)?.status, "waiting");
	assert.equal(waitingQuestions(store, first.runId)[0]?.prompt, "Which title?");
	assert.throws(() => answerRun(store, first.runId, "Rivers"), /takes one of: Tides, Waves/);
	answerRun(store, first.runId, "2");
	const second = await flow.resume(first.runId, { store });
	assert.equal(second.status, "waiting");
	assert.equal(waitingQuestions(store, first.runId)[0]?.prompt, "Publish 'Waves'?");
	answerRun(store, first.runId, "yes");
	const third = await flow.resume(first.runId, { store });
	assert.equal(third.status, "completed");
	assert.deepEqual(third.state, { choice: "Waves", approved: true });
	assert.equal(approvals, 2, "the asking step ran again when its answer arrived");

	// A person at hand answers at once; a question with a timeout takes its default.
	const answered = await flow.kickoff({
		human: { answer: async (question) => (question.type === "choose" ? "Tides" : "no") },
	});
	assert.deepEqual(answered.state, { choice: "Tides", approved: false });
	const timed = defineFlow({
		name: "timed",
		state: z.object({ ok: z.boolean().default(false) }),
		steps: {
			ask: {
				start: true,
				run: async ({ state, askHuman }) => {
					state.ok = await askHuman({
						type: "approve",
						prompt: "Go?",
						timeoutMs: 1,
						default: true,
					});
				},
			},
		},
	});
	const events: CrewEvent[] = [];
	const silent = await timed.kickoff({
		human: { answer: () => new Promise(() => {}) },
		onEvent: (event) => events.push(event),
	});
	assert.equal(silent.state.ok, true);
	assert.ok(events.some((event) => event.type === "human-answer" && event.by === "timeout"));
	store.close();
});

test("askHuman with a schema returns the typed value", async () => {
	const flow = defineFlow({
		name: "schema",
		state: z.object({ budget: z.number().default(0) }),
		steps: {
			ask: {
				start: true,
				run: async ({ state, askHuman }) => {
					const answer = await askHuman({
						type: "text",
						prompt: "Budget?",
						schema: z.object({ amount: z.number().positive() }),
					});
					state.budget = answer.amount;
				},
			},
		},
	});
	const store = openRunStore(":memory:");
	const waiting = await flow.kickoff({ store });
	assert.throws(() => answerRun(store, waiting.runId, '{"amount": -3}'), /does not fit/);
	answerRun(store, waiting.runId, '{"amount": 1200}');
	const done = await flow.resume(waiting.runId, { store });
	assert.equal(done.state.budget, 1200);
	store.close();
});
