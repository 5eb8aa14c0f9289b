import assert from "node:assert/strict";
import { test } from "node:test";
import { share } from "./share.ts";

test("share divides the part by the whole, and is 0 of nothing", () => {
	assert.equal(share(1, 4), 0.25);
	assert.equal(share(4, 4), 1);
	assert.equal(share(0, 0), 0);
	assert.equal(share(3, 0), 0);
});
