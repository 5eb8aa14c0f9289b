import { access } from "node:fs/promises";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { writeOutputFile } from "../crew/write-output.ts";
import { ConfigError } from "../errors.ts";
import { defaultModelSpec } from "../models/resolve-model.ts";
import { connectRedis } from "../queue/redis-connection.ts";
import { enqueueRun, openRunQueue } from "../queue/run-queue.ts";
import { waitForRun } from "../queue/wait-for-run.ts";
import { defineRun, flowDefinition, newRunId } from "../service/define-run.ts";
import { waitingExitCode } from "./cli-flow-run.ts";
import { collectInputs } from "./collect-inputs.ts";
import type { Command } from "./command.ts";
import type { CliIo } from "./io.ts";
import { createProgressView } from "./progress.ts";
import { describeQuestion } from "./prompt-human.ts";

export const command: Command = {
	usage: `Usage: crewkit enqueue [--topic "AI LLMs"] [options]

Puts a run on the queue on Redis (CREWKIT_REDIS_URL) and prints its run id; a
'crewkit worker' on any machine executes it. Enqueueing the same --run-id again
does nothing. With --wait, shows the run's progress, waits for it to finish and
prints the report's path (the report is written here from Redis if no worker
wrote it in this folder).

Options:
  --topic T        the topic (input {topic})
  --year Y         the current year (input {current_year}; default this year)
  --input k=v      any other input of the crew (repeatable)
  --crew DIR       a crew folder inside this folder (default: the research crew)
  --flow FILE      a flow module inside this folder (it must be at the same place
                   in each worker's folder); a flow that asks a person waits
                   without holding a worker: crewkit answer <run> <answer>
  --model M        model string (default: CREWKIT_MODEL, else the embedded model)
  --run-id ID      the run's id (default: a new one)
  --wait           wait for the run to finish; exit 1 unless it completed, or
                   3 when it stops to wait for a person (the question and the
                   crewkit answer command are printed; no worker is held)
  --quiet          with --wait, print nothing but the report's path
  --redis URL      Redis (default: CREWKIT_REDIS_URL)`,

	async run(args, io) {
		const { values } = parseArgs({
			args,
			options: {
				topic: { type: "string" },
				year: { type: "string" },
				input: { type: "string", multiple: true },
				crew: { type: "string" },
				flow: { type: "string" },
				model: { type: "string" },
				"run-id": { type: "string" },
				wait: { type: "boolean", default: false },
				quiet: { type: "boolean", default: false },
				redis: { type: "string" },
			},
		});
		const redisUrl = values.redis ?? io.env.CREWKIT_REDIS_URL;
		if (!redisUrl) {
			throw new ConfigError(
				"enqueue needs Redis: set CREWKIT_REDIS_URL (e.g. redis://127.0.0.1:6379) or pass --redis URL.",
			);
		}
		const runId = values["run-id"] ?? newRunId();
		if (!/^[A-Za-z0-9_-]{1,100}$/.test(runId)) {
			throw new ConfigError(
				`--run-id takes letters, digits, '_' and '-' (at most 100), got '${runId}'.`,
			);
		}
		const inputs = collectInputs(values);
		const defaultModel = io.env.CREWKIT_MODEL ?? defaultModelSpec;
		const definition = values.flow
			? await flowDefinition({
					reference: values.flow,
					cwd: io.cwd,
					model: values.model ?? defaultModel,
					out: join(io.cwd, ".crewkit", "reports", `${runId}.md`),
				})
			: await defineRun(
					{ crew: values.crew ?? "research", inputs, model: values.model },
					{
						workspace: io.cwd,
						// The user's own command: the model they name is theirs to choose (workers
						// check it against their own allow-list).
						defaultModel: values.model ?? defaultModel,
						runId,
					},
				);
		const runQueue = await openRunQueue(redisUrl);
		try {
			await enqueueRun(runQueue, { runId, definition, inputs });
		} finally {
			await runQueue.close();
		}
		io.out(`${runId}\n`);
		if (!values.wait) return 0;
		return waitAndReport(io, redisUrl, runId, definition.out, values.quiet);
	},
};

/**
 * Follows a queued run until it finishes (prints the report's path; 0, or 1 unless it
 * completed) or stops to wait for a person (prints the question; 3).
 */
export async function waitAndReport(
	io: CliIo,
	redisUrl: string,
	runId: string,
	out: string,
	quiet: boolean,
	shownUntil = 0,
): Promise<number> {
	const redis = connectRedis(redisUrl);
	const progress = quiet ? undefined : createProgressView(io);
	try {
		const outcome = await waitForRun(redis, runId, {
			shownUntil,
			...(progress ? { onEvent: ({ event }) => progress(event) } : {}),
		});
		if (outcome.status === "waiting") {
			// The run is not finished and holds no worker: a person's answer continues it.
			for (const question of outcome.questions) io.err(describeQuestion(question));
			io.err(
				`Run ${runId} is waiting for an answer. Answer with: crewkit answer ${runId} <answer> (a worker then continues it; crewkit answer ${runId} <answer> --wait follows it to its end)\n`,
			);
			return waitingExitCode;
		}
		if (outcome.status !== "completed" && outcome.status !== "ungrounded") {
			io.err(`crewkit: run ${runId} ${outcome.status}: ${outcome.error}\n`);
			return 1;
		}
		const written = await access(out).then(
			() => true,
			() => false,
		);
		if (!written) await writeOutputFile(out, outcome.report);
		io.out(`${out}\n`);
		if (outcome.status === "ungrounded") {
			io.err(`crewkit: warning: ${out} is not fully grounded in sources: ${outcome.error}\n`);
			return 1;
		}
		return 0;
	} finally {
		redis.disconnect();
	}
}
