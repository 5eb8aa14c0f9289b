import type { LanguageModelV4 } from "@ai-sdk/provider";
import type { z } from "zod";
import type { ReliabilityOptions } from "../agent/call-model.ts";
import type { ModelSpec } from "../crew/agent.ts";
import type { EventListener } from "../events.ts";
import type { HumanOptions } from "../human/human-channel.ts";
import type { HumanHistory } from "../human/human-history.ts";
import type { HumanQuestion } from "../human/human-question.ts";
import type { ResolveModelOptions } from "../models/resolve-model.ts";
import type { RunStore } from "../store/run-store.ts";
import type { Usage } from "../usage.ts";
import type { FlowGraph } from "./flow-graph.ts";
import type { FlowRestore } from "./flow-history.ts";
import type { FlowStepOptions } from "./flow-step.ts";

/** A flow's state schema: a zod object, so that kickoff inputs can fill its fields. */
export type FlowStateSchema = z.ZodType<Record<string, unknown>>;

/** What running a flow needs of it (a `Flow`). */
export interface RunnableFlow {
	readonly name: string;
	readonly state: FlowStateSchema;
	// Steps of any state type: the runner hands each the flow's own state.
	readonly steps: Readonly<Record<string, FlowStepOptions<never>>>;
	graph(): FlowGraph;
}

export interface FlowRunOptions {
	/** Fill the state's fields (CrewAI's `kickoff(inputs=…)`). */
	inputs?: Record<string, unknown>;
	/** Records the run: every step with the state after it, and the crews inside. */
	store?: RunStore;
	onEvent?: EventListener;
	signal?: AbortSignal;
	/** The model of crews run inside steps whose agents and crew name none. */
	model?: ModelSpec;
	wrapModel?: (model: LanguageModelV4) => LanguageModelV4;
	modelOptions?: ResolveModelOptions;
	reliability?: ReliabilityOptions;
	/** Who answers `askHuman`: a person at hand, or (by default) the run waits. */
	human?: HumanOptions;
	/** What the store keeps to run the flow again (the CLI keeps the flow file). */
	definition?: unknown;
	/** A run id chosen in advance. */
	runId?: string;
	/** Where the result of a completed run is written (text as is, other values as JSON). */
	outputFile?: string;
	/** Step runs taken from stored events (resume, replay, a queue worker taking over). */
	restore?: FlowRestore;
	/** Questions asked and answered earlier in this run (resume, a queue worker taking over). */
	history?: HumanHistory;
}

interface FlowOutputBase<State> {
	runId: string;
	state: State;
	/** The latest output of every step that ran. */
	outputs: Record<string, unknown>;
	/** Tokens of the model calls of this attempt (crews inside steps). */
	usage: Usage;
	durationMs: number;
}

/** A finished flow run, or one waiting for a person (`questions`). */
export type FlowOutput<State> =
	| (FlowOutputBase<State> & {
			status: "completed";
			/** The output of the step that ended last (CrewAI's flow result). */
			result: unknown;
	  })
	| (FlowOutputBase<State> & { status: "waiting"; questions: HumanQuestion[] });
