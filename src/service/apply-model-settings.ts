import type { ResolveModelOptions } from "../models/resolve-model.ts";
import type { RunDefinition } from "./run-definition.ts";

/**
 * The model options a run executes with: those given now (`--context`, `--threads` of a
 * resume or replay) over those the run was started with (its definition's
 * `modelSettings`), so a resumed or replayed run keeps its original context and threads
 * unless told otherwise.
 */
export function applyModelSettings(
	definition: Pick<RunDefinition, "modelSettings">,
	given: ResolveModelOptions | undefined,
): ResolveModelOptions | undefined {
	const kept = definition.modelSettings;
	if (!kept) return given;
	const threads = given?.threads ?? kept.threads;
	const contextSize = given?.contextSize ?? kept.contextSize;
	return {
		...given,
		...(threads === undefined ? {} : { threads }),
		...(contextSize === undefined ? {} : { contextSize }),
	};
}

/** The settings to keep in a definition: only those the user chose. */
export function chosenModelSettings(settings: {
	threads?: number | undefined;
	contextSize?: number | undefined;
}): RunDefinition["modelSettings"] {
	const chosen = {
		...(settings.threads === undefined ? {} : { threads: settings.threads }),
		...(settings.contextSize === undefined ? {} : { contextSize: settings.contextSize }),
	};
	return Object.keys(chosen).length ? chosen : undefined;
}
