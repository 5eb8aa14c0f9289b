import { parseArgs } from "node:util";
import { answerRun, waitingQuestions } from "../human/answer-run.ts";
import { storedDefinition } from "../service/execute-run.ts";
import { resolveRunId } from "../store/resolve-run-id.ts";
import { executeCliRun } from "./cli-run.ts";
import type { Command } from "./command.ts";
import { humanModeHelp, humanOptionsFor } from "./human-mode.ts";
import { createPromptAnswerer, describeQuestion } from "./prompt-human.ts";
import { requireRunId, withRunStore } from "./with-run-store.ts";

export const command: Command = {
	usage: `Usage: crewkit answer <run> [answer] [--key KEY] [--no-resume] [options]

Answers the question a waiting run asks (crewkit runs shows it as 'waiting'; crewkit
show <run> shows the question), then continues the run here until it ends or asks
again. Without an answer argument the question is asked on the terminal.

Answers: yes/no for approvals; a choice or its number; text; JSON for questions
with a schema; for a task's review (human_input) an empty answer or 'yes'
accepts, anything else is feedback the agent revises with.

Options:
  --key KEY      which question, when the run waits on several (default: the first)
  --no-resume    only record the answer; continue later with crewkit resume <run>
  --list         print the questions the run waits on, and exit
  --wait         a queued run (CREWKIT_REDIS_URL): follow it on its worker until
                 it ends (exit as crewkit enqueue --wait does: 3 if it asks again)
${humanModeHelp}
  --quiet, --json, --store FILE   as for crewkit run`,

	async run(args, io) {
		const { values, positionals } = parseArgs({
			args,
			allowPositionals: true,
			options: {
				key: { type: "string" },
				"no-resume": { type: "boolean", default: false },
				list: { type: "boolean", default: false },
				human: { type: "string" },
				quiet: { type: "boolean", default: false },
				json: { type: "boolean", default: false },
				store: { type: "string" },
				wait: { type: "boolean", default: false },
			},
		});
		const requested = requireRunId("answer", positionals);
		const given = positionals.slice(1).join(" ");
		const redisUrl = io.env.CREWKIT_REDIS_URL;
		return withRunStore(io, values.store, async (store) => {
			if (redisUrl && !store.getRun(requested)) {
				// A queued run: answered through Redis, continued by a worker.
				const { answerQueuedRunFromCli } = await import("./answer-queued.ts");
				return answerQueuedRunFromCli(io, redisUrl, requested, given, {
					key: values.key,
					wait: values.wait,
					quiet: values.quiet,
				});
			}
			const runId = resolveRunId(store, requested);
			const pending = waitingQuestions(store, runId);
			if (values.list) {
				io.out(
					values.json
						? `${JSON.stringify(pending, null, 2)}\n`
						: pending.map((question) => `${question.key}${describeQuestion(question)}`).join(""),
				);
				return 0;
			}
			let answer: unknown = given;
			if (positionals.length < 2 && io.input) {
				const question = pending.find((q) => !values.key || q.key === values.key) ?? pending[0];
				if (question) {
					const prompt = createPromptAnswerer(io.input, io.err);
					try {
						answer = await prompt(question);
					} finally {
						prompt.close();
					}
				}
			}
			const recorded = answerRun(store, runId, answer, { key: values.key });
			if (!values.quiet)
				io.err(`Answered '${recorded.question.prompt}': ${JSON.stringify(recorded.answer)}\n`);
			if (values["no-resume"]) return 0;
			const human = humanOptionsFor(io, values.human);
			try {
				return await executeCliRun(
					io,
					store,
					storedDefinition(store, runId),
					{ type: "resume", runId },
					{ quiet: values.quiet, json: values.json, human: human.human },
				);
			} finally {
				human.close();
			}
		});
	},
};
