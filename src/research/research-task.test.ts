import assert from "node:assert/strict";
import { test } from "node:test";
import { supportScore } from "../report/support-score.ts";
import { createSourceRegistry } from "../sources/source-registry.ts";
import { researchOutput, withKnownSources } from "./research-task.ts";

const claim = "Openweights models reached parity with closed models on the Meridian benchmark.";

function registryWith(texts: string[]) {
	const registry = createSourceRegistry(() => new Date("2026-12-01T00:00:00Z"));
	for (const [index, text] of texts.entries()) {
		const source = registry.add({
			title: `source ${index + 1}`,
			origin: { type: "web", url: `https://example.org/${index + 1}` },
		});
		registry.addPassage({ sourceId: source.id, text });
	}
	return registry;
}

test("a development that names no known source gets the two most relevant sources, best first", () => {
	const texts = [
		"Openweights models reached parity on the Meridian benchmark.",
		claim,
		"Openweights models reached parity on Meridian.",
		"Closed models.",
	];
	const scores = texts.map((text) => supportScore(`Open weights. ${claim}`, [text]));
	assert.ok((scores[1] ?? 0) > (scores[0] ?? 0) && (scores[0] ?? 0) > (scores[2] ?? 0));
	assert.ok((scores[2] ?? 0) >= 0.3, "the third is relevant too, but only two are kept");
	const registry = registryWith(texts);
	const development = { title: "Open weights", summary: claim, sources: [9] };
	assert.deepEqual(withKnownSources(development, registry).sources, [2, 1]);
});

test("a source is attached at a relevance of 0.3 or more, and known sources are kept as named, once each", () => {
	const registry = registryWith(["Openweights models reached parity with closed ones."]);
	const attached = (summary: string) =>
		withKnownSources({ title: "Open weights", summary, sources: [] }, registry).sources;
	const score = (summary: string) =>
		supportScore(
			`Open weights. ${summary}`,
			registry.passages(1).map((passage) => passage.text),
		);
	const above = "Models reached parity in chess tournaments, closed to the public, on weekends.";
	const below = "Openweights chess.";
	assert.deepEqual([score(above), score(below)], [0.3125, 0.25]);
	assert.deepEqual(attached(above), [1]);
	assert.deepEqual(attached(below), []);
	assert.deepEqual(
		withKnownSources({ title: "Open weights", summary: "Any.", sources: [1, 1] }, registry).sources,
		[1],
	);
});

test("the outline as text numbers the developments with their sources; the snapshot holds everything read", () => {
	const registry = registryWith([claim, "Phones run small models."]);
	const { text, value } = researchOutput(
		[
			{ title: "Open weights", summary: "Parity.", sources: [1, 2] },
			{ title: "Chess", summary: "Unrelated.", sources: [] },
		],
		registry,
	);
	assert.equal(text, "1. Open weights [1, 2]\n   Parity.\n2. Chess\n   Unrelated.");
	assert.deepEqual(
		[value.sources.length, value.passages.length, value.developments[1]?.sources],
		[2, 2, []],
	);
});

test("a source whose relevance is exactly 0.3 is attached", () => {
	const registry = registryWith(["The heavy harbour crane lifted grey steel beams onto barges."]);
	const development = {
		title: "harbour crane",
		summary: "lifted while tired workers quietly painted wooden fences beside.",
		sources: [],
	};
	const claim = `${development.title}. ${development.summary}`;
	assert.equal(
		supportScore(
			claim,
			registry.passages(1).map((passage) => passage.text),
		),
		0.3,
	);
	assert.deepEqual(withKnownSources(development, registry).sources, [1]);
});
