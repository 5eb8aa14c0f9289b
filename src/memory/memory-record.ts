/**
 * What a crew remembers between runs: task results, the entities they name, the user's
 * preferences and notes, each scoped to a crew and optionally to one of its agents.
 */

/**
 * `result`: a task's answer; `entity`: a name a result mentioned, with the sentence it was
 * seen in; `preference`: how the user wants things done (given to every task of the scope);
 * `note`: anything else added by hand.
 */
export type MemoryKind = "result" | "entity" | "preference" | "note";

export const memoryKinds: readonly MemoryKind[] = ["result", "entity", "preference", "note"];

export interface MemoryRecord {
	id: number;
	/** The crew it belongs to (`Crew.name`). */
	crew: string;
	/** The agent it belongs to; `undefined`: every agent of the crew. */
	agent: string | undefined;
	kind: MemoryKind;
	/** The task of a result, the name of an entity. */
	subject: string | undefined;
	/** What was learned. */
	text: string;
	/** A sentence or two of `text`, for lists. */
	summary: string;
	/** What it is about, searched with the text: the description of a result's task. */
	about: string;
	/** The run that stored it. */
	runId: string | undefined;
	/** When it was stored (milliseconds since the epoch). */
	createdAt: number;
	/** When it was stored or last seen again (an entity mentioned again); recency counts from here. */
	updatedAt: number;
	/** The embedder whose vector of it is stored, when one is. */
	embeddingModel: string | undefined;
}

/** A memory to store. */
export interface NewMemory {
	crew: string;
	agent?: string | undefined;
	kind: MemoryKind;
	subject?: string | undefined;
	text: string;
	/** Default: the leading sentences of `text`. */
	summary?: string | undefined;
	about?: string | undefined;
	runId?: string | undefined;
	/** Default: now. */
	at?: number | undefined;
}

/**
 * Which memories an operation sees. With `agent`, that agent's memories and those of the
 * whole crew (stored without an agent); without it, all of the crew's.
 */
export interface MemoryFilter {
	/** Absent: every crew (the CLI's list and search). */
	crew?: string | undefined;
	agent?: string | undefined;
	kinds?: readonly MemoryKind[] | undefined;
	/** Leave out what this run stored: its tasks already see each other's outputs as context. */
	excludeRun?: string | undefined;
}
