/**
 * Every prompt crewkit adds around the user's own text. Kept short on purpose: each word
 * here is paid for on every model call.
 */

import { type FilePassage, neutralizeTag, quoteFilePassages } from "../sources/quote-source.ts";

export interface AgentPersona {
	role: string;
	goal: string;
	backstory: string;
}

export interface TaskPromptInput {
	description: string;
	expectedOutput: string;
	context: ReadonlyArray<{ task: string; output: string }>;
	/** JSON Schema the answer must follow, when the task has an output schema. */
	answerSchema?: Record<string, unknown> | undefined;
	/** Passages of the crew's and agent's knowledge files found for the task (src/knowledge). */
	knowledge?: readonly FilePassage[] | undefined;
	/** What earlier runs learned that bears on the task (src/memory). */
	memory?: readonly RecalledMemory[] | undefined;
}

/** A memory recalled for a task. */
export interface RecalledMemory {
	/** When it was learned or last seen (YYYY-MM-DD). */
	date: string;
	/** Where it came from: the task whose result it is, `preference`, `entity`, `note`. */
	from: string;
	text: string;
}

export const systemPrompt = (persona: AgentPersona): string =>
	`You are ${persona.role}.\nGoal: ${persona.goal}\n${persona.backstory}`;

export function taskPrompt(input: TaskPromptInput): string {
	const parts = [input.description, `Expected output: ${input.expectedOutput}`];
	for (const item of input.context) {
		parts.push(`<context task="${item.task}">\n${item.output}\n</context>`);
	}
	// Quoted, untrusted data tagged with the ids to cite, as the `search_sources` tool gives it.
	if (input.knowledge?.length) parts.push(quoteFilePassages("Knowledge", input.knowledge));
	if (input.memory?.length) parts.push(memoryBlock(input.memory));
	if (input.answerSchema) {
		parts.push(
			`Answer with JSON only, matching this schema: ${JSON.stringify(input.answerSchema)}`,
		);
	}
	return parts.join("\n\n");
}

export const finalAnswerPrompt = (maxIterations: number): string =>
	`You have used all ${maxIterations} tool rounds allowed. Give your final answer now, from what you have.`;

export const revisionPrompt = (reason: string): string =>
	`Your answer was not accepted: ${reason}\nGive the corrected answer in full.`;

export const structuredRetryPrompt = (problem: string): string =>
	`That answer is not valid JSON for the required schema: ${problem}\nAnswer again with JSON only.`;

export const guardrailCheckPrompt = (instruction: string, answer: string): string =>
	`Check this answer against the requirement. Reply with JSON {"ok": boolean, "reason": string}; the reason says what to fix when ok is false.\nRequirement: ${instruction}\n<answer>\n${answer}\n</answer>`;

/** Recalled memories, one line each: what earlier runs learned, with when and from where. */
export function memoryBlock(memories: readonly RecalledMemory[]): string {
	const lines = memories.map(
		(memory) =>
			`- [${memory.date}, ${memory.from}] ${neutralizeTag(memory.text, "memory").replace(/\s*\n\s*/g, " ")}`,
	);
	return `<memory>\nFrom earlier runs (may be out of date):\n${lines.join("\n")}\n</memory>`;
}
