import assert from "node:assert/strict";
import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DatabaseSync } from "node:sqlite";
import { test } from "node:test";
import { ConfigError } from "../errors.ts";
import { openMemoryStore } from "./memory-store.ts";

const day = 86_400_000;

test("stores memories with a summary and lists them newest first, filtered by scope", () => {
	let now = 1_000 * day;
	const store = openMemoryStore(":memory:", { env: {}, now: () => now });
	const first = store.add({
		crew: "history",
		agent: "historian",
		kind: "result",
		subject: "capital_task",
		text: "# Answer\n\nThe capital of Zubrowka is **Lutz**. It was founded in 1932.",
		about: "Name the capital of Zubrowka.",
		runId: "run_1",
	});
	assert.deepEqual(first, {
		id: 1,
		crew: "history",
		agent: "historian",
		kind: "result",
		subject: "capital_task",
		text: "# Answer\n\nThe capital of Zubrowka is **Lutz**. It was founded in 1932.",
		summary: "The capital of Zubrowka is Lutz. It was founded in 1932.",
		about: "Name the capital of Zubrowka.",
		runId: "run_1",
		createdAt: 1_000 * day,
		updatedAt: 1_000 * day,
		embeddingModel: undefined,
	});
	now += day;
	store.add({ crew: "history", kind: "preference", text: "Use British spelling." });
	store.add({ crew: "history", agent: "scribe", kind: "note", text: "Scribe's own note." });
	store.add({ crew: "other", kind: "note", text: "Another crew's note." });
	assert.deepEqual(
		store.list({ crew: "history", agent: "historian" }).map((memory) => memory.text),
		["Use British spelling.", first.text],
	);
	assert.equal(store.list({ crew: "history" }).length, 3);
	assert.equal(store.list().length, 4);
	assert.deepEqual(
		store.list({ kinds: ["note"] }).map((memory) => memory.crew),
		["other", "history"],
	);
	assert.deepEqual(store.crews(), [
		{ crew: "history", memories: 3 },
		{ crew: "other", memories: 1 },
	]);
	store.close();
});

test("keyword search ranks by BM25 within the filter; any text is a valid query", () => {
	const store = openMemoryStore(":memory:", { env: {} });
	store.add({ crew: "a", kind: "note", text: "Lutz has a harbour with nine piers." });
	store.add({ crew: "a", kind: "note", text: "Lutz is the capital. Lutz, Lutz, Lutz." });
	store.add({ crew: "b", kind: "note", text: "Lutz in crew b." });
	store.add({ crew: "a", kind: "note", text: "Nothing to see.", runId: "run_9" });
	const found = store.search("Lutz", { crew: "a" });
	assert.deepEqual(
		found.map((match) => match.memory.id),
		[2, 1],
	);
	assert.ok((found[0]?.relevance ?? 0) > (found[1]?.relevance ?? 0));
	assert.ok(found.every((match) => match.relevance > 0));
	assert.equal(store.search("harbours", { crew: "a" })[0]?.memory.id, 1, "porter stemming");
	assert.deepEqual(store.search('"Lutz AND (NEAR', { crew: "b" }).length, 1);
	assert.deepEqual(store.search("   ", {}), []);
	assert.deepEqual(store.search("nothing", { crew: "a", excludeRun: "run_9" }), []);
	store.close();
});

test("an entity seen again is updated in place, any case, and counts as seen now", () => {
	let now = 10 * day;
	const store = openMemoryStore(":memory:", { env: {}, now: () => now });
	const first = store.add({ crew: "c", kind: "entity", subject: "Lutz", text: "Lutz: a city." });
	store.setEmbedding(first.id, "test", new Float32Array([1, 0]));
	now += day;
	const again = store.add({ crew: "c", kind: "entity", subject: "LUTZ", text: "LUTZ: a port." });
	assert.equal(again.id, first.id);
	assert.equal(again.text, "LUTZ: a port.");
	assert.equal(again.createdAt, 10 * day);
	assert.equal(again.updatedAt, 11 * day);
	assert.equal(again.embeddingModel, undefined, "the old vector no longer matches the text");
	assert.equal(store.search("port")[0]?.memory.id, first.id);
	assert.deepEqual(store.search("city"), [], "the index follows the update");
	const otherCrew = store.add({ crew: "d", kind: "entity", subject: "Lutz", text: "Lutz: d." });
	assert.notEqual(otherCrew.id, first.id);
	store.close();
});

test("forget deletes one memory and its index entry; reset deletes a crew's or all", () => {
	const store = openMemoryStore(":memory:", { env: {} });
	const lutz = store.add({ crew: "a", kind: "note", text: "Lutz is the capital." });
	store.add({ crew: "a", kind: "note", text: "Second." });
	store.add({ crew: "b", kind: "note", text: "Third." });
	assert.equal(store.forget(lutz.id), true);
	assert.equal(store.forget(lutz.id), false);
	assert.equal(store.get(lutz.id), undefined);
	assert.deepEqual(store.search("Lutz"), []);
	assert.equal(store.reset({ crew: "a" }), 1);
	assert.deepEqual(
		store.list().map((memory) => memory.crew),
		["b"],
	);
	assert.equal(store.reset(), 1);
	assert.deepEqual(store.list(), []);
	store.close();
});

test("secrets are redacted before they are written", () => {
	const store = openMemoryStore(":memory:", { env: { SERVICE_API_KEY: "hunter2-secret-value" } });
	const memory = store.add({
		crew: "a",
		kind: "result",
		text: "Used hunter2-secret-value and sk-abcdefghijklmnopqrstuvwx to log in.",
		about: "token hunter2-secret-value",
	});
	assert.equal(memory.text, "Used [redacted] and [redacted] to log in.");
	assert.equal(memory.about, "token [redacted]");
	assert.deepEqual(store.search("hunter2"), []);
	store.close();
});

test("vectors round-trip as BLOBs, per embedder", () => {
	const store = openMemoryStore(":memory:", { env: {} });
	const one = store.add({ crew: "a", kind: "note", text: "one" });
	const two = store.add({ crew: "a", kind: "note", text: "two" });
	store.add({ crew: "b", kind: "note", text: "three" });
	store.setEmbedding(one.id, "model-x", new Float32Array([0.5, -1.25, 3]));
	store.setEmbedding(two.id, "model-y", new Float32Array([1, 2]));
	const stored = store.embeddings("model-x", { crew: "a" });
	assert.equal(stored.length, 1);
	assert.deepEqual([...(stored[0]?.vector ?? [])], [0.5, -1.25, 3]);
	assert.equal(stored[0]?.memory.embeddingModel, "model-x");
	assert.deepEqual(
		store.withoutEmbedding("model-x", { crew: "a" }).map((memory) => memory.id),
		[two.id],
	);
	assert.equal(store.withoutEmbedding("model-x").length, 2);
	store.close();
});

test("memories persist in the file; a file of a newer schema is refused, not rebuilt", async () => {
	const path = join(await mkdtemp(join(tmpdir(), "crewkit-memory-store-")), "nested/memory.db");
	const store = openMemoryStore(path, { env: {} });
	store.add({ crew: "a", kind: "note", text: "Kept." });
	store.close();
	const again = openMemoryStore(path, { env: {} });
	assert.equal(again.list()[0]?.text, "Kept.");
	again.close();
	const database = new DatabaseSync(path);
	database.exec("PRAGMA user_version = 99");
	database.close();
	assert.throws(
		() => openMemoryStore(path),
		(error: unknown) => error instanceof ConfigError && /schema version 99/.test(error.message),
	);
});
