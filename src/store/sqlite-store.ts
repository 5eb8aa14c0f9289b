import { chmodSync, closeSync, mkdirSync, openSync } from "node:fs";
import { dirname } from "node:path";
import { DatabaseSync } from "node:sqlite";
import type { TaskOutput } from "../crew/task.ts";
import type { CrewEvent } from "../events.ts";
import { inTransaction } from "./in-transaction.ts";
import { createRedactor, redactValue } from "./redact-secrets.ts";
import type { RunRecord, RunStatus, RunStore, StoredEvent, ToolCallRow } from "./run-store.ts";

const schema = `
CREATE TABLE IF NOT EXISTS runs (
	id TEXT PRIMARY KEY, crew TEXT NOT NULL, status TEXT NOT NULL, inputs TEXT NOT NULL,
	definition TEXT NOT NULL, created_at INTEGER NOT NULL, updated_at INTEGER NOT NULL,
	ended_at INTEGER, error TEXT, input_tokens INTEGER NOT NULL DEFAULT 0,
	output_tokens INTEGER NOT NULL DEFAULT 0, pid INTEGER, parent_run TEXT, next_seq INTEGER NOT NULL DEFAULT 1
);
CREATE TABLE IF NOT EXISTS tasks (
	run_id TEXT NOT NULL REFERENCES runs(id) ON DELETE CASCADE, position INTEGER NOT NULL,
	name TEXT NOT NULL, agent TEXT NOT NULL, output TEXT NOT NULL, value TEXT,
	input_tokens INTEGER NOT NULL, output_tokens INTEGER NOT NULL, duration_ms REAL NOT NULL,
	restored_from TEXT, ended_at INTEGER NOT NULL, PRIMARY KEY (run_id, name)
);
CREATE TABLE IF NOT EXISTS model_calls (
	id INTEGER PRIMARY KEY, run_id TEXT NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
	task TEXT NOT NULL, agent TEXT NOT NULL, model TEXT NOT NULL, prompt TEXT NOT NULL,
	response TEXT NOT NULL, input_tokens INTEGER NOT NULL, output_tokens INTEGER NOT NULL,
	duration_ms REAL NOT NULL, finish_reason TEXT NOT NULL, at INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS model_calls_run ON model_calls (run_id, task);
CREATE TABLE IF NOT EXISTS tool_calls (
	id INTEGER PRIMARY KEY, run_id TEXT NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
	task TEXT NOT NULL, agent TEXT NOT NULL, tool_call_id TEXT NOT NULL, tool_name TEXT NOT NULL,
	input TEXT NOT NULL, output TEXT, is_error INTEGER NOT NULL DEFAULT 0, at INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS tool_calls_run ON tool_calls (run_id, tool_call_id);
CREATE TABLE IF NOT EXISTS events (
	run_id TEXT NOT NULL REFERENCES runs(id) ON DELETE CASCADE, seq INTEGER NOT NULL,
	type TEXT NOT NULL, data TEXT NOT NULL, at INTEGER NOT NULL, PRIMARY KEY (run_id, seq)
);
`;

interface RunRow {
	id: string;
	crew: string;
	status: string;
	inputs: string;
	definition: string;
	created_at: number;
	updated_at: number;
	ended_at: number | null;
	error: string | null;
	input_tokens: number;
	output_tokens: number;
	pid: number | null;
	parent_run: string | null;
}

/**
 * Opens (or creates) the SQLite run store. WAL journal and one transaction per event:
 * a process killed at any point leaves a consistent store. Secrets are redacted on write.
 */
