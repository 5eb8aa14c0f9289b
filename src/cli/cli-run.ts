import { resolve } from "node:path";
import type { CrewOutput } from "../crew/crew.ts";
import { GuardrailError } from "../crew/run-crew.ts";
import { writeOutputFile } from "../crew/write-output.ts";
import { formatProgressBar } from "../models/embedded/format-progress-bar.ts";
import { createRecorder } from "../models/record-model.ts";
import { checkReport, formatReportProblems } from "../report/check-report.ts";
import { executeRun, type RunMode } from "../service/execute-run.ts";
import type { RunDefinition } from "../service/run-definition.ts";
import type { RunStore } from "../store/run-store.ts";
import { openRunStore } from "../store/sqlite-store.ts";
import type { CliIo } from "./io.ts";
import { createProgressView, formatTokens } from "./progress.ts";

export interface CliRunFlags {
	quiet: boolean;
	json: boolean;
	record?: string | undefined;
	threads?: number | undefined;
}

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
	const progress = flags.quiet || flags.json ? undefined : createProgressView(io);
	try {
		const result = await executeRun(definition, {
			store,
			mode,
			...(progress ? { onEvent: progress } : {}),
			...(recorder ? { wrapModel: recorder.wrap } : {}),
			modelOptions: {
				cwd: io.cwd,
				env: io.env,
				...(flags.threads ? { threads: flags.threads } : {}),
				...(flags.quiet || flags.json ? {} : { onDownloadProgress: downloadProgress(io) }),
			},
		});
		printSummary(io, flags, definition.out, result);
		return 0;
	} catch (error) {
		if (
			error instanceof GuardrailError &&
			error.output.task === definition.spec.tasks.at(-1)?.name
		) {
			await writeOutputFile(definition.out, error.output.raw);
			io.err(`crewkit: warning: ${definition.out} was written but fails its structure check:\n`);
			io.err(
				`${formatReportProblems(checkReport(error.output.raw, { sections: definition.sections ?? 10 }))}\n`,
			);
			return 1;
		}
		throw error;
	} finally {
		if (recorder && flags.record) await recorder.save(resolve(io.cwd, flags.record));
	}
}

function printSummary(io: CliIo, flags: CliRunFlags, out: string, result: CrewOutput): void {
	if (flags.json) {
		const tasks = result.tasks.map(({ task, agent, usage, durationMs }) => ({
			task,
			agent,
			usage,
			durationMs,
		}));
		io.out(
			`${JSON.stringify({ runId: result.runId, report: out, usage: result.usage.total, tasks }, null, 2)}\n`,
		);
		return;
	}
	io.out(`${out}\n`);
	if (!flags.quiet)
		io.err(
			`Report written to ${out} · ${formatTokens(result.usage.total)} · run ${result.runId}\n`,
		);
}

function downloadProgress(io: CliIo): (downloaded: number, total: number) => void {
	let lastShown = -1;
	return (downloaded, total) => {
		const percent = total ? Math.floor((downloaded / total) * 100) : 0;
		if (percent === lastShown) return;
		lastShown = percent;
		const line = `Downloading the model ${formatProgressBar(downloaded, total, 30)}`;
		if (io.interactive) io.err(`\r${line}${percent >= 100 ? "\n" : ""}`);
		else if (percent % 10 === 0) io.err(`${line}\n`);
	};
}
