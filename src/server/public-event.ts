import type { CrewEvent } from "../events.ts";

/** Longest tool output an event carries to clients; the run store keeps it whole. */
export const maxToolOutputChars = 4_000;

type ModelEnd = Extract<CrewEvent, { type: "model-end" }>;
type ToolResult = Extract<CrewEvent, { type: "tool-result" }>;

/**
 * An event as the API and SSE clients see it: model-end without the prompt it was sent
 * (prompts are long and may quote private sources), tool outputs cut to a readable size.
 */
export type PublicEvent =
	| Exclude<CrewEvent, { type: "model-end" | "tool-result" }>
	| Omit<ModelEnd, "prompt">
	| (ToolResult & { outputTruncated?: true });

/** Strips an event for clients: see `PublicEvent`. */
export function toPublicEvent(event: CrewEvent): PublicEvent {
	if (event.type === "model-end") {
		const { prompt: _prompt, ...rest } = event;
		return rest;
	}
	if (event.type === "tool-result") {
		const { output, truncated } = truncateOutput(event.output);
		return truncated ? { ...event, output, outputTruncated: true } : event;
	}
	return event;
}

/** A tool's output cut to `maxToolOutputChars` (as text when it had to be cut). */
export function truncateOutput(output: unknown): { output: unknown; truncated: boolean } {
	const text = typeof output === "string" ? output : JSON.stringify(output);
	if (text === undefined || text.length <= maxToolOutputChars) return { output, truncated: false };
	return { output: `${text.slice(0, maxToolOutputChars)}…`, truncated: true };
}
