import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { getEventListeners } from "node:events";
import { test } from "node:test";
import { CancelledError, ConfigError } from "../errors.ts";
import { createRateLimiter, type RateLimiterClock, rateLimiterFor } from "./rate-limiter.ts";

/** A clock that moves only when the test says so. */
function manualClock(): RateLimiterClock & {
	advance(milliseconds: number): Promise<void>;
	/** Every sleep the limiter asked for, in milliseconds. */
	sleeps: number[];
	/** Sleeps not yet over: neither due nor ended by their signal. */
	readonly pending: number;
} {
	let now = 0;
	let sleepers: Array<{ until: number; wake(): void }> = [];
	const sleeps: number[] = [];
	return {
		sleeps,
		get pending() {
			return sleepers.length;
		},
		now: () => now,
		sleep(milliseconds, signal) {
			sleeps.push(milliseconds);
			return new Promise((wake) => {
				const sleeper = { until: now + milliseconds, wake };
				sleepers.push(sleeper);
				signal.addEventListener("abort", () => {
					sleepers = sleepers.filter((other) => other !== sleeper);
					wake();
				});
			});
		},
		async advance(milliseconds) {
			now += milliseconds;
			const due = sleepers.filter((sleeper) => sleeper.until <= now);
			sleepers = sleepers.filter((sleeper) => sleeper.until > now);
			for (const sleeper of due) sleeper.wake();
			await settle();
		},
	};
}

/** Lets pending promise callbacks run. */
const settle = () => new Promise<void>((resolve) => setImmediate(resolve));

test("lets the first N requests of a minute through, then one more per freed slot", async () => {
	const clock = manualClock();
	const limiter = createRateLimiter(2, clock);
	const started: number[] = [];
	const request = (id: number) => limiter.acquire().then(() => started.push(id));
	void request(1);
	await clock.advance(10_000);
	void request(2);
	void request(3);
	void request(4);
	await settle();
	assert.deepEqual(started, [1, 2]);
	assert.equal(limiter.waiting, 2);
	await clock.advance(49_999);
	assert.deepEqual(started, [1, 2], "the window is not a minute old yet");
	await clock.advance(1);
	assert.deepEqual(started, [1, 2, 3], "request 1's slot freed at 60 s");
	await clock.advance(10_000);
	assert.deepEqual(started, [1, 2, 3, 4], "request 2's slot freed at 70 s");
});

test("waiters are served in arrival order, and an aborted waiter leaves the queue", async () => {
	const clock = manualClock();
	const limiter = createRateLimiter(1, clock);
	await limiter.acquire();
	const order: string[] = [];
	const controller = new AbortController();
	const first = limiter.acquire().then(() => order.push("first"));
	const leaving = limiter.acquire(controller.signal);
	const third = limiter.acquire().then(() => order.push("third"));
	controller.abort();
	await assert.rejects(leaving, CancelledError);
	assert.equal(limiter.waiting, 2);
	await clock.advance(60_000);
	await clock.advance(60_000);
	await Promise.all([first, third]);
	assert.deepEqual(order, ["first", "third"]);
	await assert.rejects(limiter.acquire(AbortSignal.abort()), CancelledError);
});

test("one limiter per model key, shared, keeping the strictest limit", () => {
	const a = rateLimiterFor("test:model-a", 60);
	assert.equal(rateLimiterFor("test:model-a", 120), a);
	assert.equal(a.requestsPerMinute, 60);
	assert.equal(rateLimiterFor("test:model-a", 30), a);
	assert.equal(a.requestsPerMinute, 30);
	assert.notEqual(rateLimiterFor("test:model-b", 60), a);
});

test("a limit that is not a positive whole number is a configuration error", () => {
	for (const limit of [0, -1, 1.5, Number.NaN]) {
		assert.throws(() => createRateLimiter(limit), ConfigError);
	}
});

test("a full window waits once, until its oldest request is a minute old, rather than polling", async () => {
	const clock = manualClock();
	const limiter = createRateLimiter(1, clock);
	await limiter.acquire();
	await clock.advance(15_000);
	let started = false;
	void limiter.acquire().then(() => {
		started = true;
	});
	await settle();
	assert.deepEqual(clock.sleeps, [45_000]);
	await clock.advance(45_000);
	assert.equal(started, true);
	assert.deepEqual(clock.sleeps, [45_000]);
});

