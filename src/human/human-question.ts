import type { JSONSchema7 } from "@ai-sdk/provider";
import type { z } from "zod";
import type { OutlineDraft } from "./outline-edit.ts";

/**
 * What a run asks a person, as `askHuman` takes it. `approve` answers true or false;
 * `choose` one of `choices`; `text` a string, or a value fitting `schema`. With `timeoutMs`,
 * an unanswered question takes `default` when the time is up.
 */
export type AskHumanOptions<Value = unknown> =
	| { type: "approve"; prompt: string; default?: boolean; timeoutMs?: number }
	| {
			type: "choose";
			prompt: string;
			choices: readonly string[];
			default?: string;
			timeoutMs?: number;
	  }
	| {
			type: "text";
			prompt: string;
			schema?: z.ZodType<Value>;
			default?: Value;
			timeoutMs?: number;
	  };

/** The kinds of question; `feedback` is a task's `human_input` review (empty answer: accept). */
export type HumanQuestionType = "approve" | "choose" | "text" | "feedback" | "outline";

/** A question as the run store keeps it: plain JSON, answerable from another process. */
export interface HumanQuestion {
	/** Names the question within its run: the step or task, its run, and the ask's position. */
	key: string;
	type: HumanQuestionType;
	prompt: string;
	choices?: string[];
	/** The JSON Schema of a `text` answer that must be a structured value. */
	schema?: JSONSchema7;
	/** Whether a default answer is declared (it may be `false` or ""). */
	hasDefault: boolean;
	default?: unknown;
	/** When (ms since epoch) an unanswered question takes its default. */
	deadline?: number;
	/** The answer under review, for `feedback` questions. */
	draft?: string;
	/** The list to edit, for `outline` questions (the research crew's `--review`). */
	outline?: OutlineDraft;
	/** The flow step or the task that asks. */
	step?: string;
	task?: string;
}
