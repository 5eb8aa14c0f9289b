import type { JSONSchema7 } from "@ai-sdk/provider";
import type { z } from "zod";
import { ConfigError } from "../errors.ts";
import { loadZod } from "../zod/load-zod.ts";
import { type Tool, type ToolContext, toolNamePattern } from "./define-tool.ts";

/** A tool whose arguments are described by a JSON Schema rather than a zod schema. */
export interface JsonSchemaToolDefinition<Result = unknown> {
	name: string;
	description: string;
	/** A JSON Schema of an object: sent to the model as it is (without `$schema`). */
	inputSchema: JSONSchema7;
	execute(input: Record<string, unknown>, context: ToolContext): Promise<Result> | Result;
}

/**
 * Defines a tool from a JSON Schema, as MCP servers describe theirs. The schema goes to the
 * model unchanged; the arguments are checked against a zod schema made from it
 * (`z.fromJSONSchema`), or only checked to be an object when the schema uses features zod
 * cannot express, leaving the rest to the tool.
 * @throws ConfigError for a bad name, an empty description or a schema that is not an object's.
 */
export function defineJsonSchemaTool<Result>(
	definition: JsonSchemaToolDefinition<Result>,
): Tool<z.ZodType, Result> {
	if (!toolNamePattern.test(definition.name)) {
		throw new ConfigError(
			`Tool name '${definition.name}' is not valid: use letters, digits, '_' or '-', starting with a letter, at most 64 characters.`,
		);
	}
	if (!definition.description.trim()) {
		throw new ConfigError(
			`Tool '${definition.name}' has no description: models choose tools by it.`,
		);
	}
	const { $schema: _ignored, ...inputSchema } = definition.inputSchema;
	if (inputSchema.type !== undefined && inputSchema.type !== "object") {
		throw new ConfigError(
			`Tool '${definition.name}': its input schema must describe an object, not ${JSON.stringify(inputSchema.type)}.`,
		);
	}
	return {
		name: definition.name,
		description: definition.description,
		inputSchema: { ...inputSchema, type: "object" },
		parameters: argumentsSchema(inputSchema),
		execute: (input, context) => definition.execute(input as Record<string, unknown>, context),
	};
}

/** The zod schema that checks arguments against a JSON Schema, as far as zod can express it. */
function argumentsSchema(inputSchema: JSONSchema7): z.ZodType {
	const z = loadZod();
	try {
		// z.fromJSONSchema takes its own JSON Schema type; JSONSchema7 is the same shape.
		return z.fromJSONSchema({ ...inputSchema, type: "object" } as Parameters<
			typeof z.fromJSONSchema
		>[0]);
	} catch {
		return z.record(z.string(), z.unknown());
	}
}