test("the first waiter can leave the queue too: the next one gets the freed slot", async () => {
	const clock = manualClock();
	const limiter = createRateLimiter(1, clock);
	await limiter.acquire();
	const controller = new AbortController();
	const leaving = limiter.acquire(controller.signal);
	let nextStarted = false;
	const next = limiter.acquire().then(() => {
		nextStarted = true;
	});
	controller.abort(new Error("user pressed Ctrl-C"));
	await assert.rejects(leaving, (error: unknown) => {
		assert.ok(error instanceof CancelledError);
		assert.equal(error.message, "The run was cancelled.");
		assert.equal((error.cause as Error).message, "user pressed Ctrl-C");
		return true;
	});
	assert.equal(limiter.waiting, 1);
	await clock.advance(60_000);
	await next;
	assert.equal(nextStarted, true, "the slot freed at 60 s went to the waiter still queued");
});

test("a run's signal does not collect a listener per request once the requests have started", async () => {
	const clock = manualClock();
	const limiter = createRateLimiter(2, clock);
	const controller = new AbortController();
	await limiter.acquire(controller.signal);
	await limiter.acquire(controller.signal);
	const third = limiter.acquire(controller.signal);
	assert.equal(getEventListeners(controller.signal, "abort").length, 1, "the waiter listens");
	await clock.advance(60_000);
	await third;
	assert.equal(getEventListeners(controller.signal, "abort").length, 0);
});

test("without a clock, the limiter runs on real time: requests within the limit start at once", async () => {
	const limiter = createRateLimiter(3);
	await limiter.acquire();
	await limiter.acquire();
	assert.equal(limiter.waiting, 0);
});

test("a bad limit's error says what a limit must be and what it got", () => {
	assert.throws(
		() => createRateLimiter(2.5),
		(error: unknown) =>
			error instanceof ConfigError &&
			error.message ===
				"A rate limit must be a whole number of requests per minute, at least 1; got 2.5.",
	);
});

test("when the last waiter cancels, the limiter stops its wait; while others wait, it keeps it", async () => {
	const clock = manualClock();
	const limiter = createRateLimiter(1, clock);
	await limiter.acquire();
	const first = new AbortController();
	const second = new AbortController();
	const waits = [first, second].map((controller) =>
		limiter.acquire(controller.signal).catch((error: unknown) => error),
	);
	await settle();
	assert.equal(clock.pending, 1, "one wait for the window, however many waiters");
	first.abort();
	await settle();
	assert.equal(clock.pending, 1, "the second waiter still needs the wait");
	second.abort();
	await settle();
	assert.equal(clock.pending, 0, "nobody waits: no timer is left to hold the process open");
	for (const outcome of await Promise.all(waits)) assert.ok(outcome instanceof CancelledError);
	// The limiter still works afterwards, and still counts the minute from the first request.
	const later = limiter.acquire();
	await settle();
	assert.deepEqual(clock.sleeps.at(-1), 60_000);
	await clock.advance(60_000);
	await later;
});

test("on real time, a process whose only waiter cancelled exits without waiting out the minute", () => {
	const script = `
		import { createRateLimiter } from ${JSON.stringify(new URL("./rate-limiter.ts", import.meta.url).href)};
		const limiter = createRateLimiter(1);
		await limiter.acquire();
		const controller = new AbortController();
		const waiting = limiter.acquire(controller.signal).catch((error) => console.log(error.name));
		setTimeout(() => controller.abort(), 10);
		await waiting;
	`;
	// The minute would keep a held-open process alive for 60 s; 30 s is the deadline of this
	// bounded outcome, not a measure of speed.
	const child = spawnSync(process.execPath, ["--input-type=module", "-e", script], {
		encoding: "utf8",
		timeout: 30_000,
	});
	assert.equal(child.signal, null, "the process ended on its own");
	assert.equal(child.status, 0, child.stderr);
	assert.equal(child.stdout.trim(), "CancelledError");
});