export function openRunStore(
	path: string,
	options: { env?: Record<string, string | undefined> } = {},
): RunStore {
	if (path !== ":memory:") createPrivately(path);
	const db = new DatabaseSync(path);
	// The busy timeout first: processes opening the same new store at once then wait for
	// each other instead of failing with "database is locked".
	db.exec("PRAGMA busy_timeout = 5000;");
	whileLocked(() =>
		db.exec("PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = ON;"),
	);
	whileLocked(() => db.exec(schema));
	whileLocked(() => addMissingColumns(db, "model_calls", modelCallColumns));
	const redact = createRedactor(options.env);
	const json = (value: unknown) => redact(JSON.stringify(value ?? null));

	const statements = {
		insertRun: db.prepare(
			"INSERT INTO runs (id, crew, status, inputs, definition, created_at, updated_at, pid, parent_run) VALUES (?, ?, 'running', ?, ?, ?, ?, ?, ?) " +
				"ON CONFLICT(id) DO UPDATE SET status = 'running', updated_at = excluded.updated_at, pid = excluded.pid, ended_at = NULL, error = NULL",
		),
		nextSeq: db.prepare(
			"UPDATE runs SET next_seq = next_seq + 1, updated_at = ? WHERE id = ? RETURNING next_seq - 1 AS seq",
		),
		insertEvent: db.prepare(
			"INSERT INTO events (run_id, seq, type, data, at) VALUES (?, ?, ?, ?, ?)",
		),
		insertTask: db.prepare(
			"INSERT OR REPLACE INTO tasks (run_id, position, name, agent, output, value, input_tokens, output_tokens, duration_ms, restored_from, ended_at) " +
				"VALUES (?, (SELECT COUNT(*) FROM tasks WHERE run_id = ? AND name != ?), ?, ?, ?, ?, ?, ?, ?, ?, ?)",
		),
		insertModelCall: db.prepare(
			"INSERT INTO model_calls (run_id, task, agent, model, prompt, response, input_tokens, output_tokens, duration_ms, finish_reason, at, cached_input_tokens, context_size, reserved_output_tokens) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
		),
		addUsage: db.prepare(
			"UPDATE runs SET input_tokens = input_tokens + ?, output_tokens = output_tokens + ? WHERE id = ?",
		),
		insertToolCall: db.prepare(
			"INSERT INTO tool_calls (run_id, task, agent, tool_call_id, tool_name, input, at) VALUES (?, ?, ?, ?, ?, ?, ?)",
		),
		finishToolCall: db.prepare(
			"UPDATE tool_calls SET output = ?, is_error = ? WHERE id = (SELECT MAX(id) FROM tool_calls WHERE run_id = ? AND tool_call_id = ?)",
		),
		endRun: db.prepare("UPDATE runs SET status = ?, ended_at = ?, error = ? WHERE id = ?"),
		getRun: db.prepare("SELECT * FROM runs WHERE id = ?"),
		tasks: db.prepare("SELECT * FROM tasks WHERE run_id = ? ORDER BY position"),
		modelCalls: db.prepare("SELECT * FROM model_calls WHERE run_id = ? ORDER BY id"),
		toolCalls: db.prepare("SELECT * FROM tool_calls WHERE run_id = ? ORDER BY id"),
		events: db.prepare("SELECT seq, data FROM events WHERE run_id = ? AND seq > ? ORDER BY seq"),
	};

	const store: RunStore = {
		createRun(run) {
			const now = Date.now();
			statements.insertRun.run(
				run.id,
				run.crew,
				json(run.inputs),
				json(run.definition),
				now,
				now,
				process.pid,
				run.parentRun ?? null,
			);
		},
		record(event) {
			const at = Date.now();
			let seq = 0;
			inTransaction(db, () => {
				const row = statements.nextSeq.get(at, event.runId) as { seq: number } | undefined;
				if (!row) throw new Error(`Run ${event.runId} is not in the store: call createRun first.`);
				seq = row.seq;
				statements.insertEvent.run(
					event.runId,
					row.seq,
					event.type,
					json(redactValue(event, redact)),
					at,
				);
				applyEvent(event, at);
			});
			return seq;
		},
		getRun(id) {
			const row = statements.getRun.get(id) as RunRow | undefined;
			return row ? toRunRecord(row) : undefined;
		},
		listRuns(options = {}) {
			const where: string[] = [];
			const values: Array<string | number> = [];
			const filter = (condition: string, ...parameters: Array<string | number>) => {
				where.push(condition);
				values.push(...parameters);
			};
			if (options.status) filter("status = ?", options.status);
			if (options.crew) filter("crew = ?", options.crew);
			if (options.since !== undefined) filter("created_at >= ?", options.since);
			if (options.idPrefix !== undefined)
				filter("substr(id, 1, ?) = ?", options.idPrefix.length, options.idPrefix);
			const rows = db
				.prepare(
					`SELECT * FROM runs ${where.length ? `WHERE ${where.join(" AND ")}` : ""} ORDER BY created_at DESC, id DESC LIMIT ?`,
				)
				.all(...values, options.limit ?? 50) as unknown as RunRow[];
			return rows.map(toRunRecord);
		},
		completedTasks(runId) {
			const calls = store.modelCalls(runId);
			return (statements.tasks.all(runId) as unknown as TaskRow[]).map((row): TaskOutput => {
				const taskCalls = calls
					.filter((call) => call.task === row.name)
					.map(({ task, agent, model, usage, durationMs, finishReason }) => ({
						task,
						agent,
						model,
						usage,
						durationMs,
						finishReason,
					}));
				return {
					task: row.name,
					agent: row.agent,
					raw: row.output,
					value: row.value === null ? undefined : JSON.parse(row.value),
					usage: usageOf(row),
					calls: taskCalls,
					durationMs: row.duration_ms,
				};
			});
		},
		modelCalls(runId) {
			return (statements.modelCalls.all(runId) as unknown as ModelCallDbRow[]).map((row) => ({
				id: row.id,
				task: row.task,
				agent: row.agent,
				model: row.model,
				prompt: JSON.parse(row.prompt),
				response: JSON.parse(row.response),
				usage:
					row.cached_input_tokens === null
						? usageOf(row)
						: { ...usageOf(row), cachedInputTokens: row.cached_input_tokens },
				durationMs: row.duration_ms,
				finishReason: row.finish_reason,
				at: row.at,
				...(row.context_size !== null && row.reserved_output_tokens !== null
					? {
							window: {
								contextSize: row.context_size,
								reservedOutputTokens: row.reserved_output_tokens,
							},
						}
					: {}),
			}));
		},
		toolCalls(runId) {
			return (statements.toolCalls.all(runId) as unknown as ToolCallDbRow[]).map(
				(row): ToolCallRow => ({
					id: row.id,
					task: row.task,
					agent: row.agent,
					toolCallId: row.tool_call_id,
					toolName: row.tool_name,
					input: JSON.parse(row.input),
					output: row.output === null ? undefined : JSON.parse(row.output),
					isError: row.is_error === 1,
					at: row.at,
				}),
			);
		},
		events(runId, afterSeq = 0) {
			return (statements.events.all(runId, afterSeq) as Array<{ seq: number; data: string }>).map(
				(row): StoredEvent => ({ seq: row.seq, event: JSON.parse(row.data) as CrewEvent }),
			);
		},
		close() {
			db.close();
		},
	};

	function applyEvent(event: CrewEvent, at: number): void {
		switch (event.type) {
			case "model-end":
				statements.insertModelCall.run(
					event.runId,
					event.task,
					event.agent,
					event.model,
					json(event.prompt),
					json(event.response),
					event.usage.inputTokens,
					event.usage.outputTokens,
					event.durationMs,
					event.finishReason,
					at,
					event.usage.cachedInputTokens ?? null,
					event.window?.contextSize ?? null,
					event.window?.reservedOutputTokens ?? null,
				);
				statements.addUsage.run(event.usage.inputTokens, event.usage.outputTokens, event.runId);
				break;
			case "tool-call":
				statements.insertToolCall.run(
					event.runId,
					event.task,
					event.agent,
					event.toolCallId,
					event.toolName,
					json(event.input),
					at,
				);
				break;
			case "tool-result":
				statements.finishToolCall.run(
					json(event.output),
					event.isError ? 1 : 0,
					event.runId,
					event.toolCallId,
				);
				break;
			case "task-end":
			case "task-restore": {
				const restoredFrom = event.type === "task-restore" ? event.fromRun : null;
				const durationMs = event.type === "task-end" ? event.durationMs : 0;
				const value =
					event.type === "task-end" && event.value !== undefined ? json(event.value) : null;
				statements.insertTask.run(
					event.runId,
					event.runId,
					event.task,
					event.task,
					event.agent,
					redact(event.output),
					value,
					event.usage.inputTokens,
					event.usage.outputTokens,
					durationMs,
					restoredFrom,
					at,
				);
				break;
			}
			case "run-end":
				statements.endRun.run(
					event.status,
					at,
					// Stryker disable next-line StringLiteral: unreachable fallback, the condition above ensures one is set
					(event.error ?? event.reason) ? redact(event.error ?? event.reason ?? "") : null,
					event.runId,
				);
				break;
			default:
				break;
		}
	}

	return store;
}

