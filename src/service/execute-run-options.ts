import type { ReliabilityOptions } from "../agent/call-model.ts";
import type { KickoffInputs, KickoffOptions } from "../crew/crew.ts";
import type { CrewEvent, EventListener } from "../events.ts";
import type { HumanOptions } from "../human/human-channel.ts";
import type { CrewTrust, OperatorTrust } from "../mcp/crew-trust.ts";
import type { ResolveModelOptions } from "../models/resolve-model.ts";
import type { RunStore } from "../store/run-store.ts";

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
	 * `url:` servers with headers, `${NAME}` variables); `"all"` allows whatever it asks; an
	 * operator's trust (a server or worker) allows what it starts, and the listed variables.
	 * Default: nothing, and a crew that asks for any of it fails before starting.
	 */
	trust?: CrewTrust | OperatorTrust | "all" | undefined;
	/** How the error tells the user to allow a crew (e.g. "pass --trust"). */
	howToAllow?: string;
	/** Who answers questions to people (`human_input`, `askHuman`); default: the run waits. */
	human?: HumanOptions;
	/** Events of earlier attempts of this run (a worker continuing it): a flow restores its steps. */
	earlierEvents?: readonly CrewEvent[];
}
