import assert from "node:assert/strict";
import { test } from "node:test";
import { createConcurrencyLimit } from "./concurrency-limit.ts";

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

test("a limit of 1 runs tasks one at a time in queue order", async () => {
	const queue = createConcurrencyLimit(1);
	const events: string[] = [];
	const task = (name: string, ms: number) => async () => {
		events.push(`${name} start`);
		await sleep(ms);
		events.push(`${name} end`);
		return name;
	};
	const results = await Promise.all([
		queue.run(task("a", 20)),
		queue.run(task("b", 1)),
		queue.run(task("c", 1)),
	]);
	assert.deepEqual(results, ["a", "b", "c"]);
	assert.deepEqual(events, ["a start", "a end", "b start", "b end", "c start", "c end"]);
});

test("a failing task does not block the queue", async () => {
	const queue = createConcurrencyLimit(1);
	await assert.rejects(
		queue.run(async () => {
			throw new Error("boom");
		}),
		/boom/,
	);
	assert.equal(await queue.run(async () => 1), 1);
});

test("a task aborted while waiting is dropped, and later tasks still wait their turn", async () => {
	const queue = createConcurrencyLimit(1);
	const events: string[] = [];
	const first = queue.run(async () => {
		await sleep(30);
		events.push("first");
	});
	const controller = new AbortController();
	const dropped = queue.run(async () => events.push("dropped"), controller.signal);
	const third = queue.run(async () => events.push("third"));
	controller.abort(new Error("stop"));
	await assert.rejects(dropped, /stop/);
	await Promise.all([first, third]);
	assert.deepEqual(events, ["first", "third"]);
});

test("a limit of N keeps N tasks running while any wait, and starts waiters in order", async () => {
	const limit = createConcurrencyLimit(3);
	let running = 0;
	let peak = 0;
	const started: number[] = [];
	const release: Array<() => void> = [];
	const task = (index: number) => () => {
		started.push(index);
		running++;
		peak = Math.max(peak, running);
		return new Promise<number>((resolve) => {
			release[index] = () => {
				running--;
				resolve(index);
			};
		});
	};
	const all = Promise.all(Array.from({ length: 7 }, (_, index) => limit.run(task(index))));
	await sleep(1);
	assert.deepEqual(started, [0, 1, 2]);
	release[1]?.();
	await sleep(1);
	// A slot freed: the next waiter starts at once, so three run again.
	assert.deepEqual(started, [0, 1, 2, 3]);
	assert.equal(running, 3);
	for (const index of [0, 2, 3, 4, 5, 6]) {
		release[index]?.();
		await sleep(1);
	}
	assert.deepEqual(await all, [0, 1, 2, 3, 4, 5, 6]);
	assert.deepEqual(started, [0, 1, 2, 3, 4, 5, 6]);
	assert.equal(peak, 3);
});

test("a limit must be a whole number of at least 1", () => {
	assert.throws(() => createConcurrencyLimit(0), /at least 1, got 0/);
	assert.throws(() => createConcurrencyLimit(1.5), /at least 1/);
});
