import assert from "node:assert/strict";
import { test } from "node:test";
import { skipWhenMissing } from "./skip-when-missing.ts";

test("present: the test runs", () => {
	assert.equal(skipWhenMissing(true, "needs redis-server", { CI: "true" }), false);
	assert.equal(skipWhenMissing(true, "needs redis-server", {}), false);
});

test("missing outside CI: the test is skipped with the message", () => {
	assert.equal(skipWhenMissing(false, "needs redis-server", {}), "needs redis-server");
	assert.equal(skipWhenMissing(false, "needs redis-server", { CI: "false" }), "needs redis-server");
});

test("missing under CI=true: an error that names what is missing", () => {
	assert.throws(
		() => skipWhenMissing(false, "needs redis-server", { CI: "true" }),
		/^Error: CI=true, and a test needs redis-server: CI must provide it/,
	);
});
