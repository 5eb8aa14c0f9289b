import type { ReliabilityOptions } from "../agent/call-model.ts";
import type { CrewOutput, KickoffInputs, KickoffOptions } from "../crew/crew.ts";
import { assertWritable } from "../crew/write-output.ts";
import { ConfigError } from "../errors.ts";
import type { EventListener } from "../events.ts";
import { type CrewTrust, checkCrewTrust } from "../mcp/crew-trust.ts";
import type { ResolveModelOptions } from "../models/resolve-model.ts";
import type { RunStore } from "../store/run-store.ts";
import { storedRun } from "../store/stored-run.ts";
import { assessGrounding } from "./assess-grounding.ts";
import { buildRunCrew, isRunDefinition, type RunDefinition } from "./run-definition.ts";

/** How a run starts: fresh, continuing a stored run, or replaying one from a task. */
export type RunMode =
	| {
			type: "new";
			inputs: KickoffInputs;
			/** A run id chosen in advance (a server or queue hands it out before the run starts). */
			runId?: string;
			/** Task outputs known from elsewhere (a worker continuing another worker's run). */
			restore?: KickoffOptions["restore"];
	  }
	| { type: "resume"; runId: string }
	| { type: "replay"; runId: string; from: string };

export interface ExecuteRunOptions {
	store: RunStore;
	mode: RunMode;
	onEvent?: EventListener;
	signal?: AbortSignal;
	wrapModel?: KickoffOptions["wrapModel"];
	modelOptions?: ResolveModelOptions;
	reliability?: ReliabilityOptions;
	/** OpenTelemetry spans of the run (`--otlp`); see `KickoffOptions.tracing`. */
	tracing?: KickoffOptions["tracing"];
	/**
	 * What the user allowed the crew folder to start and read (MCP `command:` servers,
	 * `url:` servers with headers, `${NAME}` variables); `"all"` allows whatever it asks.
	 * Default: nothing, and a crew that asks for any of it fails before starting.
	 */
	trust?: CrewTrust | "all" | undefined;
	/** How the error tells the user to allow a crew (e.g. "pass --trust"). */
	howToAllow?: string;
}

/**
 * Runs a defined crew: the one way the CLI, the server and workers start, resume and replay
 * runs. The output path is checked before any work; the store records everything.
 */
export async function executeRun(
	definition: RunDefinition,
	options: ExecuteRunOptions,
): Promise<CrewOutput> {
	const mcpEnv = checkCrewTrust(
		definition.spec,
		options.trust,
		options.modelOptions?.env ?? process.env,
		`crew in ${definition.crewDir}`,
		options.howToAllow ?? "run it with --trust, or approve it once on a terminal",
	);
	await assertWritable(definition.out);
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
		// Opt-in memory (crewkit run --memory); knowledge of YAML agents is indexed in the workspace.
		...(definition.memory ? { memory: definition.memory } : {}),
		knowledge: { baseFolder: definition.workspace },
		...(definition.kind === "research" ? { assessRun: assessGrounding } : {}),
		mcpEnv,
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
