import type { DatabaseSync } from "node:sqlite";

/**
 * Runs `work` in one write transaction (`BEGIN IMMEDIATE`): committed when it returns,
 * rolled back when it throws (the error is rethrown).
 */
export function inTransaction<T>(database: DatabaseSync, work: () => T): T {
	database.exec("BEGIN IMMEDIATE");
	try {
		const result = work();
		database.exec("COMMIT");
		return result;
	} catch (error) {
		if (database.isTransaction) database.exec("ROLLBACK");
		throw error;
	}
}
