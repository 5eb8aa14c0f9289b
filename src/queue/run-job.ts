import { basename, join } from "node:path";
import type { KickoffInputs } from "../crew/crew.ts";
import { ConfigError } from "../errors.ts";
import { pathInside } from "../path-inside.ts";
import { isRunDefinition, type RunDefinition } from "../service/run-definition.ts";

/** What a queued job carries: everything a worker on any machine needs to run it. */
export interface RunJobData {
	runId: string;
	/** `defineRun`'s output, as plain JSON (the crew spec is inside, not only its folder). */
	definition: RunDefinition;
	inputs: KickoffInputs;
}

/** What a job returns to BullMQ when it completes. */
export interface RunJobResult {
	/** `waiting`: the run waits for a person; answering it enqueues it again. */
	status: "completed" | "ungrounded" | "cancelled" | "waiting";
	/** Where this worker wrote the report ("" when it did not). */
	reportPath: string;
	/** True when an earlier attempt had already finished the run and nothing was done again. */
	alreadyDone: boolean;
}

/** The crew's name as run lists show it. */
export const crewNameOf = (definition: RunDefinition) =>
	definition.kind === "research"
		? "research"
		: definition.kind === "flow"
			? definition.flowName
			: definition.crewName;

/** Checks a job's data (it comes from Redis, written by any client). */
export function parseRunJobData(data: unknown): RunJobData {
	const value = data as Partial<RunJobData> | null;
	if (
		typeof value !== "object" ||
		value === null ||
		typeof value.runId !== "string" ||
		!isRunDefinition(value.definition) ||
		typeof value.inputs !== "object" ||
		value.inputs === null
	) {
		throw new ConfigError(
			"A queued job is not a crewkit run: it needs runId, definition and inputs. Enqueue runs with crewkit enqueue.",
		);
	}
	return value as RunJobData;
}

/**
 * The definition moved onto this machine's workspace: a run may be defined on another
 * machine, whose paths mean nothing here. The report goes to the same place relative to
 * the workspace. The crew spec travels inside the definition, so `crewDir` is only a label.
 */
export function rebaseDefinition(definition: RunDefinition, workspace: string): RunDefinition {
	// A file inside the workspace (not the workspace itself) keeps its place in it.
	const outInside = pathInside(definition.workspace, definition.out);
	const out = outInside
		? join(workspace, outInside)
		: join(workspace, ".crewkit", "reports", basename(definition.out));
	if (definition.kind !== "flow") return { ...definition, workspace, out };
	// A flow's module must be on this machine too, at the same place in the workspace.
	const fileInside = pathInside(definition.workspace, definition.flowFile);
	const flowFile = fileInside ? join(workspace, fileInside) : definition.flowFile;
	return { ...definition, workspace, out, flowFile };
}
