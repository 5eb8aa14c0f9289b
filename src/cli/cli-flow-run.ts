import type { HumanQuestion } from "../human/human-question.ts";
import { executeFlowRun } from "../service/execute-flow-run.ts";
import type { ExecuteRunOptions } from "../service/execute-run.ts";
import type { FlowRunDefinition } from "../service/run-definition.ts";
import type { CliRunFlags } from "./cli-run-flags.ts";
import type { CliIo } from "./io.ts";
import { formatTokens } from "./progress.ts";
import { describeQuestion } from "./prompt-human.ts";

/** The exit code of a run that stopped to wait for a person (`crewkit answer` continues it). */
export const waitingExitCode = 3;

/** Runs a flow from the CLI; prints its result file and state, or the questions it waits on. */
export async function executeCliFlowRun(
	io: CliIo,
	definition: FlowRunDefinition,
	options: ExecuteRunOptions,
	flags: CliRunFlags,
): Promise<number> {
	const output = await executeFlowRun(definition, options);
	if (output.status === "waiting") {
		printWaiting(io, flags, output.runId, output.questions);
		return waitingExitCode;
	}
	if (flags.json) {
		const summary = {
			runId: output.runId,
			status: output.status,
			result: output.result,
			out: definition.out,
			state: output.state,
			usage: output.usage,
		};
		io.out(`${JSON.stringify(summary, null, 2)}\n`);
		return 0;
	}
	io.out(`${definition.out}\n`);
	if (!flags.quiet) {
		io.err(`State: ${JSON.stringify(output.state)}\n`);
		io.err(
			`Flow result written to ${definition.out} · ${formatTokens(output.usage)} · run ${output.runId}\n`,
		);
	}
	return 0;
}

/** Says what a waiting run asks and how to answer it. */
export function printWaiting(
	io: CliIo,
	flags: CliRunFlags,
	runId: string,
	questions: readonly HumanQuestion[],
): void {
	if (flags.json) {
		io.out(`${JSON.stringify({ runId, status: "waiting", questions }, null, 2)}\n`);
		return;
	}
	for (const question of questions) io.err(describeQuestion(question));
	io.err(
		`Run ${runId} is waiting for an answer. Answer with: crewkit answer ${runId} <answer> (it then continues)\n`,
	);
}
