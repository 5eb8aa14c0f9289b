import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import { DatabaseSync } from "node:sqlite";
import { ConfigError } from "../errors.ts";
import { inTransaction } from "../store/in-transaction.ts";
import type { Chunk } from "./chunk-text.ts";

/** Bumped when the tables change; an index of another version is rebuilt from scratch. */
const schemaVersion = 1;

const schema = `
	CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT NOT NULL) STRICT;
	CREATE TABLE documents (
		id INTEGER PRIMARY KEY,
		path TEXT NOT NULL UNIQUE,
		title TEXT NOT NULL,
		format TEXT NOT NULL,
		size INTEGER NOT NULL,
		mtime_ns INTEGER NOT NULL,
		sha256 TEXT NOT NULL,
		checked_at_ns INTEGER NOT NULL,
		chunk_count INTEGER NOT NULL
	) STRICT;
	CREATE TABLE chunks (
		id INTEGER PRIMARY KEY,
		document_id INTEGER NOT NULL REFERENCES documents (id),
		position INTEGER NOT NULL
	) STRICT;
	CREATE INDEX chunks_by_document ON chunks (document_id);
	CREATE VIRTUAL TABLE chunk_text USING fts5 (
		text, title, location,
		tokenize = 'porter unicode61 remove_diacritics 2'
	);
	PRAGMA user_version = ${schemaVersion};
`;

/** What the index knows of a file from its last ingest. */
export interface KnownFile {
	documentId: number;
	size: number;
	mtimeNs: bigint;
	sha256: string;
	/** When the file was last stat'ed for indexing (ns since the epoch). */
	checkedAtNs: bigint;
}

/** A document to write: new (no `documentId`) or replacing the one with that id. */
export interface DocumentRecord {
	documentId: number | undefined;
	path: string;
	title: string;
	format: string;
	size: number;
	mtimeNs: bigint;
	sha256: string;
	checkedAtNs: bigint;
	chunks: readonly Chunk[];
}

/** A chunk's text and where it comes from, as a search shows it. */
export interface ChunkDetails {
	path: string;
	title: string;
	location: string | undefined;
	text: string;
	snippet: string;
}

/** The source index's tables, behind typed operations; every write is one transaction. */
export interface SourceIndexStore {
	/** The indexed files whose path `includes` accepts, by path. */
	knownFiles(includes: (path: string) => boolean): Map<string, KnownFile>;
	writeDocuments(records: readonly DocumentRecord[]): void;
	/** Records a new modification time for a file whose content did not change. */
	touchDocument(documentId: number, mtimeNs: bigint, checkedAtNs: bigint): void;
	removeDocuments(documentIds: readonly number[]): void;
	/** The ids and BM25 ranks (lower is better) of the best chunks for an FTS5 query. */
	topChunks(match: string, limit: number): Array<{ id: number; rank: number }>;
	chunkDetails(match: string, chunkId: number): ChunkDetails | undefined;
	/** How many chunks match, counting no further than `limit`. */
	countMatches(match: string, limit: number): number;
	counts(): { documents: number; chunks: number };
	close(): void;
}

/**
 * Opens the SQLite file of a source index (or `':memory:'`) and makes its tables current.
 * The index is a cache of the files it was built from, so an index of another schema
 * version, or built with other `settings` (how documents are chunked), is emptied and
 * filled again by the next ingest.
 */
export function openSourceIndexStore(path: string, settings: string): SourceIndexStore {
	const database = openDatabase(path, settings);
	const statements = prepareStatements(database);
	const deleteChunksOf = (documentId: number) => {
		statements.deleteChunkText.run(documentId);
		statements.deleteChunks.run(documentId);
	};
	return {
		knownFiles(includes) {
			const known = new Map<string, KnownFile>();
			for (const row of statements.selectDocuments.all()) {
				const path = String(row.path);
				if (!includes(path)) continue;
				known.set(path, {
					documentId: Number(row.id),
					size: Number(row.size),
					mtimeNs: BigInt(row.mtime_ns as bigint),
					sha256: String(row.sha256),
					checkedAtNs: BigInt(row.checked_at_ns as bigint),
				});
			}
			return known;
		},
		writeDocuments(records) {
			if (records.length === 0) return;
			inTransaction(database, () => {
				for (const record of records) {
					const { title, format, size, mtimeNs, sha256, checkedAtNs, chunks } = record;
					const values = [
						title,
						format,
						size,
						mtimeNs,
						sha256,
						checkedAtNs,
						chunks.length,
					] as const;
					let documentId = record.documentId;
					if (documentId === undefined) {
						const inserted = statements.insertDocument.run(record.path, ...values);
						documentId = Number(inserted.lastInsertRowid);
					} else {
						deleteChunksOf(documentId);
						statements.updateDocument.run(...values, documentId);
					}
					for (const [position, chunk] of chunks.entries()) {
						const chunkId = BigInt(
							statements.insertChunk.run(documentId, position).lastInsertRowid,
						);
						statements.insertChunkText.run(chunkId, chunk.text, title, chunk.location ?? null);
					}
				}
			});
		},
		touchDocument(documentId, mtimeNs, checkedAtNs) {
			statements.touchDocument.run(mtimeNs, checkedAtNs, documentId);
		},
		removeDocuments(documentIds) {
			if (documentIds.length === 0) return;
			inTransaction(database, () => {
				for (const documentId of documentIds) {
					deleteChunksOf(documentId);
					statements.deleteDocument.run(documentId);
				}
			});
		},
		topChunks(match, limit) {
			return statements.topChunks
				.all(match, limit)
				.map((row) => ({ id: Number(row.id), rank: Number(row.rank) }));
		},
		chunkDetails(match, chunkId) {
			// node:sqlite binds JS numbers as REAL, and FTS5 ignores a REAL rowid bound (it
			// would return every match): the id goes as a BigInt.
			const row = statements.chunkDetails.get(match, BigInt(chunkId));
			if (!row) return undefined;
			return {
				path: String(row.path),
				title: String(row.title),
				location: typeof row.location === "string" ? row.location : undefined,
				text: String(row.text),
				snippet: String(row.snippet),
			};
		},
		countMatches(match, limit) {
			return Number(statements.countMatches.get(match, limit)?.count ?? 0);
		},
		counts() {
			const row = statements.counts.get();
			return { documents: Number(row?.documents ?? 0), chunks: Number(row?.chunks ?? 0) };
		},
		close() {
			database.close();
		},
	};
}

