import assert from "node:assert/strict";
import { test } from "node:test";
import type { Embedder } from "./embedder.ts";
import { openMemoryStore } from "./memory-store.ts";
import { recallMemories } from "./recall-memories.ts";

const day = 86_400_000;
const now = 100 * day;

/** An embedder of word counts over a fixed vocabulary: similar words, similar vectors. */
function wordEmbedder(): Embedder & { calls: string[][] } {
	const vocabulary = ["harbour", "piers", "capital", "lutz", "bread", "oven"];
	const calls: string[][] = [];
	return {
		id: "test:words",
		calls,
		async embed(texts) {
			calls.push([...texts]);
			return texts.map((text) => {
				const words = text.toLowerCase().match(/\p{L}+/gu) ?? [];
				return Float32Array.from(vocabulary.map((term) => words.filter((w) => w === term).length));
			});
		},
		async dispose() {},
	};
}

test("keyword recall: equally relevant memories rank newest first, stop words do not match", async () => {
	const store = openMemoryStore(":memory:", { env: {} });
	const old = store.add({
		crew: "c",
		kind: "note",
		text: "Lutz harbour notes.",
		at: now - 60 * day,
	});
	const fresh = store.add({ crew: "c", kind: "note", text: "Lutz harbour notes.", at: now - day });
	store.add({ crew: "c", kind: "note", text: "The and of a.", at: now });
	const found = await recallMemories(
		store,
		"Describe the harbour of Lutz",
		{ crew: "c" },
		{
			limit: 5,
			now,
		},
	);
	assert.deepEqual(
		found.map((match) => match.memory.id),
		[fresh.id, old.id],
	);
	assert.equal(found[0]?.relevance, 1);
	assert.ok((found[0]?.score ?? 0) > (found[1]?.score ?? 0));
	assert.ok(Math.abs((found[1]?.score ?? 0) - (0.5 + 0.5 * 2 ** -2)) < 1e-9);
	store.close();
});

test("keyword recall respects the limit, the scope and the run to leave out", async () => {
	const store = openMemoryStore(":memory:", { env: {} });
	for (let index = 0; index < 8; index++) {
		store.add({ crew: "c", agent: "a", kind: "note", text: `Lutz fact ${index}.`, at: now });
	}
	store.add({ crew: "c", agent: "b", kind: "note", text: "Lutz for agent b.", at: now });
	store.add({ crew: "c", kind: "note", text: "Lutz for everyone.", at: now, runId: "run_now" });
	const found = await recallMemories(store, "Lutz", { crew: "c", agent: "b" }, { limit: 3, now });
	assert.deepEqual(
		found.map((match) => match.memory.text),
		["Lutz for everyone.", "Lutz for agent b."],
	);
	const withoutRun = await recallMemories(
		store,
		"Lutz",
		{ crew: "c", agent: "b", excludeRun: "run_now" },
		{ limit: 3, now },
	);
	assert.deepEqual(
		withoutRun.map((match) => match.memory.text),
		["Lutz for agent b."],
	);
	assert.equal((await recallMemories(store, "Lutz", { crew: "c" }, { limit: 3, now })).length, 3);
	store.close();
});

test("embedding recall: vectors are stored for memories without one, ranked by cosine", async () => {
	const store = openMemoryStore(":memory:", { env: {} });
	const harbour = store.add({ crew: "c", kind: "note", text: "The harbour has piers.", at: now });
	const bread = store.add({ crew: "c", kind: "note", text: "Bread bakes in the oven.", at: now });
	const capital = store.add({
		crew: "c",
		kind: "result",
		text: "It is Lutz.",
		about: "Name the capital",
		at: now,
	});
	const embedder = wordEmbedder();
	const found = await recallMemories(
		store,
		"harbour piers of the capital",
		{ crew: "c" },
		{
			limit: 5,
			embedder,
			now,
		},
	);
	assert.deepEqual(embedder.calls[0], [
		"The harbour has piers.",
		"Bread bakes in the oven.",
		"Name the capital\nIt is Lutz.",
	]);
	assert.equal(store.withoutEmbedding(embedder.id).length, 0, "every vector is stored");
	assert.deepEqual(
		found.map((match) => match.memory.id),
		[harbour.id, capital.id],
		"the oven has nothing in common with the query (cosine 0) and is left out",
	);
	assert.ok(Math.abs((found[0]?.relevance ?? 0) - 2 / Math.sqrt(6)) < 1e-6);
	assert.equal(bread.embeddingModel, undefined);

	await recallMemories(store, "oven", { crew: "c" }, { limit: 5, embedder, now });
	assert.deepEqual(embedder.calls.at(-1), ["oven"], "stored vectors are not computed again");
	store.close();
});

test("embedding recall drops memories below minRelevance (default 0.2)", async () => {
	const store = openMemoryStore(":memory:", { env: {} });
	store.add({ crew: "c", kind: "note", text: "harbour bread bread bread bread bread", at: now });
	const embedder = wordEmbedder();
	const weak = await recallMemories(store, "harbour", { crew: "c" }, { limit: 5, embedder, now });
	assert.deepEqual(weak, [], "cosine ≈ 0.196 is below the default 0.2");
	const kept = await recallMemories(
		store,
		"harbour",
		{ crew: "c" },
		{
			limit: 5,
			embedder,
			now,
			minRelevance: 0.1,
		},
	);
	assert.equal(kept.length, 1);
	store.close();
});