interface TaskRow {
	name: string;
	agent: string;
	output: string;
	value: string | null;
	input_tokens: number;
	output_tokens: number;
	duration_ms: number;
}

interface ModelCallDbRow {
	id: number;
	task: string;
	agent: string;
	model: string;
	prompt: string;
	response: string;
	input_tokens: number;
	output_tokens: number;
	duration_ms: number;
	finish_reason: string;
	at: number;
	cached_input_tokens: number | null;
	context_size: number | null;
	reserved_output_tokens: number | null;
}

/** Columns added to model_calls after its first release; older stores get them on open. */
const modelCallColumns = {
	cached_input_tokens: "INTEGER",
	context_size: "INTEGER",
	reserved_output_tokens: "INTEGER",
};

function addMissingColumns(db: DatabaseSync, table: string, columns: Record<string, string>): void {
	const present = new Set(
		(db.prepare(`PRAGMA table_info(${table})`).all() as Array<{ name: string }>).map(
			(column) => column.name,
		),
	);
	for (const [name, type] of Object.entries(columns)) {
		if (!present.has(name)) db.exec(`ALTER TABLE ${table} ADD COLUMN ${name} ${type}`);
	}
}

interface ToolCallDbRow {
	id: number;
	task: string;
	agent: string;
	tool_call_id: string;
	tool_name: string;
	input: string;
	output: string | null;
	is_error: number;
	at: number;
}