function openDatabase(path: string, settings: string): DatabaseSync {
	let database: DatabaseSync | undefined;
	try {
		// A fresh folder, or --store elsewhere, has no .crewkit/ yet: make it, as the run store does.
		if (path !== ":memory:") mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
		database = new DatabaseSync(path);
		if (path !== ":memory:") {
			database.exec("PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL;");
		}
		makeCurrent(database, settings);
		return database;
	} catch (error) {
		database?.close();
		const reason = error instanceof Error ? error.message : String(error);
		throw new ConfigError(
			`Source index '${path}' could not be opened (${reason}). Delete the file to rebuild the index.`,
			undefined,
			{ cause: error },
		);
	}
}

/** Recreates the tables of another schema version; empties them when `settings` changed. */
function makeCurrent(database: DatabaseSync, settings: string): void {
	const version = Number(database.prepare("PRAGMA user_version").get()?.user_version ?? 0);
	if (version !== schemaVersion) {
		inTransaction(database, () => {
			for (const table of ["chunk_text", "chunks", "documents", "settings"]) {
				database.exec(`DROP TABLE IF EXISTS ${table}`);
			}
			database.exec(schema);
		});
	}
	const stored = database.prepare("SELECT value FROM settings WHERE key = 'chunking'").get();
	if (stored?.value !== settings) {
		inTransaction(database, () => {
			database.exec("DELETE FROM chunk_text; DELETE FROM chunks; DELETE FROM documents;");
			database
				.prepare("INSERT OR REPLACE INTO settings (key, value) VALUES ('chunking', ?)")
				.run(settings);
		});
	}
}

function prepareStatements(database: DatabaseSync) {
	const selectDocuments = database.prepare(
		"SELECT id, path, size, mtime_ns, sha256, checked_at_ns FROM documents",
	);
	selectDocuments.setReadBigInts(true);
	return {
		selectDocuments,
		insertDocument: database.prepare(
			"INSERT INTO documents (path, title, format, size, mtime_ns, sha256, checked_at_ns, chunk_count) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
		),
		updateDocument: database.prepare(
			"UPDATE documents SET title = ?, format = ?, size = ?, mtime_ns = ?, sha256 = ?, checked_at_ns = ?, chunk_count = ? WHERE id = ?",
		),
		touchDocument: database.prepare(
			"UPDATE documents SET mtime_ns = ?, checked_at_ns = ? WHERE id = ?",
		),
		deleteDocument: database.prepare("DELETE FROM documents WHERE id = ?"),
		insertChunk: database.prepare("INSERT INTO chunks (document_id, position) VALUES (?, ?)"),
		deleteChunks: database.prepare("DELETE FROM chunks WHERE document_id = ?"),
		insertChunkText: database.prepare(
			"INSERT INTO chunk_text (rowid, text, title, location) VALUES (?, ?, ?, ?)",
		),
		deleteChunkText: database.prepare(
			"DELETE FROM chunk_text WHERE rowid IN (SELECT id FROM chunks WHERE document_id = ?)",
		),
		// The best chunks first, then the details of those few: joining and making snippets
		// for every match before sorting would cost more than the ranking itself.
		topChunks: database.prepare(`
			SELECT rowid AS id, bm25(chunk_text, 1.0, 1.5, 1.5) AS rank FROM chunk_text
			WHERE chunk_text MATCH ? ORDER BY rank, rowid LIMIT ?`),
		chunkDetails: database.prepare(`
			SELECT documents.path, documents.title, chunk_text.location, chunk_text.text,
				snippet(chunk_text, 0, '**', '**', '…', 24) AS snippet
			FROM chunk_text
			JOIN chunks ON chunks.id = chunk_text.rowid
			JOIN documents ON documents.id = chunks.document_id
			WHERE chunk_text MATCH ? AND chunk_text.rowid = ?`),
		countMatches: database.prepare(
			"SELECT count(*) AS count FROM (SELECT 1 FROM chunk_text WHERE chunk_text MATCH ? LIMIT ?)",
		),
		counts: database.prepare(
			"SELECT (SELECT count(*) FROM documents) AS documents, (SELECT count(*) FROM chunks) AS chunks",
		),
	};
}
