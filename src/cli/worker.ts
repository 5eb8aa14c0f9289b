import { resolve } from "node:path";
import { parseArgs } from "node:util";
import { ConfigError } from "../errors.ts";
import { defaultModelSpec } from "../models/resolve-model.ts";
import type { AttemptResult } from "../queue/process-run-job.ts";
import { queueWorkerDefaults, startQueueWorker } from "../queue/queue-worker.ts";
import { redactUrl } from "../queue/redis-connection.ts";
import { openRunStore } from "../store/sqlite-store.ts";
import type { Command } from "./command.ts";
import type { CliIo } from "./io.ts";
import { parseCount } from "./parse-count.ts";
import {
	servicePolicyFromFlags,
	servicePolicyHelp,
	servicePolicyOptions,
} from "./service-policy-flags.ts";

export const command: Command = {
	usage: `Usage: crewkit worker [--concurrency N] [--store FILE] [options]

Executes runs from the queue on Redis (CREWKIT_REDIS_URL), N at a time, until
stopped. Start any number of workers on any machine. A run whose worker dies is
taken over by another within seconds and continues after its last completed
task. On SIGINT or SIGTERM the worker takes no new runs and waits --grace
seconds for those in progress, then hands them back to the queue; a second
signal hands them back at once.

Options:
  --concurrency N  runs at once (default 1)
  --store FILE     this worker's own run store (default .crewkit/worker-runs.db,
                   or :memory:); the shared record of every run is in Redis
  --grace S        seconds to let runs finish on shutdown (default 30)
  --lock-ms N      job lock duration in milliseconds (default ${queueWorkerDefaults.lockDurationMs})
  --threads N      threads of the embedded model (default: one per physical core, at most 8)
  --redis URL      Redis (default: CREWKIT_REDIS_URL)
  --model M        the default model of queued runs that are checked here
                   (default CREWKIT_MODEL, else ${defaultModelSpec})
${servicePolicyHelp}
  --quiet          print nothing but errors`,

	async run(args, io) {
		const { values } = parseArgs({
			args,
			options: {
				concurrency: { type: "string" },
				store: { type: "string" },
				grace: { type: "string" },
				"lock-ms": { type: "string" },
				threads: { type: "string" },
				redis: { type: "string" },
				quiet: { type: "boolean", default: false },
				model: { type: "string" },
				...servicePolicyOptions,
			},
		});
		const policy = servicePolicyFromFlags(values);
		const redisUrl = values.redis ?? io.env.CREWKIT_REDIS_URL;
		if (!redisUrl) {
			throw new ConfigError(
				"worker needs Redis: set CREWKIT_REDIS_URL (e.g. redis://127.0.0.1:6379) or pass --redis URL.",
			);
		}
		const count = (value: string | undefined, flag: string) =>
			value === undefined ? undefined : parseCount(value, flag);
		const concurrency = count(values.concurrency, "--concurrency") ?? 1;
		const graceMs = (count(values.grace, "--grace") ?? 30) * 1000;
		const lockDurationMs = count(values["lock-ms"], "--lock-ms");
		const threads = count(values.threads, "--threads");
		const storePath = values.store ?? ".crewkit/worker-runs.db";
		const store = openRunStore(storePath === ":memory:" ? storePath : resolve(io.cwd, storePath), {
			env: io.env,
		});
		const log = (line: string) => {
			if (!values.quiet) io.err(`${line}\n`);
		};
		try {
			const worker = await startQueueWorker({
				redisUrl,
				concurrency,
				store,
				workspace: io.cwd,
				env: io.env,
				modelOptions: { cwd: io.cwd, env: io.env, ...(threads ? { threads } : {}) },
				policy: {
					defaultModel: values.model ?? io.env.CREWKIT_MODEL ?? defaultModelSpec,
					...policy,
				},
				...(lockDurationMs ? { lockDurationMs } : {}),
				onActivity: (activity) => {
					if (activity.type === "run-start") log(`▶ ${activity.runId}`);
					else if (activity.type === "run-end") log(describeEnd(activity.runId, activity.result));
					else if (activity.type === "question-timeout")
						log(
							`⏱ ${activity.runId}: no answer in time to ${activity.key}; took the default ${JSON.stringify(activity.answer)} and put the run back on the queue`,
						);
					else io.err(`crewkit worker: ${activity.message}\n`);
				},
			});
			log(
				`crewkit worker ${worker.name}: ready, ${concurrency} at a time, queue on ${redactUrl(redisUrl)}`,
			);
			await stopSignals(io, worker, graceMs);
			log(`crewkit worker ${worker.name}: stopped`);
			return 0;
		} finally {
			store.close();
		}
	},
};

/** Waits for SIGINT/SIGTERM, then closes the worker; a second signal hands runs back at once. */
function stopSignals(
	io: CliIo,
	worker: {
		running: readonly string[];
		close(options: { graceMs: number }): Promise<void>;
		handBack(): void;
	},
	graceMs: number,
): Promise<void> {
	return new Promise((resolveClosed, rejectClosed) => {
		let signals = 0;
		const onSignal = (signal: NodeJS.Signals) => {
			signals++;
			if (signals === 1) {
				const running = worker.running.length;
				io.err(
					`${signal}: taking no new runs${running ? `; waiting up to ${graceMs / 1000} s for ${running} in progress (signal again to hand them back now)` : ""}.\n`,
				);
				worker.close({ graceMs }).then(() => {
					process.off("SIGINT", onSignal);
					process.off("SIGTERM", onSignal);
					resolveClosed();
				}, rejectClosed);
			} else {
				io.err(`${signal}: handing runs in progress back to the queue.\n`);
				worker.handBack();
			}
		};
		process.on("SIGINT", onSignal);
		process.on("SIGTERM", onSignal);
	});
}

function describeEnd(runId: string, result: AttemptResult): string {
	if (result.type === "handed-back") return `↩ ${runId} handed back to the queue`;
	if (result.type === "lost") return `⚠ ${runId} lost its lock; another worker continues it`;
	if (result.type === "waiting")
		return `⏸ ${runId} waits for an answer (crewkit answer ${runId} …); no slot is held`;
	const notes = [
		result.alreadyDone ? "already finished earlier" : "",
		result.restored ? `${result.restored} task(s) restored from an earlier attempt` : "",
	].filter(Boolean);
	const suffix = notes.length ? ` (${notes.join("; ")})` : "";
	if (result.status === "completed") return `✔ ${runId} completed${suffix} → ${result.reportPath}`;
	if (result.status === "ungrounded")
		return `⚠ ${runId} ungrounded${suffix} → ${result.reportPath}: ${result.error}`;
	return `✖ ${runId} ${result.status}${suffix}: ${result.error}`;
}
