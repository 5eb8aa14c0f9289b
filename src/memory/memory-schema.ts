import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import { DatabaseSync } from "node:sqlite";
import { ConfigError } from "../errors.ts";
import { inTransaction } from "../store/in-transaction.ts";

/** Bumped when the tables change. Memories are not a cache: a newer file is never rebuilt. */
const schemaVersion = 1;

/**
 * `memories` holds the rows; `memory_text` is an FTS5 index over their text, subject and
 * what they are about, kept in step by triggers (an external-content table, so the text is
 * stored once). Vectors are little-endian float32 BLOBs tagged with the embedder's id.
 */
const schema = `
	CREATE TABLE memories (
		id INTEGER PRIMARY KEY,
		crew TEXT NOT NULL,
		agent TEXT,
		kind TEXT NOT NULL,
		subject TEXT,
		text TEXT NOT NULL,
		summary TEXT NOT NULL,
		about TEXT NOT NULL DEFAULT '',
		run_id TEXT,
		created_at INTEGER NOT NULL,
		updated_at INTEGER NOT NULL,
		embedding BLOB,
		embedding_model TEXT
	) STRICT;
	CREATE INDEX memories_by_scope ON memories (crew, agent, kind);
	CREATE VIRTUAL TABLE memory_text USING fts5 (
		text, subject, about,
		content = 'memories', content_rowid = 'id',
		tokenize = 'porter unicode61 remove_diacritics 2'
	);
	CREATE TRIGGER memories_insert AFTER INSERT ON memories BEGIN
		INSERT INTO memory_text (rowid, text, subject, about) VALUES (new.id, new.text, new.subject, new.about);
	END;
	CREATE TRIGGER memories_delete AFTER DELETE ON memories BEGIN
		INSERT INTO memory_text (memory_text, rowid, text, subject, about)
			VALUES ('delete', old.id, old.text, old.subject, old.about);
	END;
	CREATE TRIGGER memories_update AFTER UPDATE OF text, subject, about ON memories BEGIN
		INSERT INTO memory_text (memory_text, rowid, text, subject, about)
			VALUES ('delete', old.id, old.text, old.subject, old.about);
		INSERT INTO memory_text (rowid, text, subject, about) VALUES (new.id, new.text, new.subject, new.about);
	END;
	PRAGMA user_version = ${schemaVersion};
`;

/** Opens (or creates) a memory database; `':memory:'` keeps it in memory. */
export function openMemoryDatabase(path: string): DatabaseSync {
	let database: DatabaseSync | undefined;
	try {
		if (path !== ":memory:") mkdirSync(dirname(path), { recursive: true });
		database = new DatabaseSync(path);
		if (path !== ":memory:") {
			database.exec(
				"PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA busy_timeout = 5000;",
			);
		}
		const version = Number(database.prepare("PRAGMA user_version").get()?.user_version ?? 0);
		if (version === 0) {
			createTables(database);
		} else if (version !== schemaVersion) {
			throw new Error(`it has schema version ${version}; this crewkit reads ${schemaVersion}`);
		}
		return database;
	} catch (error) {
		database?.close();
		const reason = error instanceof Error ? error.message : String(error);
		throw new ConfigError(
			`Memory store '${path}' could not be opened (${reason}). Use another file (memory: { path }), or move this one away`,
			undefined,
			{ cause: error },
		);
	}
}

/** Creates the tables of a new memory file, all or none. */
function createTables(database: DatabaseSync): void {
	inTransaction(database, () => database.exec(schema));
}
