import { setTimeout as delay } from "node:timers/promises";
import { CancelledError, ConfigError } from "../errors.ts";

/** Lets at most `requestsPerMinute` requests start in any 60-second window, in arrival order. */
export interface RateLimiter {
	readonly requestsPerMinute: number;
	/** Resolves when the caller may send its request; rejects with `CancelledError` on abort. */
	acquire(signal?: AbortSignal): Promise<void>;
	/** Callers waiting now. */
	readonly waiting: number;
}

/** Time as the limiter sees it; tests pass a manual clock. */
export interface RateLimiterClock {
	now(): number;
	/** Resolves after `milliseconds`, or as soon as `signal` aborts. */
	sleep(milliseconds: number, signal: AbortSignal): Promise<void>;
}

const systemClock: RateLimiterClock = {
	now: () => performance.now(),
	sleep: (milliseconds, signal) =>
		delay(milliseconds, undefined, { signal }).catch((error: unknown) => {
			if (!signal.aborted) throw error;
		}),
};

const windowMs = 60_000;

interface Waiter {
	resolve(): void;
	reject(error: unknown): void;
}

/**
 * Creates a sliding-window rate limiter shared by everyone who holds it: the first
 * `requestsPerMinute` requests go at once, later ones wait until the oldest of the window
 * is a minute old. Waiters are served first come, first served.
 */
export function createRateLimiter(
	requestsPerMinute: number,
	clock: RateLimiterClock = systemClock,
): RateLimiter {
	return buildLimiter(requestsPerMinute, clock).limiter;
}

function buildLimiter(
	initialLimit: number,
	clock: RateLimiterClock,
): { limiter: RateLimiter; restrict(requestsPerMinute: number): void } {
	let requestsPerMinute = checkedLimit(initialLimit);
	const granted: number[] = [];
	const queue: Waiter[] = [];
	let pumping = false;
	/** Ends the pump's sleep early: once nobody waits, no timer may hold the process open. */
	let wake: AbortController | undefined;

	const pump = async () => {
		if (pumping) return;
		pumping = true;
		try {
			while (queue.length > 0) {
				const now = clock.now();
				while (granted.length > 0 && (granted[0] ?? 0) <= now - windowMs) granted.shift();
				if (granted.length < requestsPerMinute) {
					granted.push(now);
					queue.shift()?.resolve();
				} else {
					wake = new AbortController();
					await clock.sleep((granted[0] ?? now) + windowMs - now, wake.signal);
				}
			}
		} finally {
			wake = undefined;
			pumping = false;
		}
	};

	const limiter: RateLimiter = {
		get requestsPerMinute() {
			return requestsPerMinute;
		},
		get waiting() {
			return queue.length;
		},
		acquire(signal) {
			if (signal?.aborted) return Promise.reject(cancelled(signal));
			return new Promise<void>((resolve, reject) => {
				const onAbort = () => {
					const index = queue.indexOf(waiter);
					if (index >= 0) queue.splice(index, 1);
					if (queue.length === 0) wake?.abort();
					reject(cancelled(signal));
				};
				const waiter: Waiter = {
					resolve() {
						signal?.removeEventListener("abort", onAbort);
						resolve();
					},
					reject,
				};
				signal?.addEventListener("abort", onAbort, { once: true });
				queue.push(waiter);
				void pump();
			});
		},
	};
	return {
		limiter,
		restrict(limit) {
			requestsPerMinute = Math.min(requestsPerMinute, checkedLimit(limit));
		},
	};
}

const shared = new Map<string, ReturnType<typeof buildLimiter>>();

/**
 * The process-wide limiter of one model (e.g. "openai:gpt-4.1-mini"), so that concurrent
 * agents on that model share its budget. If callers ask for different limits, the
 * strictest one is kept.
 */
export function rateLimiterFor(modelKey: string, requestsPerMinute: number): RateLimiter {
	const existing = shared.get(modelKey);
	if (existing) {
		existing.restrict(requestsPerMinute);
		return existing.limiter;
	}
	const created = buildLimiter(requestsPerMinute, systemClock);
	shared.set(modelKey, created);
	return created.limiter;
}

function checkedLimit(requestsPerMinute: number): number {
	if (!Number.isInteger(requestsPerMinute) || requestsPerMinute < 1) {
		throw new ConfigError(
			`A rate limit must be a whole number of requests per minute, at least 1; got ${requestsPerMinute}.`,
		);
	}
	return requestsPerMinute;
}

function cancelled(signal: AbortSignal | undefined): CancelledError {
	return new CancelledError("The run was cancelled.", { cause: signal?.reason });
}
