import type { LanguageModelV4 } from "@ai-sdk/provider";
import type { ReliabilityOptions } from "../agent/call-model.ts";
import type { EventListener } from "../events.ts";
import type { HumanChannel, HumanOptions } from "../human/human-channel.ts";
import type { HumanQuestion } from "../human/human-question.ts";
import type { KnowledgeOptions } from "../knowledge/knowledge-options.ts";
import type { MemorySetting } from "../memory/memory-options.ts";
import type { ResolveModelOptions } from "../models/resolve-model.ts";
import type { RunStore } from "../store/run-store.ts";
import type { TracingOption } from "../tracing/tracing-options.ts";
import type { Usage } from "../usage.ts";
import type { ModelSpec } from "./agent.ts";
import type { ModelCallRecord, TaskOutput } from "./task.ts";

export type KickoffInputs = Record<string, string | number | boolean>;

export interface KickoffOptions {
	/** Values of the `{placeholders}` in agents and tasks. */
	inputs?: KickoffInputs;
	/** Model of agents that name none, when the crew names none either. Default: `CREWKIT_MODEL`, then the embedded default. */
	model?: ModelSpec;
	/** Receives every event of the run. */
	onEvent?: EventListener;
	/** Cancels the run. */
	signal?: AbortSignal;
	/** Applied to every model before use (recording, instrumentation). */
	wrapModel?: (model: LanguageModelV4) => LanguageModelV4;
	/** How model strings are resolved (threads, cache folder, download progress). */
	modelOptions?: ResolveModelOptions;
	/** Retries with backoff, per-attempt timeout and a requests-per-minute limit for model calls. */
	reliability?: ReliabilityOptions;
	/** Where the final answer is written too (each task's own output file is written as well). */
	outputFile?: string;
	/** Records the run: inputs, every task output, model call, tool call and event. */
	store?: RunStore;
	/** What the store keeps to run the crew again (the CLI keeps the YAML crew and its flags). */
	definition?: unknown;
	/** Continue this run (same id) instead of starting a new one. */
	runId?: string;
	/** Outputs taken from an earlier run: these tasks are not executed again. */
	restore?: { fromRun: string; tasks: readonly TaskOutput[] };
	/** Memory for this run, overriding the crew's field by field; `false` turns it off. */
	memory?: MemorySetting;
	/** Where knowledge is indexed, how many passages a task gets, where they are registered. */
	knowledge?: KnowledgeOptions;
	/**
	 * OpenTelemetry spans of the run (GenAI conventions), see `TracingOptions`. Default: none,
	 * unless OTEL_EXPORTER_OTLP_ENDPOINT names a collector; `false`: none even then.
	 */
	tracing?: TracingOption;
	/**
	 * Who reviews `humanInput` tasks: a person at hand (`answer`), or, by default, the run
	 * waits (stored as `waiting`; needs a store) until `crewkit answer` and a resume.
	 */
	human?: HumanOptions;
	/**
	 * Where the run's questions go instead of a channel of its own: a crew run inside a flow
	 * step asks through the flow's run, so that its wait is the flow's (stored, resumable).
	 * Set by flows; not for direct use.
	 */
	humanChannel?: HumanChannel;
	/**
	 * People review these tasks' outputs before later tasks see them (by task name): the
	 * review asks, and its edited output replaces the task's (the research crew's --review).
	 */
	reviews?: Record<string, TaskReview>;
	/**
	 * Where `${NAME}` in MCP servers' `env:` and `headers:` is looked up. Default:
	 * `process.env`. Runs of crew folders pass only the variables the user approved.
	 */
	mcpEnv?: Readonly<Record<string, string | undefined>>;
	/**
	 * When given, the only variables `${NAME}` in MCP servers' settings may name; another
	 * fails before any server starts, saying it was not approved. Crew folders pass the
	 * variables they declare and the user approved.
	 */
	mcpAllowedVariables?: readonly string[];
	/**
	 * Judges a run whose tasks all completed: a verdict marks it `ungrounded` (the research
	 * crew's report is not fully grounded) with the reason, instead of `completed`.
	 */
	assessRun?: (tasks: readonly TaskOutput[]) => RunVerdict | undefined;
}

/** How a run whose tasks all completed really ended, when that is not plain `completed`. */
export interface RunVerdict {
	status: "ungrounded";
	reason: string;
}

/**
 * Reviews a task's output with a person (`ask`); resolves with the edited output, or
 * undefined to keep it. An output already reviewed (a resumed run) must be kept as it is.
 */
export type TaskReview = (
	output: TaskOutput,
	ask: (question: Omit<HumanQuestion, "deadline">) => Promise<unknown>,
) => Promise<{ text: string; value: unknown } | undefined>;

/** Usage of a run: in total, per task, per agent, and per model call. */
export interface RunUsage {
	total: Usage;
	byTask: Record<string, Usage>;
	byAgent: Record<string, Usage>;
	calls: ModelCallRecord[];
}

export interface CrewOutput {
	runId: string;
	/** Every task's output, in task order. */
	tasks: TaskOutput[];
	/** The final task's answer. */
	raw: string;
	usage: RunUsage;
	durationMs: number;
}
