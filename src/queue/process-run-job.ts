import { randomBytes } from "node:crypto";
import { access, rm } from "node:fs/promises";
import type { Redis } from "ioredis";
import type { CrewOutput } from "../crew/crew.ts";
import { writeOutputFile } from "../crew/write-output.ts";
import type { CrewEvent } from "../events.ts";
import { pendingQuestions } from "../human/human-history.ts";
import type { ResolveModelOptions } from "../models/resolve-model.ts";
import { executeRun } from "../service/execute-run.ts";
import {
	checkRequestedModel,
	operatorTrust,
	type ServicePolicy,
} from "../service/service-policy.ts";
import { redactValue } from "../store/redact-secrets.ts";
import type { RunStore } from "../store/run-store.ts";
import { emptyUsage } from "../usage.ts";
import { waitRunOnce } from "./question-scripts.ts";
import { type RunKeys, runKeys } from "./redis-keys.ts";
import { completedTasksFromEvents } from "./restore-from-events.ts";
import { createRunEventSink } from "./run-event-sink.ts";
import { parseRunJobData, rebaseDefinition } from "./run-job.ts";
import { finishRunOnce, type RunOutcome } from "./run-scripts.ts";
import { readRunEvents } from "./run-stream.ts";

/** What a worker gives every job it processes. */
export interface RunJobContext {
	/** The worker's command connection (events are pipelined on it, in order). */
	redis: Redis;
	/** The worker's own run store. */
	store: RunStore;
	/** This machine's workspace: runs are rebased onto it. */
	workspace: string;
	/** Names the worker in result hashes. */
	workerName: string;
	env: Record<string, string | undefined>;
	redact: (text: string) => string;
	modelOptions?: ResolveModelOptions;
	/**
	 * What queued runs may name and do, set when the worker starts: their model must be the
	 * worker's default or on its allow-list, and crew folders start MCP servers only when
	 * `allowCrewMcp`, reading only the variables of `allowCrewVariables`. Without it, models
	 * are not checked and crew MCP servers never start.
	 */
	policy?: ServicePolicy & { defaultModel: string };
}

/** Why an attempt was stopped from outside. */
export type StopReason = "cancel" | "hand-back" | "lock-lost";

/** One attempt's controls: its signal, and why it was stopped. */
export interface AttemptControl {
	readonly signal: AbortSignal;
	readonly reason: StopReason | undefined;
	stop(reason: StopReason): void;
}

export function createAttemptControl(): AttemptControl {
	const controller = new AbortController();
	let reason: StopReason | undefined;
	return {
		signal: controller.signal,
		get reason() {
			return reason;
		},
		stop(why) {
			if (reason) return;
			reason = why;
			controller.abort();
		},
	};
}

/** How an attempt ended. */
export type AttemptResult =
	| {
			type: "finished";
			status: RunOutcome["status"];
			/** Where this machine has the report ("" without one). */
			reportPath: string;
			error: string;
			/** An earlier attempt had finished the run; nothing was run again. */
			alreadyDone: boolean;
			/** Tasks taken from earlier attempts instead of being run. */
			restored: number;
	  }
	| { type: "handed-back" }
	| { type: "lost" }
	/** The run stopped to wait for a person: its job ends, no slot is held while it waits. */
	| { type: "waiting" };

/**
 * Runs one attempt of a queued run. A run that is already done is not run again; otherwise
 * its completed tasks are rebuilt from the Redis stream and restored, the rest run here
 * under the same run id, every event going to the stream (fenced by the job lock). The
 * attempt that sets the done marker writes the result hash and then the report file.
 */
