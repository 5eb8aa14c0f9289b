import type { Redis } from "ioredis";
import { deadlinesKey, runKeys } from "./redis-keys.ts";
import type { Fence } from "./run-scripts.ts";

/** How long a waiting run's job data and answered questions stay in Redis: 30 days. */
export const waitingRunTtlSeconds = 30 * 24 * 3600;

/**
 * Ends an attempt whose run waits for a person, fenced by the job lock: appends the
 * `run-end` (status waiting), keeps the job's data (the job itself may be removed from
 * BullMQ before anyone answers), and adds the questions that have a deadline to the
 * deadlines set. Returns the seq, -1 when the lock is not the caller's, -2 when done, -4
 * when one of the questions was answered meanwhile (nothing written: the attempt hands
 * the job back, and the next one reads the answer).
 * ARGV: token, run-end, job data, ttl, n, n question keys, then (deadline, member) pairs.
 */
const waitScript = `
if ARGV[1] ~= "" and redis.call("GET", KEYS[1]) ~= ARGV[1] then return -1 end
if redis.call("EXISTS", KEYS[4]) == 1 then return -2 end
local n = tonumber(ARGV[5])
for i = 6, 5 + n do
	if redis.call("HEXISTS", KEYS[7], ARGV[i]) == 1 then return -4 end
end
local seq = redis.call("INCR", KEYS[2])
redis.call("XADD", KEYS[3], seq .. "-0", "seq", seq, "event", ARGV[2])
redis.call("SET", KEYS[5], ARGV[3], "EX", ARGV[4])
for i = 6 + n, #ARGV, 2 do redis.call("ZADD", KEYS[6], ARGV[i], ARGV[i + 1]) end
return seq
`;

/**
 * Answers one question of a waiting run exactly once, whoever answers (a person through
 * the CLI or the API, or a worker or server applying a timeout): only while the run is
 * stopped (its last event is the waiting run-end or an answer), and only by the caller
 * whose HSETNX of the question's key succeeds. Returns the seq; -2 when the run is done,
 * -3 when the question was already answered, -5 when the run is running or queued.
 */
const answerScript = `
if redis.call("EXISTS", KEYS[3]) == 1 then
	redis.call("ZREM", KEYS[5], ARGV[3])
	return -2
end
local last = redis.call("XREVRANGE", KEYS[2], "+", "-", "COUNT", 1)[1]
if not last then return -5 end
local event
for i = 1, #last[2], 2 do
	if last[2][i] == "event" then event = cjson.decode(last[2][i + 1]) end
end
if not event or not (event.type == "human-answer" or (event.type == "run-end" and event.status == "waiting")) then
	return -5
end
if redis.call("HSETNX", KEYS[4], ARGV[1], ARGV[2]) == 0 then
	redis.call("ZREM", KEYS[5], ARGV[3])
	return -3
end
redis.call("ZREM", KEYS[5], ARGV[3])
redis.call("EXPIRE", KEYS[4], ARGV[4])
local seq = redis.call("INCR", KEYS[1])
redis.call("XADD", KEYS[2], seq .. "-0", "seq", seq, "event", ARGV[2])
return seq
`;

type ScriptCall = (...args: Array<string | number>) => Promise<number>;
interface QuestionScripts {
	crewkitWait: ScriptCall;
	crewkitAnswer: ScriptCall;
}

const defined = new WeakSet<Redis>();

function scripts(redis: Redis): QuestionScripts {
	if (!defined.has(redis)) {
		redis.defineCommand("crewkitWait", { numberOfKeys: 7, lua: waitScript });
		redis.defineCommand("crewkitAnswer", { numberOfKeys: 5, lua: answerScript });
		defined.add(redis);
	}
	// defineCommand adds the methods at run time; ioredis cannot type them.
	return redis as unknown as QuestionScripts;
}

/** The member of the deadlines set that stands for one question of one run. */
export const deadlineMember = (runId: string, key: string) => JSON.stringify([runId, key]);

/** Reads a member of the deadlines set; undefined when it is not one. */
export function parseDeadlineMember(member: string): { runId: string; key: string } | undefined {
	try {
		const value: unknown = JSON.parse(member);
		if (Array.isArray(value) && typeof value[0] === "string" && typeof value[1] === "string")
			return { runId: value[0], key: value[1] };
	} catch {}
	return undefined;
}

/** See `waitScript`. */
export function waitRunOnce(
	redis: Redis,
	runId: string,
	fence: Fence,
	runEndJson: string,
	jobJson: string,
	questions: ReadonlyArray<{ key: string; deadline?: number | undefined }>,
): Promise<number> {
	const keys = runKeys(runId);
	const deadlines = questions.flatMap((question) =>
		question.deadline === undefined ? [] : [question.deadline, deadlineMember(runId, question.key)],
	);
	return scripts(redis).crewkitWait(
		keys.lock,
		keys.seq,
		keys.stream,
		keys.done,
		keys.job,
		deadlinesKey,
		keys.answered,
		fence.token,
		runEndJson,
		jobJson,
		waitingRunTtlSeconds,
		questions.length,
		...questions.map((question) => question.key),
		...deadlines,
	);
}

/** See `answerScript`. */
export function answerQuestionOnce(
	redis: Redis,
	runId: string,
	questionKey: string,
	answerEventJson: string,
): Promise<number> {
	const keys = runKeys(runId);
	return scripts(redis).crewkitAnswer(
		keys.seq,
		keys.stream,
		keys.done,
		keys.answered,
		deadlinesKey,
		questionKey,
		answerEventJson,
		deadlineMember(runId, questionKey),
		waitingRunTtlSeconds,
	);
}
