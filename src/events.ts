import type { LanguageModelV4Prompt } from "@ai-sdk/provider";
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
	  }
	| {
			type: "run-end";
			runId: string;
			/** `ungrounded`: every task completed, but the report is not fully grounded in sources. */
			status: "completed" | "ungrounded" | "failed" | "cancelled";
			usage: Usage;
			durationMs: number;
			error?: string;
			/** Why the run ended `ungrounded`, in words a user can act on. */
			reason?: string;
	  };

export type CrewEventType = CrewEvent["type"];

export type EventListener = (event: CrewEvent) => void;
