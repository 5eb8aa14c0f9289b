import assert from "node:assert/strict";
import { test } from "node:test";
import { createRefCountedCache } from "./ref-counted-cache.ts";

function counting() {
	const loads: string[] = [];
	const disposals: string[] = [];
	const cache = createRefCountedCache<string, { name: string }>({
		keyOf: (name) => name,
		async load(name) {
			loads.push(name);
			await new Promise((resolve) => setTimeout(resolve, 5));
			if (name === "broken") throw new Error("cannot load");
			return { name };
		},
		async dispose(value) {
			disposals.push(value.name);
		},
	});
	return { cache, loads, disposals };
}

test("concurrent acquires of one key load once and share the value", async () => {
	const { cache, loads } = counting();
	const [a, b] = await Promise.all([cache.acquire("m"), cache.acquire("m")]);
	assert.equal(a, b);
	assert.deepEqual(loads, ["m"]);
});

test("the value is disposed when the last user releases it, and reloaded after", async () => {
	const { cache, loads, disposals } = counting();
	await cache.acquire("m");
	await cache.acquire("m");
	await cache.release("m");
	assert.deepEqual(disposals, []);
	await cache.release("m");
	assert.deepEqual(disposals, ["m"]);
	assert.equal(cache.size, 0);
	await cache.acquire("m");
	assert.deepEqual(loads, ["m", "m"]);
});

test("a failed load is forgotten so the next acquire tries again", async () => {
	const { cache, loads } = counting();
	await assert.rejects(cache.acquire("broken"), /cannot load/);
	assert.equal(cache.size, 0);
	await assert.rejects(cache.acquire("broken"));
	assert.deepEqual(loads, ["broken", "broken"]);
});
