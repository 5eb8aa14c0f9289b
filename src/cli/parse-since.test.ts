import assert from "node:assert/strict";
import { test } from "node:test";
import { parseSince } from "./parse-since.ts";

test("--since takes spans back from now and UTC dates", () => {
	const now = Date.UTC(2026, 11, 4, 12);
	assert.equal(parseSince("30m", now), now - 30 * 60_000);
	assert.equal(parseSince("2h", now), now - 2 * 3_600_000);
	assert.equal(parseSince("7d", now), now - 7 * 86_400_000);
	assert.equal(parseSince("2026-12-01", now), Date.UTC(2026, 11, 1));
	assert.equal(parseSince("2026-12-01 10:30", now), Date.UTC(2026, 11, 1, 10, 30));
	assert.equal(parseSince("2026-12-01T10:30+01:00", now), Date.UTC(2026, 11, 1, 9, 30));
	for (const bad of ["yesterday", "5", "2026-13-45", "-2h"]) {
		assert.throws(() => parseSince(bad, now), /--since takes a span back from now/);
	}
});
