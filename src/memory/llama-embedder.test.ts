import assert from "node:assert/strict";
import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { Agent } from "../crew/agent.ts";
import { Crew } from "../crew/crew.ts";
import { Task } from "../crew/task.ts";
import { promptText } from "../models/count-tokens.ts";
import { skipWithoutStoriesModel, storiesModelPath } from "../models/embedded/stories-fixture.ts";
import { createScriptedModel } from "../models/scripted-model.ts";
import { createLlamaEmbedder } from "./llama-embedder.ts";
import { openMemoryStore } from "./memory-store.ts";
import { recallMemories } from "./recall-memories.ts";
import { cosineSimilarity } from "./vectors.ts";

// Mechanics only: stories260K is a 1.2 MB story model, not an embedding model, so these
// tests check that vectors are made, stored and compared, not that they capture meaning.
const skip = skipWithoutStoriesModel;

test("the embedded model turns texts into vectors; the same text, the same vector", {
	skip,
}, async () => {
	const embedder = createLlamaEmbedder({ modelPath: storiesModelPath, threads: 1 });
	try {
		assert.match(embedder.id, /^local:stories260K\.gguf:\d+$/);
		const [cat, again, dog, empty] = await embedder.embed([
			"The cat sat on the mat.",
			"The cat sat on the mat.",
			"Lily went to the park with her dog.",
			"",
		]);
		assert.ok(cat && again && dog && empty);
		assert.ok(cat.length > 0);
		assert.equal(dog.length, cat.length);
		assert.ok(Math.abs(cosineSimilarity(cat, again) - 1) < 1e-6);
		assert.ok(cosineSimilarity(cat, dog) < 1 - 1e-6);
		assert.equal(empty.length, 0, "nothing to embed: an empty vector, never compared");
	} finally {
		await embedder.dispose();
	}
});

test("recall by embeddings stores a vector per memory and ranks the closest first", {
	skip,
}, async () => {
	const embedder = createLlamaEmbedder({ modelPath: storiesModelPath, threads: 1 });
	const store = openMemoryStore(":memory:", { env: {} });
	try {
		const texts = [
			"Tim had a red ball. He played with it in the sun.",
			"The little bird sang a song to the moon.",
			"Mom baked a big cake for the party.",
		];
		const ids = texts.map((text) => store.add({ crew: "c", kind: "note", text }).id);
		for (const [position, text] of texts.entries()) {
			const found = await recallMemories(
				store,
				text,
				{ crew: "c" },
				{
					limit: 3,
					embedder,
					minRelevance: 0,
				},
			);
			assert.equal(found[0]?.memory.id, ids[position], `query ${position}`);
			assert.ok(Math.abs((found[0]?.relevance ?? 0) - 1) < 1e-4);
		}
		const stored = store.embeddings(embedder.id, { crew: "c" });
		assert.equal(stored.length, 3);
		assert.ok(stored.every(({ vector }) => vector.length > 0));
	} finally {
		store.close();
		await embedder.dispose();
	}
});

test("a crew with an embedder remembers with vectors and recalls into the next run", {
	skip,
}, async () => {
	const path = join(await mkdtemp(join(tmpdir(), "crewkit-embed-")), "memory.db");
	const crew = (model: ReturnType<typeof createScriptedModel>) => {
		const teller = new Agent({ name: "teller", role: "Teller", goal: "Tell", backstory: "Kind." });
		const task = new Task({
			name: "story_task",
			description: "Tell what Tim had.",
			expectedOutput: "A sentence",
			agent: teller,
		});
		return new Crew({
			name: "stories",
			agents: [teller],
			tasks: [task],
			model,
			memory: { path, embedder: `local:${storiesModelPath}`, minRelevance: 0 },
		});
	};
	await crew(createScriptedModel({ replies: ["Tim had a red ball."] })).kickoff({
		modelOptions: { threads: 1 },
	});
	const store = openMemoryStore(path, { env: {} });
	const [memory] = store.list({ crew: "stories", kinds: ["result"] });
	assert.match(memory?.embeddingModel ?? "", /^local:stories260K\.gguf:\d+$/);
	store.close();
	const second = createScriptedModel({ replies: ["A ball."] });
	await crew(second).kickoff({ modelOptions: { threads: 1 } });
	assert.match(promptText(second.calls[0]?.prompt ?? []), /<memory>[\s\S]*Tim had a red ball\./);
});
