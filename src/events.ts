import type { LanguageModelV4Prompt } from "@ai-sdk/provider";
import type { FlowGraph } from "./flow/flow-graph.ts";
import type { HumanQuestion } from "./human/human-question.ts";
import type { Usage } from "./usage.ts";

/**
 * Everything that happens in a run leaves the engine as one of these events. The terminal
 * view, the record file and later the run store and dashboard all subscribe to them.
 */
export type CrewEvent =
	| { type: "run-start"; runId: string; crew: string; inputs: Record<string, unknown>; at: number }
	| { type: "task-start"; runId: string; task: string; agent: string; at: number }
	| { type: "model-start"; runId: string; task: string; agent: string; model: string; at: number }
	| { type: "model-delta"; runId: string; task: string; agent: string; delta: string }
	| {
			/** The embedded model is evaluating the prompt (no token yet): how far it is. */
			type: "model-progress";
			runId: string;
			task: string;
			agent: string;
			evaluatedTokens: number;
			promptTokens: number;
			tokensPerSecond: number;
	  }
	| {
			type: "model-end";
			runId: string;
			task: string;
			agent: string;
			model: string;
			usage: Usage;
			finishReason: string;
			durationMs: number;
			/** What the model was sent (for the run store and `crewkit log`). */
			prompt: LanguageModelV4Prompt;
			/** The context the call was sized for, and the output reserved in it (when known). */
			window?: { contextSize: number; reservedOutputTokens: number };
			/** What it answered. */
			response: {
				text: string;
				toolCalls: Array<{ toolCallId: string; toolName: string; input: string }>;
			};
	  }
	| {
			/** The model call failed and is retried: discard text it streamed. */
			type: "model-retry";
			runId: string;
			task: string;
			agent: string;
			model: string;
			attempt: number;
			delayMs: number;
			reason: string;
	  }
	| {
			type: "tool-call";
			runId: string;
			task: string;
			agent: string;
			toolCallId: string;
			toolName: string;
			input: unknown;
	  }
	| {
			type: "tool-result";
			runId: string;
			task: string;
			agent: string;
			toolCallId: string;
			toolName: string;
			output: unknown;
			isError: boolean;
	  }
	| {
			type: "task-restore";
			runId: string;
			task: string;
			agent: string;
			output: string;
			usage: Usage;
			/** The run the output was taken from. */
			fromRun: string;
	  }
	| {
			type: "task-retry";
			runId: string;
			task: string;
			agent: string;
			reason: string;
			attempt: number;
	  }
	| {
			type: "task-end";
			runId: string;
			task: string;
			agent: string;
			output: string;
			/** The parsed answer, when the task has an output schema. */
			value?: unknown;
			usage: Usage;
			durationMs: number;
			/** In a flow's run: the crew run inside a step that the task belongs to (`step#n/k`). */
			scope?: string;
	  }
	| {
			type: "run-end";
			runId: string;
			/**
			 * `ungrounded`: every task completed, but the report is not fully grounded in sources.
			 * `waiting`: the run stopped to wait for a person's answer (see `human-ask`).
			 */
			status: "completed" | "ungrounded" | "failed" | "cancelled" | "waiting";
			usage: Usage;
			durationMs: number;
			error?: string;
			/** Why the run ended `ungrounded`, in words a user can act on. */
			reason?: string;
	  }
	| FlowEvent
	| HumanEvent;

/** What a flow run adds: its graph, and each step's start, end (with the state), restore or error. */
export type FlowEvent =
	| {
			type: "flow-start";
			runId: string;
			flow: string;
			graph: FlowGraph;
			/** The state this attempt starts from (the inputs, or a resumed run's last state). */
			state: unknown;
			at: number;
	  }
	| {
			type: "step-start";
			runId: string;
			step: string;
			/** 1 for the step's first run in the flow, 2 for its second (loops), … */
			occurrence: number;
			at: number;
	  }
	| {
			type: "step-end";
			runId: string;
			step: string;
			occurrence: number;
			output: unknown;
			/** The label a router step returned. */
			label?: string;
			/** The flow's whole state after the step. */
			state: unknown;
			durationMs: number;
	  }
	| {
			/** A step completed in an earlier attempt (or the replayed run): not run again. */
			type: "step-restore";
			runId: string;
			step: string;
			occurrence: number;
			output: unknown;
			label?: string;
			fromRun: string;
	  }
	| { type: "step-error"; runId: string; step: string; occurrence: number; error: string };

/** A run asks a person and gets an answer (from a terminal, the CLI, the API, or a timeout). */
export type HumanEvent =
	| { type: "human-ask"; runId: string; question: HumanQuestion; at: number }
	| {
			type: "human-answer";
			runId: string;
			key: string;
			answer: unknown;
			/** `person`: someone answered; `timeout`: the question's default after its timeout. */
			by: "person" | "timeout";
			at: number;
	  };

export type CrewEventType = CrewEvent["type"];

export type EventListener = (event: CrewEvent) => void;
