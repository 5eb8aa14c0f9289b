import assert from "node:assert/strict";
import { mkdir, mkdtemp, readdir, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { ConfigError } from "../errors.ts";
import { createSourceRegistry } from "../sources/source-registry.ts";
import { openRunKnowledge } from "./run-knowledge.ts";

async function knowledgeFolder() {
	const base = await mkdtemp(join(tmpdir(), "crewkit-knowledge-"));
	await mkdir(join(base, "docs"));
	await writeFile(
		join(base, "docs/harbour.md"),
		"# Harbour\n\nThe harbour of Lutz has nine piers.\n",
	);
	await writeFile(join(base, "docs/bakery.md"), "# Bakery\n\nBread is baked at dawn.\n");
	await writeFile(join(base, "founding.txt"), "Lutz was founded in 1932.\n");
	return base;
}

test("each agent searches its own knowledge and the crew's, ranked together", async () => {
	const base = await knowledgeFolder();
	const knowledge = await openRunKnowledge(
		{ name: "crew", knowledge: ["founding.txt"] },
		[
			{ name: "pilot", knowledge: ["docs"] },
			{ name: "clerk", knowledge: [] },
		],
		{ baseFolder: base },
	);
	assert.ok(knowledge);
	try {
		const pilot = knowledge.passagesFor("pilot", "When was Lutz founded, and how many piers?");
		assert.deepEqual(pilot.map((passage) => passage.file).sort(), [
			"docs/harbour.md",
			"founding.txt",
		]);
		const clerk = knowledge.passagesFor("clerk", "How many piers does the harbour of Lutz have?");
		assert.deepEqual(
			clerk.map((passage) => passage.file),
			["founding.txt"],
			"the clerk has only the crew's knowledge",
		);
		assert.deepEqual(knowledge.passagesFor("clerk", "the of and"), []);
		assert.deepEqual(knowledge.passagesFor("nobody", "Lutz"), []);
	} finally {
		await knowledge.close();
	}
	const files = await readdir(join(base, ".crewkit/knowledge"));
	assert.equal(
		files.filter((name) => name.endsWith(".db")).length,
		2,
		"one index per set of paths",
	);
});

test("passages are registered as sources with their text, numbered after earlier sources", async () => {
	const base = await knowledgeFolder();
	const registry = createSourceRegistry();
	registry.add({ title: "Earlier page", origin: { type: "web", url: "https://example.com" } });
	const knowledge = await openRunKnowledge(
		{ name: "crew", knowledge: [join(base, "docs")] },
		[{ name: "pilot", knowledge: [] }],
		{ baseFolder: base, registry, limit: 1 },
	);
	assert.ok(knowledge);
	try {
		const [passage] = knowledge.passagesFor("pilot", "harbour piers");
		assert.deepEqual(passage, {
			sourceId: 2,
			file: "docs/harbour.md",
			location: "Harbour",
			text: "# Harbour\n\nThe harbour of Lutz has nine piers.",
		});
		assert.deepEqual(registry.sources()[1]?.origin, {
			type: "file",
			path: "docs/harbour.md",
			location: "Harbour",
		});
		assert.deepEqual(registry.passages(2), [
			{ sourceId: 2, text: passage?.text, location: "Harbour" },
		]);
		knowledge.passagesFor("pilot", "harbour piers");
		assert.equal(registry.sources().length, 2, "the same passage keeps its id");
	} finally {
		await knowledge.close();
	}
});

test("a changed file is indexed again on the next run; nothing configured opens nothing", async () => {
	const base = await knowledgeFolder();
	const open = () =>
		openRunKnowledge(
			{ name: "crew", knowledge: ["founding.txt"] },
			[{ name: "a", knowledge: [] }],
			{
				baseFolder: base,
			},
		);
	const first = await open();
	assert.equal(first?.passagesFor("a", "founded")[0]?.text, "Lutz was founded in 1932.");
	await first?.close();
	await writeFile(join(base, "founding.txt"), "Lutz was founded again in 1950.\n");
	const second = await open();
	assert.equal(second?.passagesFor("a", "founded")[0]?.text, "Lutz was founded again in 1950.");
	await second?.close();
	assert.equal(
		await openRunKnowledge({ name: "crew", knowledge: [] }, [{ name: "a", knowledge: [] }]),
		undefined,
	);
});

test("a missing path is a ConfigError naming its owner", async () => {
	const base = await knowledgeFolder();
	await assert.rejects(
		openRunKnowledge({ name: "history", knowledge: ["missing.md"] }, [], { baseFolder: base }),
		(error: unknown) =>
			error instanceof ConfigError &&
			/Knowledge 'missing\.md' of crew 'history' does not exist/.test(error.message),
	);
	await assert.rejects(
		openRunKnowledge({ name: "c", knowledge: ["founding.txt"] }, [], {
			baseFolder: base,
			limit: 0,
		}),
		/limit must be a whole number from 1 to 20/,
	);
});
