import type { DatabaseSync, SQLInputValue } from "node:sqlite";
import { toFtsQuery } from "../sources/fts-query.ts";
import { inTransaction } from "../store/in-transaction.ts";
import { createRedactor } from "../store/redact-secrets.ts";
import type { MemoryFilter, MemoryKind, MemoryRecord, NewMemory } from "./memory-record.ts";
import { openMemoryDatabase } from "./memory-schema.ts";
import { summarizeText } from "./summarize-text.ts";
import { blobToVector, vectorToBlob } from "./vectors.ts";

/** A memory that matched a keyword search, with its BM25 relevance (higher is better). */
export interface MemoryMatch {
	memory: MemoryRecord;
	/** `-bm25()`: positive, comparable only within one search. */
	relevance: number;
}

/**
 * Where memories live. The default is SQLite (`openMemoryStore`); recall and the CLI only
 * use this contract.
 */
export interface MemoryStore {
	/**
	 * Stores a memory and returns it. An `entity` with the subject of one the crew already
	 * has (any case) replaces that one's text and counts as seen now.
	 */
	add(memory: NewMemory): MemoryRecord;
	get(id: number): MemoryRecord | undefined;
	/** Memories newest first (by when last seen). */
	list(filter?: MemoryFilter & { limit?: number }): MemoryRecord[];
	/** Memories matching any word of `query` (FTS5, BM25), best first; any text is a valid query. */
	search(query: string, filter?: MemoryFilter & { limit?: number }): MemoryMatch[];
	/** Deletes one memory; `false` when there is none with that id. */
	forget(id: number): boolean;
	/** Deletes every memory, or every memory of one crew; returns how many. */
	reset(filter?: { crew?: string | undefined }): number;
	/** Stores the vector of a memory made by the embedder `model`. */
	setEmbedding(id: number, model: string, vector: Float32Array): void;
	/** The memories with a vector of `model`, and those vectors. */
	embeddings(
		model: string,
		filter?: MemoryFilter,
	): Array<{ memory: MemoryRecord; vector: Float32Array }>;
	/** Memories without a vector of `model` (none yet, or another model's), oldest first. */
	withoutEmbedding(model: string, filter?: MemoryFilter & { limit?: number }): MemoryRecord[];
	/** The crews that have memories, with how many each. */
	crews(): Array<{ crew: string; memories: number }>;
	close(): void;
}

export interface MemoryStoreOptions {
	/** Secrets named in this environment are redacted before anything is written (default `process.env`). */
	env?: Record<string, string | undefined>;
	/** The clock (milliseconds), for tests. */
	now?: () => number;
}

const columns =
	"m.id, m.crew, m.agent, m.kind, m.subject, m.text, m.summary, m.about, m.run_id, m.created_at, m.updated_at, m.embedding_model";

/**
 * Opens (or creates) the SQLite memory store at `path` (`.crewkit/memory.db` by default in
 * the CLI and for `memory: true`), or in memory with `':memory:'`. Secrets are redacted on
 * write, as in the run store.
 *
 * @example
 * const memory = openMemoryStore(".crewkit/memory.db");
 * memory.add({ crew: "research", kind: "preference", text: "Use British spelling." });
 * memory.search("spelling", { crew: "research" });
 */
