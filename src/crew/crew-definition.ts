import type { z } from "zod";
import type { MemorySetting } from "../memory/memory-options.ts";
import type { Agent, ModelSpec } from "./agent.ts";
import type { Task } from "./task.ts";

/** `sequential`: tasks in order (async ones overlap); `hierarchical`: a manager delegates each task. */
export type Process = "sequential" | "hierarchical";

/** What running a crew reads of it: its agents, tasks, process and defaults (`Crew` is one). */
export interface CrewDefinition {
	readonly name: string;
	readonly agents: readonly Agent[];
	readonly tasks: readonly Task<z.ZodType | undefined>[];
	readonly process: Process;
	readonly model: ModelSpec | undefined;
	readonly manager: Agent | undefined;
	readonly managerModel: ModelSpec | undefined;
	readonly knowledge: readonly string[];
	readonly memory: MemorySetting | undefined;
	/** A planning step adds a plan to each task (CrewAI's `planning=True`); absent: none. */
	readonly planning?: boolean;
}
