import type { ParserLimitError } from "./parser-limits.ts";

/** What a worker job does to a document, in the words its errors use. */
export interface ParserAction {
	/** "render", "evaluate": "took longer than 10000 ms to render". */
	verb: string;
	/** "rendered", "evaluated": "could not be rendered". */
	participle: string;
}

/**
 * "<label> took longer than … ms to <verb> (it was stopped)" and alike for the limits a
 * worker enforces (deadline, memory, a crash, a stack overflow); `undefined` for a limit
 * the job itself reported, whose message the caller words.
 */
export function describeWorkerLimit(
	error: ParserLimitError,
	label: string,
	action: ParserAction,
	limits: { deadlineMs: number; maxMemoryMb: number },
): string | undefined {
	switch (error.reason) {
		case "deadline":
			return `${label} took longer than ${limits.deadlineMs} ms to ${action.verb} (it was stopped)`;
		case "memory":
			return `${label} needed more than ${limits.maxMemoryMb} MB of memory to ${action.verb}`;
		case "crashed":
			return `${label} could not be ${action.participle} (${error.message})`;
		default:
			return undefined;
	}
}
