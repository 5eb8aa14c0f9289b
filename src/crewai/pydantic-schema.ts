import { type PythonNode, parsePython } from "./python-parser.ts";
import { children, readValue } from "./python-values.ts";

/** A JSON Schema object, as zod's `z.fromJSONSchema` takes it. */
export type JsonSchema = Record<string, unknown>;

/**
 * The Pydantic models (`class X(BaseModel)`) of Python files, as JSON Schemas, by class
 * name: annotated fields become properties; a field with a default or `Optional` type is not
 * required; `Field(description=…)` becomes the property's description. Models may use each
 * other, in any order, across the files given.
 */
export async function readPydanticModels(
	texts: readonly string[],
): Promise<Map<string, JsonSchema>> {
	const classes = new Map<string, PythonNode>();
	for (const text of texts) {
		const module = await parsePython(text);
		for (const node of module.descendantsOfType("class_definition")) {
			if (!node) continue;
			const bases = node.childForFieldName("superclasses")?.text ?? "";
			const name = node.childForFieldName("name")?.text;
			if (name && /\bBaseModel\b/.test(bases)) classes.set(name, node);
		}
	}
	const schemas = new Map<string, JsonSchema>();
	const schemaOf = (name: string, seen: Set<string>): JsonSchema | undefined => {
		const known = schemas.get(name);
		if (known) return known;
		const node = classes.get(name);
		if (!node || seen.has(name)) return undefined;
		const schema = modelSchema(node, (other) => schemaOf(other, new Set([...seen, name])));
		schemas.set(name, schema);
		return schema;
	};
	for (const name of classes.keys()) schemaOf(name, new Set());
	return schemas;
}

function modelSchema(
	node: PythonNode,
	model: (name: string) => JsonSchema | undefined,
): JsonSchema {
	const properties: Record<string, JsonSchema> = {};
	const required: string[] = [];
	for (const statement of children(node.childForFieldName("body"))) {
		const assignment =
			statement.type === "expression_statement" ? statement.namedChildren[0] : null;
		if (assignment?.type !== "assignment") continue;
		const name = assignment.childForFieldName("left");
		const type = assignment.childForFieldName("type");
		if (name?.type !== "identifier" || !type) continue;
		const field = typeSchema(type.text, model);
		const right = assignment.childForFieldName("right");
		let hasDefault = right !== null;
		if (
			right?.type === "call" &&
			/(^|\.)Field$/.test(right.childForFieldName("function")?.text ?? "")
		) {
			const value = readValue(right);
			if (value.kind === "call") {
				const description = value.kwargs.get("description");
				if (description?.kind === "str") field.schema.description = description.value;
				const first = value.args[0];
				hasDefault =
					value.kwargs.has("default") ||
					value.kwargs.has("default_factory") ||
					(first !== undefined && !(first.kind === "other" && first.text === "..."));
			}
		}
		properties[name.text] = field.schema;
		if (!hasDefault && !field.optional) required.push(name.text);
	}
	return { type: "object", properties, required };
}

/** The JSON Schema of a Python type annotation; `optional` for `Optional[T]` and `T | None`. */
function typeSchema(
	annotation: string,
	model: (name: string) => JsonSchema | undefined,
): { schema: JsonSchema; optional: boolean } {
	const type = annotation.replace(/\s+/g, "").replace(/^typing\./, "");
	const union = splitTopLevel(type, "|");
	if (union.length > 1) {
		const rest = union.filter((part) => part !== "None");
		const inner =
			rest.length === 1
				? typeSchema(rest[0] as string, model).schema
				: { anyOf: rest.map((part) => typeSchema(part, model).schema) };
		return { schema: inner, optional: rest.length < union.length };
	}
	const generic = /^([A-Za-z_.]+)\[(.*)\]$/.exec(type);
	if (generic) {
		const outer = (generic[1] ?? "").split(".").at(-1);
		const args = splitTopLevel(generic[2] ?? "", ",");
		if (outer === "Optional")
			return { schema: typeSchema(args[0] ?? "", model).schema, optional: true };
		if (outer === "Union") return typeSchema(args.join("|"), model);
		if (
			outer === "List" ||
			outer === "list" ||
			outer === "Sequence" ||
			outer === "Set" ||
			outer === "set" ||
			outer === "Tuple" ||
			outer === "tuple"
		) {
			return {
				schema: { type: "array", items: typeSchema(args[0] ?? "Any", model).schema },
				optional: false,
			};
		}
		if (outer === "Dict" || outer === "dict" || outer === "Mapping") {
			return {
				schema: {
					type: "object",
					additionalProperties: typeSchema(args[1] ?? "Any", model).schema,
				},
				optional: false,
			};
		}
		if (outer === "Literal") {
			const values = args.map((value) => value.replace(/^["']|["']$/g, ""));
			return { schema: { type: "string", enum: values }, optional: false };
		}
		if (outer === "Annotated") return typeSchema(args[0] ?? "Any", model);
	}
	const simple: Record<string, JsonSchema> = {
		str: { type: "string" },
		int: { type: "integer" },
		float: { type: "number" },
		bool: { type: "boolean" },
		list: { type: "array" },
		List: { type: "array" },
		dict: { type: "object" },
		Dict: { type: "object" },
		date: { type: "string" },
		datetime: { type: "string" },
		HttpUrl: { type: "string" },
		AnyUrl: { type: "string" },
		EmailStr: { type: "string" },
	};
	const known = simple[type];
	if (known) return { schema: { ...known }, optional: false };
	const nested = model(type.replace(/^["']|["']$/g, ""));
	if (nested) return { schema: structuredClone(nested), optional: false };
	return { schema: {}, optional: false };
}

/** Splits at `separator` outside brackets. */
function splitTopLevel(text: string, separator: string): string[] {
	const parts: string[] = [];
	let depth = 0;
	let current = "";
	for (const character of text) {
		if (character === "[" || character === "(") depth++;
		if (character === "]" || character === ")") depth--;
		if (character === separator && depth === 0) {
			parts.push(current);
			current = "";
		} else current += character;
	}
	parts.push(current);
	return parts.filter((part) => part !== "");
}
