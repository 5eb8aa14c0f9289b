import type { z } from "zod";
import { ConfigError, CrewkitError } from "../errors.ts";
import { checkKnowledgePaths } from "../knowledge/knowledge-paths.ts";
import { type MemorySetting, resolveMemoryOptions } from "../memory/memory-options.ts";
import { createConcurrencyLimit } from "../models/concurrency-limit.ts";
import type { RunStore } from "../store/run-store.ts";
import { storedRun } from "../store/stored-run.ts";
import type { Agent, ModelSpec } from "./agent.ts";
import type { CrewDefinition, Process } from "./crew-definition.ts";
import type { CrewOutput, KickoffInputs, KickoffOptions } from "./kickoff-options.ts";
import { runCrew } from "./run-crew.ts";
import type { Task } from "./task.ts";

export type { CrewDefinition, Process } from "./crew-definition.ts";
export type {
	CrewOutput,
	KickoffInputs,
	KickoffOptions,
	RunUsage,
	RunVerdict,
} from "./kickoff-options.ts";

export interface CrewOptions {
	name?: string;
	agents: Agent[];
	tasks: Task<z.ZodType | undefined>[];
	/** How tasks run. `sequential`: in order, each seeing earlier outputs by its context rule. */
	process?: Process;
	/** Model of agents that name none. */
	model?: ModelSpec;
	/** The manager of a hierarchical crew (default: a generic manager persona). */
	manager?: Agent;
	/** The manager's model (default: the manager's own, then the crew's). */
	managerModel?: ModelSpec;
	/** Files and folders every agent's tasks search before they run (see `AgentOptions.knowledge`). */
	knowledge?: string[];
	/**
	 * What earlier runs learned, recalled into each task's prompt; each result is stored
	 * after its task (see src/memory). Off by default; `true` keeps it in `.crewkit/memory.db`.
	 */
	memory?: MemorySetting;
	/**
	 * A planning step before the tasks (CrewAI's `planning=True`): the crew's model writes a
	 * plan for each task, which is added to that task's description. Default false.
	 */
	planning?: boolean;
}

/** Some runs of a `kickoffForEach` failed; `results` holds each run's output or error, in input order. */
export class BatchError extends CrewkitError {
	readonly results: ReadonlyArray<CrewOutput | Error>;

	constructor(message: string, results: ReadonlyArray<CrewOutput | Error>) {
		const firstError = results.find((result) => result instanceof Error);
		super(firstError ? `${message} First: ${firstError.message}` : message);
		this.results = results;
	}
}

/** A crew: agents and the tasks they carry out. A plain definition; `kickoff` runs it. */
export class Crew implements CrewDefinition {
	readonly name: string;
	readonly agents: readonly Agent[];
	readonly tasks: readonly Task<z.ZodType | undefined>[];
	readonly process: Process;
	readonly model: ModelSpec | undefined;
	readonly manager: Agent | undefined;
	readonly managerModel: ModelSpec | undefined;
	readonly knowledge: readonly string[];
	readonly memory: MemorySetting | undefined;
	readonly planning: boolean;

	constructor(options: CrewOptions) {
		this.name = options.name ?? "crew";
		this.agents = options.agents;
		this.tasks = options.tasks;
		this.process = options.process ?? "sequential";
		this.model = options.model;
		this.manager = options.manager;
		this.managerModel = options.managerModel;
		this.knowledge = checkKnowledgePaths(options.knowledge, `Crew '${this.name}'`);
		this.memory = options.memory;
		this.planning = options.planning ?? false;
		if (typeof options.memory === "object") resolveMemoryOptions(options.memory);
		validateCrew(this);
	}

	/** Runs the crew: every task in order; resolves with every output and exact usage. */
	kickoff(options: KickoffOptions = {}): Promise<CrewOutput> {
		return runCrew(this, options);
	}

