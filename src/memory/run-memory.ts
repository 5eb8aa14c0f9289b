import { join } from "node:path";
import type { RecalledMemory } from "../agent/prompts.ts";
import type { Embedder } from "./embedder.ts";
import { extractEntities } from "./extract-entities.ts";
import { type MemoryOptions, resolveMemoryOptions } from "./memory-options.ts";
import type { MemoryFilter, MemoryRecord } from "./memory-record.ts";
import { type MemoryStore, openMemoryStore } from "./memory-store.ts";
import { embeddingText, recallMemories } from "./recall-memories.ts";
import { type ResolveEmbedderOptions, resolveEmbedder } from "./resolve-embedder.ts";
import { excerptFor } from "./summarize-text.ts";

/** A task as memory sees it: who does it and what it asks (placeholders filled). */
export interface MemoryTask {
	name: string;
	agent: string;
	description: string;
}

/** A crew's memory during one run. */
export interface RunMemory {
	/** What goes into the task's `<memory>` block: the scope's preferences, then the best recalled. */
	recall(task: MemoryTask, signal?: AbortSignal): Promise<RecalledMemory[]>;
	/** Stores a task's result, and the names it mentions as entities. */
	remember(task: MemoryTask, result: string): Promise<void>;
	/** Closes the store (unless it was given open) and releases the embedder. */
	close(): Promise<void>;
}

export interface RunMemoryContext {
	crew: string;
	runId: string;
	/** Where `.crewkit/memory.db` is by default. Default: the working directory. */
	cwd?: string;
	/** Secrets of this environment are redacted from what is stored. */
	env?: Record<string, string | undefined>;
	/** How an embedder given as a model string is resolved. */
	embedderOptions?: ResolveEmbedderOptions;
}

/** Preferences given to every task of their scope, newest first. */
const maxPreferences = 5;
/** Entities stored per result. */
const maxEntities = 8;
/** Characters of a result kept (the rest is cut): enough to find it again, bounded on disk. */
const maxStoredChars = 20_000;
/** Characters of a memory shown in a prompt. */
const maxShownChars = 300;

/** Opens the memory of one run of `context.crew`. */
export async function openRunMemory(
	options: MemoryOptions,
	context: RunMemoryContext,
): Promise<RunMemory> {
	const settings = resolveMemoryOptions(options);
	const store: MemoryStore =
		settings.store ??
		openMemoryStore(settings.path ?? join(context.cwd ?? process.cwd(), ".crewkit", "memory.db"), {
			...(context.env ? { env: context.env } : {}),
			now: settings.now,
		});
	let embedder: { embedder: Embedder; dispose(): Promise<void> } | undefined;
	try {
		embedder = settings.embedder
			? await resolveEmbedder(settings.embedder, context.embedderOptions)
			: undefined;
	} catch (error) {
		if (!settings.store) store.close();
		throw error;
	}
	const scopeOf = (task: MemoryTask): MemoryFilter => ({
		crew: context.crew,
		...(settings.scope === "agent" ? { agent: task.agent } : {}),
	});

	return {
		async recall(task, signal) {
			const scope = scopeOf(task);
			const preferences = store.list({ ...scope, kinds: ["preference"], limit: maxPreferences });
			const recalled = await recallMemories(
				store,
				task.description,
				{ ...scope, kinds: ["result", "entity", "note"], excludeRun: context.runId },
				{
					limit: settings.limit,
					minRelevance: settings.minRelevance,
					halfLifeDays: settings.halfLifeDays,
					recencyWeight: settings.recencyWeight,
					embedder: embedder?.embedder,
					now: settings.now(),
					signal,
				},
			);
			const shown: RecalledMemory[] = preferences.map((memory) => ({
				date: dateOf(memory),
				from: "preference",
				text: excerptFor(memory.text, "", maxShownChars),
			}));
			for (const { memory } of recalled) {
				const text = excerptFor(memory.text, task.description, maxShownChars);
				// An entity's sentence already shown in a result's excerpt adds nothing.
				const core =
					memory.kind === "entity" && memory.subject && text.startsWith(`${memory.subject}: `)
						? text.slice(memory.subject.length + 2)
						: text;
				if (shown.some((earlier) => earlier.text.includes(core))) continue;
				shown.push({ date: dateOf(memory), from: sourceOf(memory), text });
			}
			return shown;
		},

		async remember(task, result) {
			const text = result.trim();
			if (!text) return;
			const stored = [
				store.add({
					crew: context.crew,
					agent: task.agent,
					kind: "result",
					subject: task.name,
					text: text.slice(0, maxStoredChars),
					about: task.description,
					runId: context.runId,
				}),
			];
			if (settings.entities) {
				for (const entity of extractEntities(text, maxEntities)) {
					stored.push(
						store.add({
							crew: context.crew,
							kind: "entity",
							subject: entity.name,
							text: `${entity.name}: ${entity.sentence}`.slice(0, maxShownChars),
							runId: context.runId,
						}),
					);
				}
			}
			if (!embedder) return;
			const vectors = await embedder.embedder.embed(stored.map(embeddingText));
			for (const [index, memory] of stored.entries()) {
				const vector = vectors[index];
				if (vector) store.setEmbedding(memory.id, embedder.embedder.id, vector);
			}
		},

		async close() {
			await embedder?.dispose();
			if (!settings.store) store.close();
		},
	};
}

function dateOf(memory: MemoryRecord): string {
	return new Date(memory.updatedAt).toISOString().slice(0, 10);
}

/** How a memory's origin is shown: the task of a result, else its kind. */
function sourceOf(memory: MemoryRecord): string {
	return memory.kind === "result" ? (memory.subject ?? "result") : memory.kind;
}
