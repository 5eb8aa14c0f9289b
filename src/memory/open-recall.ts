/**
 * The one place a run decides whether it needs memory or knowledge. Cheap on purpose:
 * with neither configured it returns `undefined` without loading either module, and the
 * run does no extra work per task.
 */
import type { KnowledgeOptions } from "../knowledge/knowledge-options.ts";
import type { ResolveModelOptions } from "../models/resolve-model.ts";
import { type MemorySetting, memoryOf } from "./memory-options.ts";
import type { TaskRecall } from "./task-recall.ts";

/** What a run knows of its crew and kickoff options, as recall needs it. */
export interface RecallConfig {
	crew: { name: string; knowledge: readonly string[]; memory: MemorySetting | undefined };
	agents: ReadonlyArray<{ name: string; knowledge: readonly string[] }>;
	runId: string;
	kickoff: {
		memory?: MemorySetting | undefined;
		knowledge?: KnowledgeOptions | undefined;
		modelOptions?: ResolveModelOptions | undefined;
	};
}

/** Opens memory and knowledge for a run, or resolves `undefined` when it uses neither. */
export async function openRecall(config: RecallConfig): Promise<TaskRecall | undefined> {
	const memory = memoryOf(config.crew.memory, config.kickoff.memory);
	const hasKnowledge =
		config.crew.knowledge.length > 0 || config.agents.some((agent) => agent.knowledge.length > 0);
	if (!memory && !hasKnowledge) return undefined;
	const { openTaskRecall } = await import("./task-recall.ts");
	return openTaskRecall({
		crew: config.crew,
		agents: config.agents,
		runId: config.runId,
		memory,
		knowledge: config.kickoff.knowledge,
		modelOptions: config.kickoff.modelOptions,
	});
}
