import { resolve } from "node:path";
import { buildCrew } from "../config/build-crew.ts";
import type { CrewSpec } from "../config/crew-spec.ts";
import type { Crew, CrewOutput, KickoffInputs, KickoffOptions } from "../crew/crew.ts";
import { GuardrailError } from "../crew/run-crew.ts";
import type { Guardrail } from "../crew/task.ts";
import { assertWritable, writeOutputFile } from "../crew/write-output.ts";
import { ConfigError } from "../errors.ts";
import { createRecorder } from "../models/record-model.ts";
import { checkReport, formatReportProblems } from "../report/check-report.ts";
import type { RunStore } from "../store/run-store.ts";
import { openRunStore } from "../store/sqlite-store.ts";
import { createFileTools } from "../tools/files/file-tools.ts";
import { resolveInWorkspace } from "../tools/files/workspace-path.ts";
import type { CliIo } from "./io.ts";
import { createProgressView, formatTokens } from "./progress.ts";

/** What the store keeps of a CLI run, so `resume` and `replay` can rebuild it. */
export interface CliRunDefinition {
	kind: "cli-yaml";
	crewName: string;
	crewDir: string;
	spec: CrewSpec;
	model: string;
	out: string;
	/** Numbered sections the final report must have; undefined: no check. */
	sections: number | undefined;
}

export interface CliRunFlags {
	quiet: boolean;
	json: boolean;
	record?: string | undefined;
	threads?: number | undefined;
}

/** How a CLI run starts: fresh, continuing a run, or replaying from one of its tasks. */
export type CliRunMode =
	| { type: "new"; inputs: KickoffInputs }
	| { type: "resume"; runId: string }
	| { type: "replay"; runId: string; from: string };

/** The run store of the CLI: `--store`, `CREWKIT_STORE`, or `.crewkit/runs.db` in the working folder. */
export function openCliStore(io: CliIo, path?: string): RunStore {
	return openRunStore(resolve(io.cwd, path ?? io.env.CREWKIT_STORE ?? ".crewkit/runs.db"), {
		env: io.env,
	});
}

export function isCliRunDefinition(value: unknown): value is CliRunDefinition {
	return (
		typeof value === "object" && value !== null && (value as { kind?: unknown }).kind === "cli-yaml"
	);
}

/**
 * Builds the crew of a CLI run, with the report check on its final task. YAML crews may use
 * the file tools, confined to the working folder.
 */
export function buildCliCrew(definition: CliRunDefinition, workspace: string): Crew {
	const lastTask = definition.spec.tasks.at(-1)?.name ?? "";
	return buildCrew(definition.spec, {
		name: definition.crewName,
		tools: createFileTools({ root: workspace, allowWrite: true }),
		guardrails:
			definition.sections === undefined
				? {}
				: { [lastTask]: [reportStructure(definition.sections)] },
	});
}

/**
 * Runs a CLI crew with live progress, the run store and optional recording; writes the
 * report; prints the summary. Resolves with the exit code.
 */
export async function executeCliRun(
	io: CliIo,
	store: RunStore,
	definition: CliRunDefinition,
	mode: CliRunMode,
	flags: CliRunFlags,
): Promise<number> {
	await assertWritable(definition.out);
	const crew = buildCliCrew(
		{ ...definition, spec: await confineOutputFiles(definition.spec, io.cwd) },
		io.cwd,
	);
	const recorder = flags.record ? createRecorder() : undefined;
	const progress = flags.quiet || flags.json ? undefined : createProgressView(io);
	const options: KickoffOptions & { store: RunStore } = {
		store,
		definition,
		model: definition.model,
		outputFile: definition.out,
		...(progress ? { onEvent: progress } : {}),
		...(recorder ? { wrapModel: recorder.wrap } : {}),
		modelOptions: {
			cwd: io.cwd,
			env: io.env,
			...(flags.threads ? { threads: flags.threads } : {}),
			...(flags.quiet || flags.json ? {} : { onDownloadProgress: downloadProgress(io) }),
		},
	};
	try {
		let result: CrewOutput;
		if (mode.type === "resume") result = await crew.resume(mode.runId, options);
		else if (mode.type === "replay") result = await crew.replay(mode.runId, mode.from, options);
		else result = await crew.kickoff({ ...options, inputs: mode.inputs });
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

/** The report check as a guardrail: problems go back to the analyst. */
function reportStructure(sections: number): Guardrail {
	return (output) => {
		const check = checkReport(output.raw, { sections });
		return check.ok
			? { ok: true }
			: { ok: false, reason: `the report's structure is wrong:\n${formatReportProblems(check)}` };
	};
}

function downloadProgress(io: CliIo): (downloaded: number, total: number) => void {
	let lastShown = -1;
	return (downloaded, total) => {
		const percent = total ? Math.floor((downloaded / total) * 100) : 0;
		if (percent === lastShown) return;
		lastShown = percent;
		const megabytes = (bytes: number) => (bytes / 1e6).toFixed(0);
		const bar = "█".repeat(Math.floor(percent / 4)).padEnd(25, "░");
		const line = `Downloading model ${bar} ${percent}% ${megabytes(downloaded)}/${megabytes(total)} MB`;
		if (io.interactive) io.err(`\r${line}${percent >= 100 ? "\n" : ""}`);
		else if (percent % 10 === 0) io.err(`${line}\n`);
	};
}

/** Loads the definition of a stored CLI run, or says why it cannot be resumed from the CLI. */
export function storedDefinition(store: RunStore, runId: string): CliRunDefinition {
	const run = store.getRun(runId);
	if (!run)
		throw new ConfigError(`There is no run '${runId}' in the store. List runs with: crewkit runs`);
	if (!isCliRunDefinition(run.definition)) {
		throw new ConfigError(
			`Run '${runId}' was started from code, not the CLI: resume it with crew.resume('${runId}', { store }).`,
		);
	}
	return run.definition;
}

/** A YAML crew's `output_file`s must stay inside the working folder. */
async function confineOutputFiles(spec: CrewSpec, workspace: string): Promise<CrewSpec> {
	const tasks = await Promise.all(
		spec.tasks.map(async (task) => {
			if (!task.outputFile) return task;
			try {
				return { ...task, outputFile: await resolveInWorkspace(workspace, task.outputFile) };
			} catch (error) {
				throw new ConfigError(
					`Task '${task.name}': output_file ${(error as Error).message}`,
					task.location,
				);
			}
		}),
	);
	return { ...spec, tasks };
}
