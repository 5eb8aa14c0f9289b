import type { TaskPromptInput } from "../agent/prompts.ts";
import type { KnowledgeOptions } from "../knowledge/knowledge-options.ts";
import { type KnowledgeOwner, openRunKnowledge } from "../knowledge/run-knowledge.ts";
import type { ResolveModelOptions } from "../models/resolve-model.ts";
import type { MemoryOptions } from "./memory-options.ts";
import { openRunMemory } from "./run-memory.ts";

/** A task as recall sees it. */
export interface RecallTask {
	name: string;
	/** The filled description: the query for knowledge and memory. */
	description: string;
	/** Who does the task (a hierarchical crew's manager): memory is scoped to it. */
	agent: string;
	/** The task's own agent: its knowledge (and the crew's) is searched. */
	knowledgeOf: string;
}

/**
 * The seam a run calls around each task when memory or knowledge is configured: before,
 * what the prompt gets; after, what is learned.
 */
export interface TaskRecall {
	beforeTask(
		task: RecallTask,
		signal?: AbortSignal,
	): Promise<Pick<TaskPromptInput, "knowledge" | "memory">>;
	afterTask(task: RecallTask, result: string): Promise<void>;
	close(): Promise<void>;
}

export interface TaskRecallSetup {
	crew: KnowledgeOwner;
	agents: readonly KnowledgeOwner[];
	runId: string;
	/** Memory options, or `undefined` when memory is off. */
	memory: MemoryOptions | undefined;
	knowledge: KnowledgeOptions | undefined;
	/** Where files are found and secrets read from, as for models. */
	modelOptions: ResolveModelOptions | undefined;
}

/**
 * Opens a run's knowledge (indexing it) and memory; `undefined` when neither is configured.
 * @throws ConfigError for a missing knowledge path or bad memory options, before any task runs.
 */
export async function openTaskRecall(setup: TaskRecallSetup): Promise<TaskRecall | undefined> {
	const knowledge = await openRunKnowledge(setup.crew, setup.agents, setup.knowledge);
	let memory: Awaited<ReturnType<typeof openRunMemory>> | undefined;
	try {
		memory = setup.memory
			? await openRunMemory(setup.memory, {
					crew: setup.crew.name,
					runId: setup.runId,
					...(setup.modelOptions?.cwd ? { cwd: setup.modelOptions.cwd } : {}),
					...(setup.modelOptions?.env ? { env: setup.modelOptions.env } : {}),
					embedderOptions: {
						...(setup.modelOptions?.cwd ? { cwd: setup.modelOptions.cwd } : {}),
						...(setup.modelOptions?.env ? { env: setup.modelOptions.env } : {}),
						...(setup.modelOptions?.threads ? { threads: setup.modelOptions.threads } : {}),
						...(setup.modelOptions?.cacheDir ? { cacheDir: setup.modelOptions.cacheDir } : {}),
					},
				})
			: undefined;
	} catch (error) {
		await knowledge?.close();
		throw error;
	}
	if (!knowledge && !memory) return undefined;
	return {
		async beforeTask(task, signal) {
			const passages = knowledge?.passagesFor(task.knowledgeOf, task.description) ?? [];
			const memories = (await memory?.recall(task, signal)) ?? [];
			return {
				...(passages.length ? { knowledge: passages } : {}),
				...(memories.length ? { memory: memories } : {}),
			};
		},
		async afterTask(task, result) {
			await memory?.remember(task, result);
		},
		async close() {
			await Promise.all([knowledge?.close(), memory?.close()]);
		},
	};
}
