import assert from "node:assert/strict";
import { test } from "node:test";
import { watchProgress } from "./watch-progress.ts";

function clock() {
	let time = 0;
	return { now: () => time, advance: (ms: number) => (time += ms) };
}

test("no progress for the stall time calls onStall once", (t) => {
	t.mock.timers.enable({ apis: ["setInterval"] });
	const time = clock();
	const stalls: number[] = [];
	const stop = watchProgress({
		progress: () => 5,
		stallMs: 3000,
		intervalMs: 1000,
		now: time.now,
		onStall: (ms) => stalls.push(ms),
	});
	for (let second = 0; second < 2; second++) {
		time.advance(1000);
		t.mock.timers.tick(1000);
	}
	assert.deepEqual(stalls, []);
	time.advance(1000);
	t.mock.timers.tick(1000);
	assert.deepEqual(stalls, [3000]);
	time.advance(5000);
	t.mock.timers.tick(5000);
	assert.deepEqual(stalls, [3000], "it stops watching after the stall");
	stop();
});

test("progress resets the stall time: a slow but moving call never stalls", (t) => {
	t.mock.timers.enable({ apis: ["setInterval"] });
	const time = clock();
	let tokens = 0;
	let stalled = false;
	const stop = watchProgress({
		progress: () => tokens,
		stallMs: 3000,
		intervalMs: 1000,
		now: time.now,
		onStall: () => {
			stalled = true;
		},
	});
	for (let second = 0; second < 60; second++) {
		if (second % 2 === 0) tokens++; // one token every two seconds
		time.advance(1000);
		t.mock.timers.tick(1000);
	}
	assert.equal(stalled, false);
	stop();
	time.advance(10_000);
	t.mock.timers.tick(10_000);
	assert.equal(stalled, false, "stopped watchers never fire");
});
