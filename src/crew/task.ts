import type { z } from "zod";
import { ConfigError } from "../errors.ts";
import type { ModelWindow } from "../models/model-window.ts";
import type { Tool } from "../tools/define-tool.ts";
import type { Usage } from "../usage.ts";
import type { Agent } from "./agent.ts";
import { slugify } from "./agent.ts";

/** Usage and timing of one model call. */
export interface ModelCallRecord {
	task: string;
	agent: string;
	model: string;
	usage: Usage;
	durationMs: number;
	finishReason: string;
}

/** What a task produced. `value` is the parsed answer when the task has an `outputSchema`. */
export interface TaskOutput<Value = unknown> {
	task: string;
	agent: string;
	/** The agent's final answer as text. */
	raw: string;
	value: Value;
	usage: Usage;
	calls: ModelCallRecord[];
	durationMs: number;
}

export type GuardrailResult = { ok: true } | { ok: false; reason: string };

/** Checks a task's answer; a failure's reason is fed back to the agent, which tries again. */
export type Guardrail = (output: TaskOutput) => GuardrailResult | Promise<GuardrailResult>;

/** What a task carried out by code (`run`) can use. */
export interface TaskRunHelpers {
	/** The task's description and expected output, placeholders filled. */
	prompt: { description: string; expectedOutput: string };
	/** Outputs of the tasks in this task's context, with their parsed values. */
	context: readonly TaskOutput[];
	inputs: Readonly<Record<string, string | number | boolean>>;
	signal: AbortSignal;
	/** Set when a guardrail refused the previous result: what it was and why. */
	revision: { previous: string; reason: string } | undefined;
	/**
	 * Runs the task's agent on a prompt (with its tools unless `tools` says otherwise); its
	 * model calls count towards the task.
	 */
	ask(prompt: AskPrompt): Promise<{ text: string; value: unknown }>;
	/** The context window and token counts of the task's model (see src/models/model-window.ts). */
	window(): Promise<ModelWindow>;
	/** Tokens the prompt of `ask(prompt)` takes, rendered exactly as the agent loop sends it. */
	measure(prompt: AskPrompt): Promise<number>;
	/**
	 * Runs one of the agent's tools by name, from code, with the same `tool-call` and
	 * `tool-result` events as the agent loop. Rejects when the tool is unknown, its input
	 * invalid, or it fails.
	 */
	useTool(name: string, input: unknown): Promise<unknown>;
}

/** One request to a task's agent, from a task carried out by code. */
export interface AskPrompt {
	description: string;
	expectedOutput: string;
	context?: Array<{ task: string; output: string }>;
	outputSchema?: z.ZodType;
	tools?: Tool[];
	/** The answer's cap in tokens, reserved in the context. */
	maxOutputTokens?: number;
	/** Re-asks when structured output does not parse (default 2). */
	structuredRetries?: number;
	/** Whether the prompt spells out `outputSchema` (default true; see `AgentRunOptions`). */
	schemaInPrompt?: boolean;
}

export interface TaskOptions<Schema extends z.ZodType | undefined = undefined> {
	/** Key of the task in its crew (the YAML key). Defaults to a slug of the description. */
	name?: string;
	/** What to do; `{placeholders}` are filled from the kickoff inputs. */
	description: string;
	/** What the answer should look like; `{placeholders}` are filled from the kickoff inputs. */
	expectedOutput: string;
	agent: Agent;
	/**
	 * Earlier tasks whose outputs this task receives. Absent: every earlier output
	 * (sequential crews); `[]`: none.
	 */
	context?: Task<z.ZodType | undefined>[];
	/**
	 * Where to write the answer (folders are created; the write is atomic). `{placeholders}`
	 * are filled from the kickoff inputs.
	 */
	outputFile?: string;
	/** Tools for this task only, replacing the agent's own (CrewAI's task `tools`). */
	tools?: Tool[];
	/**
	 * Makes the task conditional (CrewAI's `ConditionalTask`): it runs only when this returns
	 * true for the previous task's output; otherwise its output is empty.
	 */
	condition?: (previous: TaskOutput | undefined) => boolean | Promise<boolean>;
	/** A zod schema of the answer: the model is asked for JSON and the parsed value is on the output. */
	outputSchema?: Schema;
	/**
	 * Checks of the answer: functions, or instructions that the task's model checks. When one
	 * fails, its reason goes back to the agent, which tries again.
	 */
	guardrails?: Array<Guardrail | string>;
	/** How many times the agent may retry after a failed guardrail. Default 2. */
	guardrailRetries?: number;
	/** Run concurrently with neighbouring async tasks when their context allows (parallel process). */
	async?: boolean;
	/**
	 * A person reviews the answer (CrewAI's `human_input`): their feedback goes back to the
	 * agent, which revises, until they accept (an empty answer or "yes").
	 */
	humanInput?: boolean;
	/**
	 * Carries the task out by code instead of one agent loop: the function may ask the agent
	 * several times (e.g. one section at a time) and returns the answer and its value.
	 */
	run?: (helpers: TaskRunHelpers) => Promise<string | { text: string; value?: unknown }>;
}

/** A task: what to do, what to hand back, which agent does it, what it sees. */
export class Task<Schema extends z.ZodType | undefined = z.ZodType | undefined> {
	readonly name: string;
	readonly description: string;
	readonly expectedOutput: string;
	readonly agent: Agent;
	readonly context: readonly Task<z.ZodType | undefined>[] | undefined;
	readonly outputFile: string | undefined;
	readonly tools: readonly Tool[] | undefined;
	readonly condition: TaskOptions<Schema>["condition"];
	readonly outputSchema: Schema | undefined;
	readonly guardrails: readonly (Guardrail | string)[];
	readonly guardrailRetries: number;
	readonly async: boolean;
	readonly humanInput: boolean;
	readonly run: TaskOptions<Schema>["run"];

	constructor(options: TaskOptions<Schema>) {
		const label = options.name === undefined ? "A task" : `Task ${options.name}`;
		if (typeof options.description !== "string" || !options.description.trim()) {
			throw new ConfigError(`${label} needs a non-empty description.`);
		}
		// As in CrewAI, the expected output may be empty, but it must be given.
		if (typeof options.expectedOutput !== "string") {
			throw new ConfigError(`${label} needs an expectedOutput (text).`);
		}
		if (!options.agent) throw new ConfigError(`${label} needs an agent.`);
		this.name = options.name ?? slugify(options.description.split(/\s+/).slice(0, 6).join(" "));
		this.description = options.description;
		this.expectedOutput = options.expectedOutput;
		this.agent = options.agent;
		this.context = options.context;
		this.outputFile = options.outputFile;
		this.tools = options.tools;
		this.condition = options.condition;
		this.outputSchema = options.outputSchema;
		this.guardrails = options.guardrails ?? [];
		this.guardrailRetries = options.guardrailRetries ?? 2;
		this.async = options.async ?? false;
		this.humanInput = options.humanInput ?? false;
		this.run = options.run;
		if (!Number.isInteger(this.guardrailRetries) || this.guardrailRetries < 0) {
			throw new ConfigError(`Task '${this.name}': guardrailRetries must be a whole number ≥ 0.`);
		}
	}
}