const usageOf = (row: { input_tokens: number; output_tokens: number }) => ({
	inputTokens: row.input_tokens,
	outputTokens: row.output_tokens,
	totalTokens: row.input_tokens + row.output_tokens,
});

function toRunRecord(row: RunRow): RunRecord {
	return {
		id: row.id,
		crew: row.crew,
		status: row.status as RunStatus,
		inputs: JSON.parse(row.inputs),
		definition: JSON.parse(row.definition),
		createdAt: row.created_at,
		updatedAt: row.updated_at,
		endedAt: row.ended_at ?? undefined,
		error: row.error ?? undefined,
		usage: usageOf(row),
		pid: row.pid ?? undefined,
		parentRun: row.parent_run ?? undefined,
	};
}

/**
 * Runs a set-up statement, retrying while another process holds the lock: switching a new
 * database to WAL does not wait on the busy timeout. Gives up after about five seconds.
 */
function whileLocked(work: () => void): void {
	for (let attempt = 0; ; attempt++) {
		try {
			work();
			return;
		} catch (error) {
			if (
				attempt >= 100 ||
				!/database is locked|SQLITE_BUSY/i.test(String((error as Error).message))
			)
				throw error;
			Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 50);
		}
	}
}

/**
 * Creates the store's folder (0700) and file (0600) before SQLite opens it: runs hold
 * prompts and outputs, and SQLite gives its -wal and -shm files the database file's
 * permissions. A store created by an older version is tightened the same way.
 */
function createPrivately(path: string): void {
	mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
	closeSync(openSync(path, "a", 0o600));
	for (const file of [path, `${path}-wal`, `${path}-shm`]) {
		try {
			chmodSync(file, 0o600);
		} catch {
			// Not there yet (SQLite creates it with the database's mode), or not ours to change.
		}
	}
}
