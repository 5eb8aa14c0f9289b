import { mkdir, mkdtemp, rm, symlink } from "node:fs/promises";
import { tmpdir } from "node:os";
import { basename, dirname, join } from "node:path";
import { pathToFileURL } from "node:url";
import type { CrewWarning } from "../config/crew-spec.ts";
import type { ModelSpec } from "../crew/agent.ts";
import type { Crew } from "../crew/crew.ts";
import { createRecorder } from "../models/record-model.ts";
import { createScriptedModel, type ScriptedReply } from "../models/scripted-model.ts";
import type { CrewkitPackage } from "../scaffold/crewkit-package.ts";
import { loadCrewProject } from "./load-crew-project.ts";
import { writeCrewkitProject } from "./write-crewkit-project.ts";
import { sampleValue } from "./zod-code.ts";

export interface ImportResult {
	/** The crewkit project's folder. */
	folder: string;
	/** What could not be converted (also in NOT-CONVERTED.md). */
	notConverted: CrewWarning[];
}

/**
 * Converts the CrewAI project at `source` (any layout `crewkit run --crew` reads) into a
 * crewkit project in `destination`, and records the model calls of one run of it (on a
 * scripted model answering each task) as test/calls.json, so its own `npm test` passes.
 */
export async function importCrewaiProject(
	source: string,
	destination: string,
	crewkit: CrewkitPackage,
): Promise<ImportResult> {
	const { layout, spec } = await loadCrewProject(source);
	const name =
		basename(destination)
			.toLowerCase()
			.replace(/[^a-z0-9._-]+/g, "-")
			.replace(/^[^a-z0-9]+/, "") || layout.name.replaceAll("_", "-");
	const inputs = await writeCrewkitProject({
		name,
		folder: destination,
		spec,
		crewkit,
		sourceRoot: dirname(layout.root),
	});
	const plans = {
		plans: spec.tasks.map((task) => ({ task: task.name, plan: `Do ${task.name} step by step.` })),
	};
	const replies: ScriptedReply[] = [
		...(spec.planning ? [JSON.stringify(plans)] : []),
		...spec.tasks.flatMap((task) => [
			task.outputSchema
				? JSON.stringify(sampleValue(task.outputSchema, task.name))
				: `Recorded answer of ${task.name}.`,
			...(task.guardrails ?? []).map(() =>
				JSON.stringify({ ok: true, reason: "The answer meets the check." }),
			),
		]),
	];
	await recordCalls(destination, crewkit, inputs, replies);
	return { folder: destination, notConverted: spec.warnings ?? [] };
}

/** Runs the new project's crew.ts once on the scripted replies and saves its calls in test/calls.json. */
async function recordCalls(
	folder: string,
	crewkit: CrewkitPackage,
	inputs: Record<string, string>,
	replies: ScriptedReply[],
): Promise<void> {
	// crew.ts imports "crewkit" and "zod" as the installed project will: link this crewkit for the recording.
	const modules = join(folder, "node_modules");
	await mkdir(modules, { recursive: true });
	await symlink(crewkit.root, join(modules, "crewkit"));
	await symlink(join(crewkit.root, "node_modules", "zod"), join(modules, "zod"));
	const workspace = await mkdtemp(join(tmpdir(), "crewkit-import-"));
	try {
		const { createCrew } = (await import(pathToFileURL(join(folder, "crew.ts")).href)) as {
			createCrew: (options: { workspace: string; model: ModelSpec }) => Promise<Crew>;
		};
		const recorder = createRecorder();
		const crew = await createCrew({ workspace, model: createScriptedModel({ replies }) });
		await crew.kickoff({
			inputs,
			wrapModel: recorder.wrap,
			tracing: false,
			knowledge: { baseFolder: folder, folder: join(workspace, "knowledge") },
		});
		await recorder.save(join(folder, "test", "calls.json"));
	} finally {
		await rm(modules, { recursive: true, force: true });
		await rm(workspace, { recursive: true, force: true });
	}
}
