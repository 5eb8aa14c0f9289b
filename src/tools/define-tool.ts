import type { JSONSchema7 } from "@ai-sdk/provider";
import type { z } from "zod";
import { ConfigError } from "../errors.ts";
import { loadZod } from "../zod/load-zod.ts";
import { toJsonSchema } from "./json-schema.ts";

/** What a tool's `execute` receives besides its arguments. */
export interface ToolContext {
	/** Aborted when the run is cancelled. */
	signal: AbortSignal;
	/** The task and agent on whose behalf the tool runs. */
	task: string;
	agent: string;
}

/**
 * A tool an agent can call: a name, a description for the model, a zod schema of its
 * arguments (sent to the model as JSON Schema, and checked before `execute` runs).
 */
export interface Tool<Parameters extends z.ZodType = z.ZodType, Result = unknown> {
	name: string;
	description: string;
	parameters: Parameters;
	execute(input: z.output<Parameters>, context: ToolContext): Promise<Result> | Result;
	/**
	 * The JSON Schema sent to the model instead of the one made from `parameters`: tools that
	 * come with a schema of their own (MCP servers) pass it through as-is, and `parameters`
	 * only checks the arguments (see `defineJsonSchemaTool`).
	 */
	inputSchema?: JSONSchema7;
}

/** Names models accept for tools: a letter, then letters, digits, '_' or '-', 64 at most. */
export const toolNamePattern = /^[a-zA-Z][a-zA-Z0-9_-]{0,63}$/;

/**
 * Defines a tool. Checks the definition at once: a bad name or a schema that is not a
 * `z.object` throws a `ConfigError` here, not on first use.
 *
 * @example
 * const add = defineTool({
 *   name: "add",
 *   description: "Adds two numbers.",
 *   parameters: z.object({ a: z.number(), b: z.number() }),
 *   execute: ({ a, b }) => a + b,
 * });
 */
export function defineTool<Parameters extends z.ZodObject, Result>(
	tool: Tool<Parameters, Result>,
): Tool<Parameters, Result> {
	if (!toolNamePattern.test(tool.name)) {
		throw new ConfigError(
			`Tool name '${tool.name}' is not valid: use letters, digits, '_' or '-', starting with a letter, at most 64 characters.`,
		);
	}
	if (!tool.description.trim()) {
		throw new ConfigError(`Tool '${tool.name}' has no description: models choose tools by it.`);
	}
	if (!(tool.parameters instanceof loadZod().ZodObject)) {
		throw new ConfigError(`Tool '${tool.name}': parameters must be a z.object(...) schema.`);
	}
	return tool;
}

/** The JSON Schema of a tool's parameters, as sent to the model. */
export const toolInputSchema = (tool: Tool): JSONSchema7 =>
	tool.inputSchema ?? toJsonSchema(tool.parameters, "input");
