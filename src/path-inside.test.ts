import assert from "node:assert/strict";
import { test } from "node:test";
import { pathInside } from "./path-inside.ts";

test("a path inside a folder is given relative to it; the folder itself is ''", () => {
	assert.equal(pathInside("/w", "/w/docs/a.md"), "docs/a.md");
	assert.equal(pathInside("/w", "/w/a.md"), "a.md");
	assert.equal(pathInside("/w", "/w"), "");
	assert.equal(pathInside("/w/", "/w/sub/../a.md"), "a.md");
});

test("a path that leads out of the folder is not inside", () => {
	assert.equal(pathInside("/w", "/"), undefined);
	assert.equal(pathInside("/w", "/w/.."), undefined);
	assert.equal(pathInside("/w", "/x/a.md"), undefined);
	assert.equal(pathInside("/w", "/w/../w2/a.md"), undefined);
	assert.equal(pathInside("/w/docs", "/w/a.md"), undefined);
});

test("a name that only starts with two dots is inside", () => {
	assert.equal(pathInside("/w", "/w/..notes.md"), "..notes.md");
	assert.equal(pathInside("/w", "/w/.../a"), ".../a");
});
