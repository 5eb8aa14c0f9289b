import type { JSONSchema7 } from "@ai-sdk/provider";
import type { z } from "zod";
import { loadZod } from "../zod/load-zod.ts";

/** A zod schema as the JSON Schema sent to models (without the `$schema` key). */
export function toJsonSchema(schema: z.ZodType, io: "input" | "output" = "output"): JSONSchema7 {
	const { $schema: _ignored, ...rest } = loadZod().toJSONSchema(schema, { io });
	return rest as JSONSchema7;
}
