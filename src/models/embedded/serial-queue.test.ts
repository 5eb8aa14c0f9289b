import assert from "node:assert/strict";
import { test } from "node:test";
import { createSerialQueue } from "./serial-queue.ts";

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

test("runs tasks one at a time in queue order", async () => {
	const queue = createSerialQueue();
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
	const queue = createSerialQueue();
	await assert.rejects(
		queue.run(async () => {
			throw new Error("boom");
		}),
		/boom/,
	);
	assert.equal(await queue.run(async () => 1), 1);
});

test("a task aborted while waiting is dropped, and later tasks still wait their turn", async () => {
	const queue = createSerialQueue();
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