	/**
	 * Runs the crew once per inputs, at most `concurrency` runs at a time (default 4), each a
	 * run of its own (in the store when one is given). With `callConcurrency`, at most that
	 * many model calls are in flight across the batch (a provider's limit on concurrent
	 * requests): the call slots, not whole runs, are what the batch keeps busy, and runs
	 * then start up to 4 × `callConcurrency` at a time unless `concurrency` says otherwise.
	 * Resolves with the outputs in input order; when some runs fail, rejects with a
	 * `BatchError` holding every result.
	 */
	async kickoffForEach(
		inputsList: readonly KickoffInputs[],
		options: Omit<KickoffOptions, "inputs" | "runId" | "restore"> & {
			concurrency?: number;
			callConcurrency?: number;
		} = {},
	): Promise<CrewOutput[]> {
		const { concurrency: runsAtOnce, callConcurrency, ...rest } = options;
		for (const [name, value] of Object.entries({ concurrency: runsAtOnce, callConcurrency })) {
			if (value !== undefined && (!Number.isInteger(value) || value < 1)) {
				throw new ConfigError(
					`kickoffForEach: ${name} must be a whole number of at least 1, got ${value}.`,
				);
			}
		}
		const concurrency = runsAtOnce ?? (callConcurrency === undefined ? 4 : 4 * callConcurrency);
		const kickoffOptions =
			callConcurrency === undefined
				? rest
				: {
						...rest,
						reliability: {
							...rest.reliability,
							callLimit: createConcurrencyLimit(callConcurrency),
						},
					};
		// Stryker disable next-line ArrayDeclaration: each index is assigned before any is read.
		const results: Array<CrewOutput | Error> = new Array(inputsList.length);
		let next = 0;
		const worker = async () => {
			while (next < inputsList.length) {
				const index = next++;
				try {
					results[index] = await this.kickoff({
						...kickoffOptions,
						inputs: inputsList[index] ?? {},
					});
				} catch (error) {
					results[index] = error instanceof Error ? error : new Error(String(error));
				}
			}
		};
		await Promise.all(Array.from({ length: Math.min(concurrency, inputsList.length) }, worker));
		const failed = results.filter((result) => result instanceof Error).length;
		if (failed) throw new BatchError(`${failed} of ${inputsList.length} runs failed.`, results);
		return results as CrewOutput[];
	}

	/**
	 * Continues an interrupted run from the store: its completed tasks are restored, not
	 * executed again; the rest run under the same run id with the run's inputs.
	 */
	async resume(runId: string, options: KickoffOptions & { store: RunStore }): Promise<CrewOutput> {
		const run = storedRun(options.store, runId);
		if (run.status === "completed" || run.status === "ungrounded") {
			throw new ConfigError(
				`Run '${runId}' is already complete. Re-run part of it with: crewkit replay ${runId} --from <task>`,
			);
		}
		return runCrew(this, {
			...options,
			inputs: run.inputs as KickoffInputs,
			runId,
			restore: { fromRun: runId, tasks: options.store.completedTasks(runId) },
		});
	}

	/**
	 * Runs again from a task of a stored run, as a new run: the outputs of the tasks before
	 * `from` are taken from the stored run.
	 */
	async replay(
		runId: string,
		from: string,
		options: KickoffOptions & { store: RunStore },
	): Promise<CrewOutput> {
		const run = storedRun(options.store, runId);
		const position = this.tasks.findIndex((task) => task.name === from);
		if (position < 0) {
			throw new ConfigError(
				`Crew '${this.name}' has no task '${from}'. Tasks: ${this.tasks.map((t) => t.name).join(", ")}.`,
			);
		}
		const earlier = new Set(this.tasks.slice(0, position).map((task) => task.name));
		const stored = options.store.completedTasks(runId).filter((output) => earlier.has(output.task));
		const missing = [...earlier].filter((name) => !stored.some((output) => output.task === name));
		if (missing.length) {
			throw new ConfigError(
				`Run '${runId}' has no stored output for ${missing.join(", ")}: replay from an earlier task.`,
			);
		}
		return runCrew(this, {
			...options,
			inputs: options.inputs ?? (run.inputs as KickoffInputs),
			restore: { fromRun: runId, tasks: stored },
		});
	}
}

function validateCrew(crew: Crew): void {
	if (crew.process !== "sequential" && crew.process !== "hierarchical") {
		throw new ConfigError(
			`Crew '${crew.name}': unknown process '${crew.process}'. Use 'sequential' or 'hierarchical'.`,
		);
	}
	if (crew.manager && crew.agents.includes(crew.manager)) {
		throw new ConfigError(`Crew '${crew.name}': the manager must not also be one of its agents.`);
	}
	if (crew.tasks.length === 0) throw new ConfigError(`Crew '${crew.name}' has no tasks.`);
	const names = new Set<string>();
	for (const agent of crew.agents) {
		if (names.has(agent.name))
			throw new ConfigError(`Crew '${crew.name}' has two agents named '${agent.name}'.`);
		names.add(agent.name);
	}
	const seen = new Set<Task<z.ZodType | undefined>>();
	const taskNames = new Set<string>();
	for (const task of crew.tasks) {
		if (taskNames.has(task.name))
			throw new ConfigError(`Crew '${crew.name}' has two tasks named '${task.name}'.`);
		taskNames.add(task.name);
		if (!crew.agents.includes(task.agent)) {
			throw new ConfigError(
				`Task '${task.name}' uses agent '${task.agent.name}', which is not in the crew's agents (${crew.agents.map((a) => a.name).join(", ")}). Add it to agents.`,
			);
		}
		for (const earlier of task.context ?? []) {
			if (!seen.has(earlier)) {
				throw new ConfigError(
					`Task '${task.name}' takes context from '${earlier.name}', which does not come before it in the crew. Order the tasks so context comes first.`,
				);
			}
		}
		seen.add(task);
	}
}
