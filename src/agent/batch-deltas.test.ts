import assert from "node:assert/strict";
import { test } from "node:test";
import { batchDeltas } from "./batch-deltas.ts";

test("deltas go out together, by size or after 200 ms, and flush sends the rest in order", () => {
	let time = 0;
	const sent: string[] = [];
	const batch = batchDeltas(
		(delta) => sent.push(delta),
		() => time,
	);
	for (let token = 0; token < 10; token++) batch.push("ab");
	assert.deepEqual(sent, [], "small and quick: held");
	time = 200;
	batch.push("c");
	assert.deepEqual(sent, ["abababababababababab" + "c"]);
	batch.push("x".repeat(199));
	assert.equal(sent.length, 1);
	batch.push("y");
	assert.equal(sent[1], `${"x".repeat(199)}y`, "200 characters go out at once");
	batch.push("tail");
	batch.push("");
	batch.flush();
	batch.flush();
	assert.deepEqual(sent.slice(2), ["tail"]);
	assert.equal(
		sent.join(""),
		`${"ab".repeat(10)}c${"x".repeat(199)}ytail`,
		"nothing lost, order kept",
	);
});
