import type { JSONSchema7 } from "@ai-sdk/provider";
import { z } from "zod";

/** A zod schema as the JSON Schema sent to models (without the `$schema` key). */
export function toJsonSchema(schema: z.ZodType, io: "input" | "output" = "output"): JSONSchema7 {
	const { $schema: _ignored, ...rest } = z.toJSONSchema(schema, { io });
	return rest as JSONSchema7;
}
