import { ConfigError } from "../errors.ts";
import { type ResearchStrategy, researchStrategies } from "../research/research-crew.ts";
import { chosenModelSettings } from "../service/apply-model-settings.ts";
import type { RunDefinition } from "../service/run-definition.ts";
import { parseCount } from "./parse-count.ts";

/** The options `crewkit resume` and `crewkit replay` take to change a run's settings. */
export const rerunSettingOptions = {
	threads: { type: "string" },
	context: { type: "string" },
	strategy: { type: "string" },
} as const;

export const rerunSettingsHelp = `  --context N, --threads N, --strategy S   as for crewkit run; default: the
                original run's`;

/**
 * The stored definition with the settings given now (`--context`, `--threads`,
 * `--strategy`) over the ones the run was started with; what is not given stays as it was.
 */
export function applyRerunSettings(
	definition: RunDefinition,
	values: {
		threads?: string | undefined;
		context?: string | undefined;
		strategy?: string | undefined;
	},
): RunDefinition {
	const threads =
		values.threads === undefined ? undefined : parseCount(values.threads, "--threads");
	const contextSize =
		values.context === undefined ? undefined : parseCount(values.context, "--context");
	const modelSettings = chosenModelSettings({
		threads: threads ?? definition.modelSettings?.threads,
		contextSize: contextSize ?? definition.modelSettings?.contextSize,
	});
	const changed: RunDefinition = { ...definition, ...(modelSettings ? { modelSettings } : {}) };
	if (values.strategy === undefined) return changed;
	if (changed.kind !== "research") {
		throw new ConfigError("--strategy applies to runs of the research crew only.");
	}
	if (!(researchStrategies as readonly string[]).includes(values.strategy)) {
		throw new ConfigError(
			`--strategy takes one of ${researchStrategies.join(", ")}, got '${values.strategy}'.`,
		);
	}
	return { ...changed, strategy: values.strategy as ResearchStrategy };
}
