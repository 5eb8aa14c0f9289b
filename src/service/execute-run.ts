import type { CrewOutput, KickoffOptions } from "../crew/crew.ts";
import { assertWritable } from "../crew/write-output.ts";
import { ConfigError } from "../errors.ts";
import type { FlowOutput } from "../flow/run-flow.ts";
import { WaitingForHumanError } from "../human/human-channel.ts";
import type { HumanQuestion } from "../human/human-question.ts";
import { readCrewCode } from "../mcp/crew-code.ts";
import { checkCrewTrust } from "../mcp/crew-trust.ts";
import { reviewResearch } from "../research/review-research.ts";
import type { RunStore } from "../store/run-store.ts";
import { storedRun } from "../store/stored-run.ts";
import { applyModelSettings } from "./apply-model-settings.ts";
import { assessGrounding } from "./assess-grounding.ts";
import { executeFlowRun } from "./execute-flow-run.ts";
import type { ExecuteRunOptions } from "./execute-run-options.ts";
import { buildRunCrew, isRunDefinition, type RunDefinition } from "./run-definition.ts";

export type { ExecuteRunOptions, RunMode } from "./execute-run-options.ts";

/**
 * Runs a defined crew: the one way the CLI, the server and workers start, resume and replay
 * runs. The output path is checked before any work; the store records everything.
 */
export async function executeRun(
	definition: RunDefinition,
	options: ExecuteRunOptions,
): Promise<CrewOutput> {
	await assertWritable(definition.out);
	const modelOptions = applyModelSettings(definition, options.modelOptions);
	if (modelOptions) options = { ...options, modelOptions };
	if (definition.kind === "flow")
		return flowAsCrewOutput(await executeFlowRun(definition, options));
	// A crew.ts is code: importing it runs it, so it is approved (by the hash of its folder's
	// definition files) before buildRunCrew imports it.
	const code =
		definition.kind === "yaml" && definition.crewModule
			? await readCrewCode(definition.crewModule)
			: undefined;
	const access = checkCrewTrust(
		definition.spec,
		options.trust,
		options.modelOptions?.env ?? process.env,
		`crew in ${definition.crewDir}`,
		options.howToAllow ?? "run it with --trust, or approve it once on a terminal",
		code,
	);
	const { crew, dispose } = await buildRunCrew(definition);
	const kickoff: KickoffOptions & { store: RunStore } = {
		store: options.store,
		definition,
		model: definition.model,
		outputFile: definition.out,
		...(options.onEvent ? { onEvent: options.onEvent } : {}),
		...(options.signal ? { signal: options.signal } : {}),
		...(options.wrapModel ? { wrapModel: options.wrapModel } : {}),
		...(options.modelOptions ? { modelOptions: options.modelOptions } : {}),
		...(options.reliability ? { reliability: options.reliability } : {}),
		...(options.tracing === undefined ? {} : { tracing: options.tracing }),
		...(options.human ? { human: options.human } : {}),
		// Opt-in memory (crewkit run --memory); knowledge of YAML agents is indexed in the workspace.
		...(definition.memory ? { memory: definition.memory } : {}),
		knowledge: { baseFolder: definition.workspace },
		// --review: a person edits the research outline before any section is written.
		...(definition.kind === "research" && definition.review
			? { reviews: { research_task: reviewResearch } }
			: {}),
		...(definition.kind === "research" ? { assessRun: assessGrounding } : {}),
		mcpEnv: access.env,
		...(access.allowed ? { mcpAllowedVariables: access.allowed } : {}),
	};
	const { mode } = options;
	try {
		if (mode.type === "resume") return await crew.resume(mode.runId, kickoff);
		if (mode.type === "replay") return await crew.replay(mode.runId, mode.from, kickoff);
		return await crew.kickoff({
			...kickoff,
			inputs: mode.inputs,
			...(mode.runId ? { runId: mode.runId } : {}),
			...(mode.restore ? { restore: mode.restore } : {}),
		});
	} finally {
		dispose();
	}
}

/**
 * A flow's output in the shape crew runs have (for the server and workers): the result
 * as `raw`. A flow waiting for a person throws, as a crew that waits does.
 */
function flowAsCrewOutput(output: FlowOutput<Record<string, unknown>>): CrewOutput {
	if (output.status === "waiting") {
		throw new WaitingForHumanError(output.runId, output.questions[0] as HumanQuestion);
	}
	const { result } = output;
	return {
		runId: output.runId,
		tasks: [],
		raw: typeof result === "string" ? result : JSON.stringify(result ?? null),
		usage: { total: output.usage, byTask: {}, byAgent: {}, calls: [] },
		durationMs: output.durationMs,
	};
}

/** The definition a stored run was started with, or why it cannot be run again here. */
export function storedDefinition(store: RunStore, runId: string): RunDefinition {
	const run = storedRun(store, runId);
	if (!isRunDefinition(run.definition)) {
		throw new ConfigError(
			`Run '${runId}' was started from code, not from a crew definition: resume it with crew.resume('${runId}', { store }).`,
		);
	}
	return run.definition;
}
