import { resolve } from "node:path";
import type { CrewOutput } from "../crew/crew.ts";
import { GuardrailError } from "../crew/run-crew.ts";
import { writeOutputFile } from "../crew/write-output.ts";
import type { CrewEvent } from "../events.ts";
import { WaitingForHumanError } from "../human/human-channel.ts";
import { readCrewCode } from "../mcp/crew-code.ts";
import { createRecorder } from "../models/record-model.ts";
import { checkReport, formatReportProblems } from "../report/check-report.ts";
import { ungroundedAdvice } from "../research/ungrounded-reason.ts";
import type { GroundingSummary } from "../research/verify-report.ts";
import { groundingOf } from "../service/assess-grounding.ts";
import { type ExecuteRunOptions, executeRun, type RunMode } from "../service/execute-run.ts";
import type { RunDefinition } from "../service/run-definition.ts";
import type { RunStore } from "../store/run-store.ts";
import { openRunStore } from "../store/sqlite-store.ts";
import { createActivityLine } from "./activity-line.ts";
import { executeCliFlowRun, printWaiting, waitingExitCode } from "./cli-flow-run.ts";
import type { CliRunFlags } from "./cli-run-flags.ts";
import { cliHowToAllow, decideCrewTrust } from "./decide-crew-trust.ts";
import { downloadProgress } from "./download-progress.ts";
import type { CliIo } from "./io.ts";
import { createProgressView, formatTokens } from "./progress.ts";

export type { CliRunFlags } from "./cli-run-flags.ts";

/** The run store of the CLI: `--store`, `CREWKIT_STORE`, or `.crewkit/runs.db` in the working folder. */
export function openCliStore(io: CliIo, path?: string): RunStore {
	return openRunStore(resolve(io.cwd, path ?? io.env.CREWKIT_STORE ?? ".crewkit/runs.db"), {
		env: io.env,
	});
}

/**
 * Runs a defined crew from the CLI with live progress and optional recording; prints the
 * summary. A final report that still fails its check is written with a warning (exit 1).
 */
export async function executeCliRun(
	io: CliIo,
	store: RunStore,
	definition: RunDefinition,
	mode: RunMode,
	flags: CliRunFlags,
): Promise<number> {
	const recorder = flags.record ? createRecorder() : undefined;
	const terse = flags.quiet || flags.json;
	// Silences are explained on stderr: always in the full view, on a terminal under --quiet.
	const activity = !terse || io.interactive ? createActivityLine(io) : undefined;
	const progress = terse ? undefined : createProgressView(activity?.io ?? io);
	const onEvent = (event: CrewEvent) => {
		activity?.observe(event);
		progress?.(event);
	};
	const options: ExecuteRunOptions = {
		store,
		mode,
		...(activity || progress ? { onEvent } : {}),
		...(recorder ? { wrapModel: recorder.wrap } : {}),
		...(flags.otlp ? { tracing: { endpoint: flags.otlp } } : {}),
		...(flags.reliability ? { reliability: flags.reliability } : {}),
		...(flags.human ? { human: flags.human } : {}),
		modelOptions: {
			cwd: io.cwd,
			env: io.env,
			...(flags.threads ? { threads: flags.threads } : {}),
			...(flags.contextSize ? { contextSize: flags.contextSize } : {}),
			...(flags.quiet || flags.json
				? {}
				: {
						onDownloadProgress: downloadProgress(io),
						onDownloadWait: (message) => (activity?.io ?? io).err(`${message}\n`),
						onModelResolve: (message) => (activity?.io ?? io).err(`${message}\n`),
						onModelChoice: (choice) =>
							(activity?.io ?? io).err(`Model: local:default is ${choice.reason}\n`),
					}),
		},
	};
	try {
		if (definition.kind === "flow") return await executeCliFlowRun(io, definition, options, flags);
		const code =
			definition.kind === "yaml" && definition.crewModule
				? await readCrewCode(definition.crewModule)
				: undefined;
		const trust = await decideCrewTrust(
			io,
			{ crewDir: definition.crewDir, spec: definition.spec, code },
			flags.trust ?? false,
		);
		const result = await executeRun(definition, { ...options, trust, howToAllow: cliHowToAllow });
		const grounding = definition.kind === "research" ? groundingOf(result.tasks) : undefined;
		printSummary(io, flags, definition.out, result, grounding);
		if (
			grounding &&
			!grounding.grounded &&
			!(definition.kind === "research" && definition.allowUngrounded)
		) {
			const advice = ungroundedAdvice({
				passages: grounding.sources,
				searchedSources: definition.kind === "research" && definition.sources !== undefined,
			});
			io.err(
				`crewkit: warning: ${definition.out} is not fully grounded in sources: ${grounding.reason ?? describeGrounding(grounding)}. ${advice} Or pass --allow-ungrounded to accept it.\n`,
			);
			return 1;
		}
		return 0;
	} catch (error) {
		if (error instanceof WaitingForHumanError) {
			printWaiting(io, flags, error.runId, [error.question]);
			return waitingExitCode;
		}
		if (
			error instanceof GuardrailError &&
			error.output.task === definition.spec.tasks.at(-1)?.name
		) {
			await writeOutputFile(definition.out, error.output.raw);
			io.err(
				`crewkit: warning: ${definition.out} was written but fails its structure check (--no-check skips the check):\n`,
			);
			io.err(
				`${formatReportProblems(checkReport(error.output.raw, { sections: definition.sections ?? 10 }))}\n`,
			);
			return 1;
		}
		throw error;
	} finally {
		activity?.close();
		if (recorder && flags.record) await recorder.save(resolve(io.cwd, flags.record));
	}
}

function printSummary(
	io: CliIo,
	flags: CliRunFlags,
	out: string,
	result: CrewOutput,
	grounding: GroundingSummary | undefined,
): void {
	if (flags.json) {
		const tasks = result.tasks.map(({ task, agent, usage, durationMs }) => ({
			task,
			agent,
			usage,
			durationMs,
		}));
		const summary = {
			runId: result.runId,
			report: out,
			usage: result.usage.total,
			tasks,
			...(grounding ? { grounding } : {}),
		};
		io.out(`${JSON.stringify(summary, null, 2)}\n`);
		return;
	}
	io.out(`${out}\n`);
	if (flags.quiet) return;
	if (grounding) io.err(`Grounding: ${describeGrounding(grounding)}\n`);
	io.err(`Report written to ${out} · ${formatTokens(result.usage.total)} · run ${result.runId}\n`);
}

/** One line on how well the report is grounded. */
export function describeGrounding(summary: GroundingSummary): string {
	return [
		`${summary.sectionsCited}/${summary.sections} sections cite sources`,
		`${summary.sources} sources`,
		`${summary.supported}/${summary.citedSentences} cited sentences supported`,
		`${summary.revised} revised`,
		`${summary.removed} removed`,
	].join(" · ");
}