export function openMemoryStore(path: string, options: MemoryStoreOptions = {}): MemoryStore {
	const database = openMemoryDatabase(path);
	const redact = createRedactor(options.env);
	const now = options.now ?? Date.now;
	const statements = prepareStatements(database);

	const get = (id: number) => {
		const row = statements.get.get(id);
		return row ? toRecord(row) : undefined;
	};

	return {
		add(memory) {
			const text = redact(memory.text);
			const summary = redact(memory.summary ?? summarizeText(memory.text));
			const about = redact(memory.about ?? "");
			const subject = memory.subject === undefined ? null : redact(memory.subject);
			const at = memory.at ?? now();
			const agent = memory.agent ?? null;
			const runId = memory.runId ?? null;
			return inTransaction(database, () => {
				if (memory.kind === "entity" && subject !== null) {
					const existing = statements.findEntity.get(memory.crew, agent, subject);
					if (existing) {
						const id = Number(existing.id);
						statements.updateEntity.run(subject, text, summary, about, runId, at, id);
						return get(id) as MemoryRecord;
					}
				}
				const id = Number(
					statements.insert.run(
						memory.crew,
						agent,
						memory.kind,
						subject,
						text,
						summary,
						about,
						runId,
						at,
						at,
					).lastInsertRowid,
				);
				return get(id) as MemoryRecord;
			});
		},

		get,

		list(filter = {}) {
			const where = conditions(filter);
			const rows = database
				.prepare(
					`SELECT ${columns} FROM memories m ${where.sql} ORDER BY m.updated_at DESC, m.id DESC LIMIT ?`,
				)
				.all(...where.values, limitOf(filter.limit, 50));
			return rows.map(toRecord);
		},

		search(query, filter = {}) {
			const match = toFtsQuery(query);
			if (match === undefined) return [];
			const where = conditions(filter, "memory_text MATCH ?");
			const rows = database
				.prepare(
					`SELECT ${columns}, bm25(memory_text, 1.0, 1.0, 0.5) AS rank
					FROM memory_text JOIN memories m ON m.id = memory_text.rowid
					${where.sql} ORDER BY rank, m.id DESC LIMIT ?`,
				)
				.all(match, ...where.values, limitOf(filter.limit, 20));
			return rows.map((row) => ({ memory: toRecord(row), relevance: -Number(row.rank) }));
		},

		forget(id) {
			return Number(statements.delete.run(id).changes) > 0;
		},

		reset(filter = {}) {
			return inTransaction(database, () =>
				Number(
					(filter.crew === undefined
						? statements.deleteAll.run()
						: statements.deleteCrew.run(filter.crew)
					).changes,
				),
			);
		},

		setEmbedding(id, model, vector) {
			statements.setEmbedding.run(vectorToBlob(vector), model, id);
		},

		embeddings(model, filter = {}) {
			const where = conditions(filter, "m.embedding_model = ?");
			const rows = database
				.prepare(`SELECT ${columns}, m.embedding FROM memories m ${where.sql}`)
				.all(model, ...where.values);
			return rows.map((row) => ({
				memory: toRecord(row),
				vector: blobToVector(row.embedding as Uint8Array),
			}));
		},

		withoutEmbedding(model, filter = {}) {
			const where = conditions(filter, "(m.embedding_model IS NULL OR m.embedding_model != ?)");
			const rows = database
				.prepare(`SELECT ${columns} FROM memories m ${where.sql} ORDER BY m.id LIMIT ?`)
				.all(model, ...where.values, limitOf(filter.limit, 100));
			return rows.map(toRecord);
		},

		crews() {
			return statements.crews
				.all()
				.map((row) => ({ crew: String(row.crew), memories: Number(row.memories) }));
		},

		close() {
			database.close();
		},
	};
}

function prepareStatements(database: DatabaseSync) {
	return {
		insert: database.prepare(
			"INSERT INTO memories (crew, agent, kind, subject, text, summary, about, run_id, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
		),
		findEntity: database.prepare(
			"SELECT id FROM memories WHERE crew = ? AND agent IS ? AND kind = 'entity' AND subject = ? COLLATE NOCASE LIMIT 1",
		),
		updateEntity: database.prepare(
			"UPDATE memories SET subject = ?, text = ?, summary = ?, about = ?, run_id = ?, updated_at = ?, embedding = NULL, embedding_model = NULL WHERE id = ?",
		),
		get: database.prepare(`SELECT ${columns} FROM memories m WHERE m.id = ?`),
		delete: database.prepare("DELETE FROM memories WHERE id = ?"),
		deleteAll: database.prepare("DELETE FROM memories"),
		deleteCrew: database.prepare("DELETE FROM memories WHERE crew = ?"),
		setEmbedding: database.prepare(
			"UPDATE memories SET embedding = ?, embedding_model = ? WHERE id = ?",
		),
		crews: database.prepare(
			"SELECT crew, count(*) AS memories FROM memories GROUP BY crew ORDER BY crew",
		),
	};
}

/** The WHERE clause of a filter, after `first` (a condition whose value the caller binds first). */
function conditions(
	filter: MemoryFilter,
	first?: string,
): { sql: string; values: SQLInputValue[] } {
	const parts: string[] = first ? [first] : [];
	const values: SQLInputValue[] = [];
	if (filter.crew !== undefined) {
		parts.push("m.crew = ?");
		values.push(filter.crew);
	}
	if (filter.agent !== undefined) {
		parts.push("(m.agent IS NULL OR m.agent = ?)");
		values.push(filter.agent);
	}
	if (filter.kinds !== undefined) {
		parts.push(`m.kind IN (${filter.kinds.map(() => "?").join(", ") || "NULL"})`);
		values.push(...filter.kinds);
	}
	if (filter.excludeRun !== undefined) {
		parts.push("(m.run_id IS NULL OR m.run_id != ?)");
		values.push(filter.excludeRun);
	}
	return { sql: parts.length ? `WHERE ${parts.join(" AND ")}` : "", values };
}

function limitOf(limit: number | undefined, fallback: number): number {
	return Math.min(Math.max(Math.trunc(limit ?? fallback), 1), 10_000);
}

function toRecord(row: Record<string, SQLInputValue>): MemoryRecord {
	const optional = (value: SQLInputValue) => (value === null ? undefined : String(value));
	return {
		id: Number(row.id),
		crew: String(row.crew),
		agent: optional(row.agent ?? null),
		kind: String(row.kind) as MemoryKind,
		subject: optional(row.subject ?? null),
		text: String(row.text),
		summary: String(row.summary),
		about: String(row.about),
		runId: optional(row.run_id ?? null),
		createdAt: Number(row.created_at),
		updatedAt: Number(row.updated_at),
		embeddingModel: optional(row.embedding_model ?? null),
	};
}
