import assert from "node:assert/strict";
import { access, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { CancelledError, ConfigError, LimitError, ProviderError } from "../errors.ts";
import type { CrewEvent } from "../events.ts";
import { promptText } from "../models/count-tokens.ts";
import { loadedModelCount } from "../models/embedded/loaded-model.ts";
import { skipWithoutStoriesModel, storiesModelPath } from "../models/embedded/stories-fixture.ts";
import { createScriptedModel } from "../models/scripted-model.ts";
import { openRunStore } from "../store/sqlite-store.ts";
import { Agent } from "./agent.ts";
import { BatchError, Crew } from "./crew.ts";
import { Task } from "./task.ts";

const writer = new Agent({ name: "writer", role: "Writer", goal: "Write", backstory: "Careful." });
const task = (name: string, options: Partial<ConstructorParameters<typeof Task>[0]> = {}) =>
	new Task({ name, description: `Do ${name}`, expectedOutput: "text", agent: writer, ...options });
const runEnd = (events: CrewEvent[]) => {
	const end = events.at(-1);
	assert.equal(end?.type, "run-end");
	return end as Extract<CrewEvent, { type: "run-end" }>;
};

async function withFolder<T>(work: (folder: string) => Promise<T>): Promise<T> {
	const folder = await mkdtemp(join(tmpdir(), "crewkit-outcomes-"));
	try {
		return await work(folder);
	} finally {
		await rm(folder, { recursive: true, force: true });
	}
}

test("a BatchError with no failed run says only its message", () => {
	assert.equal(new BatchError("0 of 1 runs failed.", []).message, "0 of 1 runs failed.");
	assert.equal(
		new BatchError("1 of 2 runs failed.", [new Error("boom")]).message,
		"1 of 2 runs failed. First: boom",
	);
});

test("replay from a task names every earlier task the stored run has no output for", async () => {
	await withFolder(async (folder) => {
		const store = await openRunStore(join(folder, "runs.db"));
		try {
			const crew = (replies: string[]) =>
				new Crew({
					agents: [writer],
					tasks: [task("one"), task("two"), task("three")],
					model: createScriptedModel({ replies }),
				});
			await assert.rejects(crew([]).kickoff({ store, tracing: false }));
			const [run] = store.listRuns();
			await assert.rejects(
				crew(["THREE"]).replay(run?.id ?? "", "three", { store, tracing: false }),
				(error: Error) =>
					error instanceof ConfigError &&
					error.message ===
						`Run '${run?.id}' has no stored output for one, two: replay from an earlier task.`,
			);
		} finally {
			store.close();
		}
	});
});

test("the planner sees each task's description and expected output with the inputs filled in", async () => {
	const model = createScriptedModel({ replies: [JSON.stringify({ plans: [] }), "NOTE"] });
	await new Crew({
		agents: [writer],
		tasks: [task("note", { description: "Research {topic}", expectedOutput: "A note on {topic}" })],
		planning: true,
	}).kickoff({ model, inputs: { topic: "tides" }, tracing: false });
	const planning = promptText(model.calls[0]?.prompt ?? []);
	assert.match(planning, /Research tides/);
	assert.match(planning, /A note on tides/);
	assert.doesNotMatch(planning, /\{topic\}/);
});

test("an agent's reasoning that yields no approach for the task leaves its description as written", async () => {
	const model = createScriptedModel({ replies: [JSON.stringify({ plans: [] }), "DRAFT"] });
	const thinker = new Agent({
		name: "thinker",
		role: "Thinker",
		goal: "Think",
		backstory: "Slow.",
		reasoning: true,
	});
	const result = await new Crew({
		agents: [thinker],
		tasks: [
			new Task({ name: "draft", description: "Draft.", expectedOutput: "x", agent: thinker }),
		],
	}).kickoff({ model, tracing: false });
	assert.equal(result.raw, "DRAFT");
	assert.doesNotMatch(promptText(model.calls[1]?.prompt ?? []), /Your approach/);
});

test("a task out of time fails with a LimitError whose cause is the aborted call", async () => {
	const model = createScriptedModel({ replies: [{ text: "late", delayMs: 60_000 }] });
	const slow = new Agent({
		name: "slow",
		role: "Slow",
		goal: "Answer",
		backstory: "Slow.",
		maxExecutionTime: 0.05,
	});
	await assert.rejects(
		new Crew({
			agents: [slow],
			tasks: [
				new Task({ name: "answer", description: "Answer.", expectedOutput: "x", agent: slow }),
			],
		}).kickoff({ model, tracing: false }),
		(error: Error) => error instanceof LimitError && error.cause instanceof Error,
	);
});

test("the run's output file is written with the last task's answer only, and not at all when the run fails", async () => {
	await withFolder(async (folder) => {
		const outputFile = join(folder, "report.md");
		const crew = new Crew({ agents: [writer], tasks: [task("one"), task("two")] });
		await assert.rejects(
			crew.kickoff({
				model: createScriptedModel({ replies: ["ONE"] }),
				outputFile,
				tracing: false,
			}),
			/no reply left/,
		);
		await assert.rejects(access(outputFile), { code: "ENOENT" });
	});
});

test("a run its assessment finds ungrounded ends with that status and the reason", async () => {
	const events: CrewEvent[] = [];
	await new Crew({ agents: [writer], tasks: [task("one")] }).kickoff({
		model: createScriptedModel({ replies: ["ONE"] }),
		tracing: false,
		onEvent: (event) => events.push(event),
		assessRun: (tasks) => ({ status: "ungrounded", reason: `${tasks.length} task, no sources` }),
	});
	const end = runEnd(events);
	assert.equal(end.status, "ungrounded");
	assert.equal(end.reason, "1 task, no sources");
});

test("a provider's error names the run to resume; other errors are passed on as they are", async () => {
	const failing = (error: Error) => {
		const base = createScriptedModel({ replies: [] });
		return {
			...base,
			async doGenerate(): Promise<never> {
				throw error;
			},
			async doStream(): Promise<never> {
				throw error;
			},
		};
	};
	const provider = new ProviderError("The provider refused: resume with crewkit resume <run>.", {
		status: 400,
	});
	await assert.rejects(
		new Crew({ agents: [writer], tasks: [task("one")] }).kickoff({
			model: failing(provider),
			runId: "run-7",
			tracing: false,
			reliability: { retry: { maxRetries: 0 } },
		}),
		(error: Error) =>
			error === provider &&
			error.message === "The provider refused: resume with crewkit resume run-7.",
	);
	const coded = task("coded", {
		run: async () => {
			throw new Error("a literal <run> stays");
		},
	});
	await assert.rejects(
		new Crew({ agents: [writer], tasks: [coded] }).kickoff({
			model: createScriptedModel({ replies: [] }),
			runId: "run-8",
			tracing: false,
		}),
		(error: Error) => error.message === "a literal <run> stays",
	);
});

test("a run the caller cancels fails with CancelledError even when the work failed otherwise", async () => {
	const controller = new AbortController();
	const failure = new Error("the hook gave up");
	const coded = task("coded", {
		run: async () => {
			controller.abort();
			throw failure;
		},
	});
	await assert.rejects(
		new Crew({ agents: [writer], tasks: [coded] }).kickoff({
			model: createScriptedModel({ replies: [] }),
			signal: controller.signal,
			tracing: false,
		}),
		(error: Error) =>
			error instanceof CancelledError &&
			error.message === "The run was cancelled." &&
			error.cause === failure,
	);
	// A crewkit error (the caller's to act on) is passed on as it is.
	const again = new AbortController();
	const refusal = new ConfigError("not configured");
	const configured = task("configured", {
		run: async () => {
			again.abort();
			throw refusal;
		},
	});
	await assert.rejects(
		new Crew({ agents: [writer], tasks: [configured] }).kickoff({
			model: createScriptedModel({ replies: [] }),
			signal: again.signal,
			tracing: false,
		}),
		(error: Error) => error === refusal,
	);
});

test("a run that stops to wait for a person reports a duration within the time it took", async () => {
	await withFolder(async (folder) => {
		const store = await openRunStore(join(folder, "runs.db"));
		try {
			const events: CrewEvent[] = [];
			const started = performance.now();
			await assert.rejects(
				new Crew({ agents: [writer], tasks: [task("one", { humanInput: true })] }).kickoff({
					model: createScriptedModel({ replies: ["DRAFT"] }),
					store,
					tracing: false,
					onEvent: (event) => events.push(event),
				}),
				(error: Error) => error.name === "WaitingForHumanError",
			);
			const wallMs = performance.now() - started;
			const end = runEnd(events);
			assert.equal(end.status, "waiting");
			assert.ok(end.durationMs >= 0 && end.durationMs <= wallMs, `${end.durationMs}`);
		} finally {
			store.close();
		}
	});
});

test("in a hierarchical crew only the manager works on the manager model; the agents on the crew's", async () => {
	const model = createScriptedModel({
		replies: [
			{
				match: "Suggested coworker",
				toolCalls: [
					{ toolName: "delegate_work", input: { coworker: "writer", task: "Draft", context: "" } },
				],
			},
			"MANAGED",
		],
		modelId: "manager",
	});
	const crewModel = createScriptedModel({ replies: ["DRAFTED"], modelId: "crew" });
	const result = await new Crew({
		agents: [writer],
		tasks: [task("poem")],
		process: "hierarchical",
		managerModel: model,
		model: crewModel,
	}).kickoff({ tracing: false });
	assert.equal(result.raw, "MANAGED");
	assert.deepEqual(
		result.usage.calls.map((call) => [call.agent, call.model]),
		[
			["writer", "scripted:crew"],
			["manager", "scripted:manager"],
			["manager", "scripted:manager"],
		],
	);
});

test("a model string is resolved with the kickoff's model options (its folder)", async () => {
	await withFolder(async (folder) => {
		await writeFile(join(folder, "script.json"), JSON.stringify(["FROM THE FOLDER"]));
		const result = await new Crew({ agents: [writer], tasks: [task("one")] }).kickoff({
			model: "scripted:script.json",
			modelOptions: { cwd: folder },
			tracing: false,
		});
		assert.equal(result.raw, "FROM THE FOLDER");
	});
});

test("an embedded model a run loads is freed when the run ends", {
	skip: skipWithoutStoriesModel,
	timeout: 60_000,
}, async () => {
	const before = loadedModelCount();
	const result = await new Crew({ agents: [writer], tasks: [task("story")] }).kickoff({
		model: `local:${storiesModelPath}`,
		modelOptions: { threads: 1, contextSize: 256 },
		tracing: false,
	});
	assert.equal(typeof result.raw, "string");
	assert.ok(result.usage.total.outputTokens > 0, "the model was loaded and answered");
	assert.equal(loadedModelCount(), before);
});
