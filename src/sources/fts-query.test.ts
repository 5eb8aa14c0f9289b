import assert from "node:assert/strict";
import { DatabaseSync } from "node:sqlite";
import { test } from "node:test";
import fc from "fast-check";
import { toFtsQuery } from "./fts-query.ts";

function createTable() {
	const database = new DatabaseSync(":memory:");
	database.exec(
		"CREATE VIRTUAL TABLE t USING fts5(text, tokenize = 'porter unicode61 remove_diacritics 2')",
	);
	const insert = database.prepare("INSERT INTO t (text) VALUES (?)");
	for (const text of [
		"Retry with backoff after a 429 answer.",
		"Cats AND dogs (and birds) live here.",
		"Ein Café in Zürich serves crème brûlée.",
		"東京 is a city; Ελληνικά is a language.",
		'She said "hello world" twice.',
	]) {
		insert.run(text);
	}
	const search = database.prepare("SELECT text FROM t WHERE t MATCH ? ORDER BY bm25(t)");
	return (query: string) => {
		const match = toFtsQuery(query);
		return match === undefined ? [] : search.all(match).map((row) => String(row.text));
	};
}

test("quotes every term and joins them with OR", () => {
	assert.equal(toFtsQuery("retry backoff"), '"retry" OR "backoff"');
	assert.equal(
		toFtsQuery('retry AND "back off" (429)'),
		'"retry" OR "AND" OR "back off" OR "(429)"',
	);
	assert.equal(toFtsQuery("  "), undefined);
	assert.equal(toFtsQuery("*** - ( ) \" '"), undefined);
	assert.equal(toFtsQuery("Retry retry RETRY"), '"Retry"');
});

test("operators and punctuation are searched as words, never as syntax", () => {
	const search = createTable();
	assert.equal(search("retries")[0], "Retry with backoff after a 429 answer.");
	assert.equal(search("cats AND")[0], "Cats AND dogs (and birds) live here.");
	assert.equal(search("(birds)")[0], "Cats AND dogs (and birds) live here.");
	assert.equal(search("NOT dogs")[0], "Cats AND dogs (and birds) live here.");
	assert.equal(
		search("retry* -backoff NEAR(x y) col:value ^start")[0],
		"Retry with backoff after a 429 answer.",
	);
	assert.equal(search('"hello world"')[0], 'She said "hello world" twice.');
	assert.equal(search('unbalanced "hello')[0], 'She said "hello world" twice.');
	assert.equal(search('say ""hello"" ok')[0], 'She said "hello world" twice.');
});

test("unicode terms match, accents folded", () => {
	const search = createTable();
	assert.equal(search("cafe zurich")[0], "Ein Café in Zürich serves crème brûlée.");
	assert.equal(search("Ελληνικά")[0], "東京 is a city; Ελληνικά is a language.");
	assert.equal(search("東京")[0], "東京 is a city; Ελληνικά is a language.");
});

test("keeps at most 32 terms", () => {
	const query = toFtsQuery(Array.from({ length: 50 }, (_, index) => `term${index}`).join(" "));
	assert.equal(query?.split(" OR ").length, 32);
});

test("property: no text makes the query fail", () => {
	const search = createTable();
	const pieces = fc.constantFrom(
		'"',
		"*",
		"-",
		"(",
		")",
		"AND",
		"OR",
		"NOT",
		"NEAR",
		":",
		"^",
		"+",
		"{",
		"}",
		" ",
		"\0",
		"é",
		"東",
		"x",
	);
	const text = fc.oneof(
		fc.string({ unit: "binary" }),
		fc.array(pieces).map((parts) => parts.join("")),
	);
	fc.assert(
		fc.property(text, (query) => {
			search(query);
		}),
		{ numRuns: 1000, seed: 7 },
	);
});
