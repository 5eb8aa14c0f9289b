import type { Redis } from "ioredis";
import type { RunKeys } from "./redis-keys.ts";

/**
 * Appends one event to a run's stream, fenced by the job lock: only the worker whose token
 * is the lock's value (or a caller passing no token) may write, and nothing is written once
 * the run is done. The sequence number comes from INCR in the same script, so the numbering
 * goes on across attempts. Returns the seq, -1 when the lock is not the caller's, -2 when
 * the run is already done.
 */
const appendScript = `
if ARGV[1] ~= "" and redis.call("GET", KEYS[1]) ~= ARGV[1] then return -1 end
if redis.call("EXISTS", KEYS[4]) == 1 then return -2 end
local seq = redis.call("INCR", KEYS[2])
redis.call("XADD", KEYS[3], seq .. "-0", "seq", seq, "event", ARGV[2])
return seq
`;

/**
 * Finishes a run exactly once: fenced like the append, then `SET NX` of the done marker;
 * only the caller that sets it appends the run-end event and writes the result hash.
 * Returns the run-end's seq, -1 when the lock is not the caller's, -2 when already done.
 */
const finishScript = `
if ARGV[1] ~= "" and redis.call("GET", KEYS[1]) ~= ARGV[1] then return -1 end
if not redis.call("SET", KEYS[4], ARGV[3], "NX") then return -2 end
local seq = redis.call("INCR", KEYS[2])
redis.call("XADD", KEYS[3], seq .. "-0", "seq", seq, "event", ARGV[2])
local now = redis.call("TIME")
redis.call("HSET", KEYS[5], "status", ARGV[3], "report", ARGV[4], "reportPath", ARGV[5],
	"error", ARGV[6], "worker", ARGV[7], "seq", seq, "finishedAt", now[1] * 1000 + math.floor(now[2] / 1000))
local ttl = tonumber(ARGV[8])
if ttl > 0 then
	for i = 2, 5 do redis.call("EXPIRE", KEYS[i], ttl) end
end
return seq
`;

/** How long a finished run's stream, marker and result stay in Redis: 7 days. */
export const finishedRunTtlSeconds = 7 * 24 * 3600;

type ScriptCall = (...args: Array<string | number>) => Promise<number>;

const defined = new WeakSet<Redis>();

function scripts(redis: Redis): { crewkitAppend: ScriptCall; crewkitFinish: ScriptCall } {
	if (!defined.has(redis)) {
		redis.defineCommand("crewkitAppend", { numberOfKeys: 4, lua: appendScript });
		redis.defineCommand("crewkitFinish", { numberOfKeys: 5, lua: finishScript });
		defined.add(redis);
	}
	// defineCommand adds the methods at run time; ioredis cannot type them.
	return redis as unknown as { crewkitAppend: ScriptCall; crewkitFinish: ScriptCall };
}

/** Who writes: the job lock's token, or "" for a writer outside any job (a launcher). */
export type Fence = { token: string };

export function appendRunEvent(
	redis: Redis,
	keys: RunKeys,
	fence: Fence,
	eventJson: string,
): Promise<number> {
	return scripts(redis).crewkitAppend(
		keys.lock,
		keys.seq,
		keys.stream,
		keys.done,
		fence.token,
		eventJson,
	);
}

/** The outcome of a run as the result hash keeps it. */
export interface RunOutcome {
	status: "completed" | "ungrounded" | "failed" | "cancelled";
	report: string;
	reportPath: string;
	error: string;
	worker: string;
}

export function finishRunOnce(
	redis: Redis,
	keys: RunKeys,
	fence: Fence,
	runEndJson: string,
	outcome: RunOutcome,
	ttlSeconds = finishedRunTtlSeconds,
): Promise<number> {
	return scripts(redis).crewkitFinish(
		keys.lock,
		keys.seq,
		keys.stream,
		keys.done,
		keys.result,
		fence.token,
		runEndJson,
		outcome.status,
		outcome.report,
		outcome.reportPath,
		outcome.error,
		outcome.worker,
		ttlSeconds,
	);
}
