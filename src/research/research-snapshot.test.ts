import assert from "node:assert/strict";
import { test } from "node:test";
import { createSourceRegistry } from "../sources/source-registry.ts";
import { isResearchSnapshot, passagesOf, snapshotOf } from "./research-snapshot.ts";

test("a snapshot copies the registry's sources and passages with the outline", () => {
	const registry = createSourceRegistry(() => new Date("2026-12-01T00:00:00Z"));
	const a = registry.add({ title: "a", origin: { type: "web", url: "https://example.org/a" } });
	const b = registry.add({ title: "b", origin: { type: "web", url: "https://example.org/b" } });
	registry.addPassage({ sourceId: a.id, text: "first of a" });
	registry.addPassage({ sourceId: b.id, text: "only of b" });
	registry.addPassage({ sourceId: a.id, text: "second of a" });
	const developments = [{ title: "One", summary: "Something happened.", sources: [1] }];
	const snapshot = snapshotOf(developments, registry);
	assert.deepEqual(snapshot.developments, developments);
	assert.deepEqual(
		snapshot.sources.map((source) => source.id),
		[1, 2],
	);
	registry.add({ title: "c", origin: { type: "web", url: "https://example.org/c" } });
	assert.equal(snapshot.sources.length, 2, "a copy: later sources are not in it");
	assert.deepEqual(passagesOf(snapshot, 1), ["first of a", "second of a"]);
	assert.deepEqual(passagesOf(snapshot, 2), ["only of b"]);
	assert.deepEqual(passagesOf(snapshot, 3), []);
});

test("a value is a snapshot only with developments, sources and passages lists", () => {
	const whole = { developments: [], sources: [], passages: [] };
	assert.equal(isResearchSnapshot(whole), true);
	for (const key of ["developments", "sources", "passages"] as const) {
		assert.equal(isResearchSnapshot({ ...whole, [key]: undefined }), false, key);
		assert.equal(isResearchSnapshot({ ...whole, [key]: "not a list" }), false, key);
	}
	assert.equal(isResearchSnapshot(undefined), false);
	assert.equal(isResearchSnapshot("text"), false);
});