export async function processRunJob(
	job: { data: unknown; token: string },
	context: RunJobContext,
	attempt: AttemptControl,
): Promise<AttemptResult> {
	const { runId, definition: foreign, inputs } = parseRunJobData(job.data);
	const { redis } = context;
	const keys = runKeys(runId);
	const fence = { token: job.token };
	const definition = rebaseDefinition(foreign, context.workspace);

	const done = await redis.hgetall(keys.result);
	if (done.status) return alreadyFinished(done, definition.out);
	const finish = (ending: Ending) => finishAttempt(context, keys, fence, definition.out, ending);
	if (await redis.exists(keys.cancel)) {
		return finish({ runEnd: endOf(runId, "cancelled", cancelledMessage), restored: 0 });
	}

	const earlierEvents = (await readRunEvents(redis, runId)).map((e) => e.event);
	const restore = completedTasksFromEvents(earlierEvents);
	const sink = createRunEventSink({
		redis,
		keys,
		fence,
		redact: context.redact,
		onLost: () => attempt.stop("lock-lost"),
	});
	// The engine writes its answer to a scratch file: only the attempt that finishes the
	// run writes the report, after it has won the done marker.
	const scratch = `${definition.out}.${randomBytes(4).toString("hex")}.part`;
	let output: CrewOutput | undefined;
	let failure: unknown;
	try {
		if (context.policy) {
			await checkRequestedModel(definition.model, {
				defaultModel: context.policy.defaultModel,
				policy: context.policy,
				workspace: context.workspace,
			});
		}
		output = await executeRun(
			{ ...definition, out: scratch },
			{
				store: context.store,
				mode: {
					type: "new",
					inputs,
					runId,
					...(restore.length ? { restore: { fromRun: runId, tasks: restore } } : {}),
				},
				onEvent: sink.push,
				// A flow restores its ended steps and the answers it was given from them.
				earlierEvents,
				signal: attempt.signal,
				modelOptions: { cwd: context.workspace, env: context.env, ...context.modelOptions },
				trust: operatorTrust(context.policy, "crewkit worker"),
				howToAllow: "start crewkit worker with --allow-crew-mcp (off by default)",
			},
		);
	} catch (error) {
		failure = error;
	} finally {
		await rm(scratch, { force: true });
	}
	await sink.flush();
	if (attempt.reason === "hand-back") return { type: "handed-back" };
	if (sink.lost === "already-done") return alreadyFinished(await redis.hgetall(keys.result), "");
	if (sink.lost || attempt.reason === "lock-lost") return { type: "lost" };
	if (sink.runEnd?.status === "waiting") {
		// Not finished: the run-end goes on the stream (the server sees 'waiting') without
		// the done marker, with the job's data and the questions' deadlines; an answer (or a
		// timeout, see answer-due-questions.ts) enqueues the run again.
		const pending = pendingQuestions((await readRunEvents(redis, runId)).map((e) => e.event));
		if (pending.length === 0) return { type: "handed-back" };
		const json = JSON.stringify(redactValue(sink.runEnd, context.redact));
		const seq = await waitRunOnce(
			redis,
			runId,
			fence,
			json,
			JSON.stringify(job.data),
			pending.map((question) => ({
				key: question.key,
				deadline: question.hasDefault ? question.deadline : undefined,
			})),
		);
		// Answered while this attempt was ending: the job goes back, the next attempt reads it.
		if (seq === -4) return { type: "handed-back" };
		return seq < 0 ? { type: "lost" } : { type: "waiting" };
	}

	// The engine's run-end, or one made here when the run failed before it started.
	const status = output ? "completed" : attempt.reason === "cancel" ? "cancelled" : "failed";
	const runEnd = (sink.runEnd as RunEnd | undefined) ?? endOf(runId, status, messageOf(failure));
	return finish({ runEnd, restored: restore.length, ...(output ? { output } : {}) });
}

type RunEnd = Extract<CrewEvent, { type: "run-end" }> & {
	status: Exclude<Extract<CrewEvent, { type: "run-end" }>["status"], "waiting">;
};

/** How an attempt that ran to its end finishes the run. */
interface Ending {
	runEnd: RunEnd;
	output?: CrewOutput;
	restored: number;
}

const cancelledMessage = "The run was cancelled.";

const endOf = (runId: string, status: RunEnd["status"], error: string): RunEnd => ({
	type: "run-end",
	runId,
	status,
	usage: emptyUsage(),
	durationMs: 0,
	...(error ? { error } : {}),
});

/**
 * Finishes the run if no attempt has: the run-end, done marker and result hash in one
 * fenced script; then, only for the winner, the report file.
 */
async function finishAttempt(
	context: RunJobContext,
	keys: RunKeys,
	fence: { token: string },
	reportPath: string,
	{ runEnd, output, restored }: Ending,
): Promise<AttemptResult> {
	const { status } = runEnd;
	// The result hash is shared state like the stream: secrets are redacted from it too.
	const outcome: RunOutcome = {
		status,
		report: context.redact(output?.raw ?? ""),
		reportPath: output ? reportPath : "",
		error: context.redact(
			status === "completed"
				? ""
				: status === "ungrounded"
					? (runEnd.reason ?? "")
					: runEnd.error || (status === "cancelled" ? cancelledMessage : "The run failed."),
		),
		worker: context.workerName,
	};
	const runEndJson = JSON.stringify(redactValue(runEnd, context.redact));
	const seq = await finishRunOnce(context.redis, keys, fence, runEndJson, outcome);
	if (seq === -1) return { type: "lost" };
	if (seq === -2) return alreadyFinished(await context.redis.hgetall(keys.result), "");
	if (output) await writeOutputFile(reportPath, output.raw);
	return {
		type: "finished",
		status,
		reportPath: outcome.reportPath,
		error: outcome.error,
		alreadyDone: false,
		restored,
	};
}

/** The outcome an earlier attempt stored; the report file is written here when missing. */
async function alreadyFinished(
	result: Record<string, string>,
	reportPath: string,
): Promise<AttemptResult> {
	const status = (result.status ?? "failed") as RunOutcome["status"];
	let path = "";
	if ((status === "completed" || status === "ungrounded") && reportPath) {
		const exists = await access(reportPath).then(
			() => true,
			() => false,
		);
		if (!exists) await writeOutputFile(reportPath, result.report ?? "");
		path = reportPath;
	}
	return {
		type: "finished",
		status,
		reportPath: path,
		error: result.error ?? "",
		alreadyDone: true,
		restored: 0,
	};
}

function messageOf(error: unknown): string {
	if (error === undefined) return "";
	return error instanceof Error ? error.message : String(error);
}
