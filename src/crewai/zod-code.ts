import type { JsonSchema } from "./pydantic-schema.ts";

/**
 * zod source code for a JSON Schema of the kinds Pydantic models give (objects, arrays,
 * strings, numbers, booleans, enums, descriptions, optional properties), e.g.
 * `z.object({ title: z.string().describe("…") })`. Anything else becomes `z.unknown()`.
 */
export function zodCode(schema: JsonSchema, indent = ""): string {
	const described = (code: string) =>
		typeof schema.description === "string"
			? `${code}.describe(${JSON.stringify(schema.description)})`
			: code;
	if (Array.isArray(schema.enum)) return described(`z.enum(${JSON.stringify(schema.enum)})`);
	if (Array.isArray(schema.anyOf)) {
		return described(
			`z.union([${(schema.anyOf as JsonSchema[]).map((part) => zodCode(part, indent)).join(", ")}])`,
		);
	}
	switch (schema.type) {
		case "string":
			return described("z.string()");
		case "integer":
			return described("z.number().int()");
		case "number":
			return described("z.number()");
		case "boolean":
			return described("z.boolean()");
		case "array":
			return described(
				`z.array(${schema.items ? zodCode(schema.items as JsonSchema, indent) : "z.unknown()"})`,
			);
		case "object": {
			const properties = (schema.properties ?? {}) as Record<string, JsonSchema>;
			const names = Object.keys(properties);
			if (names.length === 0) {
				const values = schema.additionalProperties as JsonSchema | undefined;
				return described(
					`z.record(z.string(), ${values ? zodCode(values, indent) : "z.unknown()"})`,
				);
			}
			const required = new Set((schema.required ?? []) as string[]);
			const inner = `${indent}\t`;
			const lines = names.map((name) => {
				const code = zodCode(properties[name] as JsonSchema, inner);
				return `${inner}${/^[A-Za-z_$][\w$]*$/.test(name) ? name : JSON.stringify(name)}: ${code}${required.has(name) ? "" : ".optional()"},`;
			});
			return described(`z.object({\n${lines.join("\n")}\n${indent}})`);
		}
		default:
			return described("z.unknown()");
	}
}

/** A value that fits the schema, for a recorded model answer. */
export function sampleValue(schema: JsonSchema, name = "value"): unknown {
	if (Array.isArray(schema.enum)) return schema.enum[0];
	if (Array.isArray(schema.anyOf))
		return sampleValue((schema.anyOf as JsonSchema[])[0] ?? {}, name);
	switch (schema.type) {
		case "string":
			return `example ${name}`;
		case "integer":
		case "number":
			return 1;
		case "boolean":
			return true;
		case "array":
			return [sampleValue((schema.items ?? {}) as JsonSchema, name)];
		case "object":
			return Object.fromEntries(
				Object.entries((schema.properties ?? {}) as Record<string, JsonSchema>).map(
					([key, value]) => [key, sampleValue(value, key)],
				),
			);
		default:
			return `example ${name}`;
	}
}
