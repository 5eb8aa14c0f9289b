import assert from "node:assert/strict";
import { DatabaseSync } from "node:sqlite";
import { test } from "node:test";
import { inTransaction } from "./in-transaction.ts";

test("work is committed when it returns and rolled back when it throws, the error rethrown", () => {
	const database = new DatabaseSync(":memory:");
	database.exec("CREATE TABLE notes (text TEXT)");
	const count = () =>
		(database.prepare("SELECT COUNT(*) AS n FROM notes").get() as { n: number }).n;
	const insert = database.prepare("INSERT INTO notes (text) VALUES (?)");
	assert.equal(
		inTransaction(database, () => insert.run("kept").changes),
		1,
	);
	assert.equal(count(), 1);
	const failure = new Error("disk full");
	assert.throws(
		() =>
			inTransaction(database, () => {
				insert.run("dropped");
				throw failure;
			}),
		(error) => error === failure,
	);
	assert.equal(count(), 1, "the half-done work is rolled back");
	assert.equal(database.isTransaction, false);
	assert.equal(
		inTransaction(database, () => count()),
		1,
		"the next transaction starts cleanly",
	);
	database.close();
});
