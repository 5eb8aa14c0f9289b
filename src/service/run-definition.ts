import { buildCrew } from "../config/build-crew.ts";
import type { CrewSpec } from "../config/crew-spec.ts";
import type { Crew } from "../crew/crew.ts";
import type { Guardrail } from "../crew/task.ts";
import { ConfigError } from "../errors.ts";
import { checkReport, formatReportProblems } from "../report/check-report.ts";
import { createFileTools } from "../tools/files/file-tools.ts";
import { resolveInWorkspace } from "../tools/files/workspace-path.ts";

/**
 * Everything needed to run a crew again, as plain JSON: the run store keeps it, so a run
 * can be resumed or replayed by the CLI, the server or a worker on another machine.
 */
export interface YamlRunDefinition {
	kind: "yaml";
	crewName: string;
	crewDir: string;
	spec: CrewSpec;
	model: string;
	/** Where the final answer is written. */
	out: string;
	/** Numbered sections the final report must have; undefined: no check. */
	sections: number | undefined;
	/** The folder file tools and output files are confined to. */
	workspace: string;
}

export type RunDefinition = YamlRunDefinition;

export function isRunDefinition(value: unknown): value is RunDefinition {
	return (
		typeof value === "object" && value !== null && (value as { kind?: unknown }).kind === "yaml"
	);
}

/**
 * Builds the crew a definition describes: the report check on the final task, file tools
 * and output files confined to the workspace.
 */
export async function buildRunCrew(definition: RunDefinition): Promise<Crew> {
	const spec = await confineOutputFiles(definition.spec, definition.workspace);
	const lastTask = spec.tasks.at(-1)?.name ?? "";
	return buildCrew(spec, {
		name: definition.crewName,
		tools: createFileTools({ root: definition.workspace, allowWrite: true }),
		guardrails:
			definition.sections === undefined
				? {}
				: { [lastTask]: [reportStructure(definition.sections)] },
	});
}

/** The report check as a guardrail: problems go back to the analyst. */
export function reportStructure(sections: number): Guardrail {
	return (output) => {
		const check = checkReport(output.raw, { sections });
		return check.ok
			? { ok: true }
			: { ok: false, reason: `the report's structure is wrong:\n${formatReportProblems(check)}` };
	};
}

/** A YAML crew's `output_file`s must stay inside the workspace. */
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
