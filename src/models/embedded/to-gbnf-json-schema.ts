import type { JSONSchema7Definition } from "@ai-sdk/provider";
import type { GbnfJsonSchema } from "node-llama-cpp";

/** A JSON schema turned into the subset node-llama-cpp can enforce with a grammar. */
export interface GbnfJsonSchemaConversion {
	schema: GbnfJsonSchema;
	/** Constraint keywords the grammar cannot enforce (`pattern`, `minimum`, …), sorted. */
	ignoredKeywords: string[];
}

type SchemaNode = Record<string, unknown>;

/** Keywords that only describe or annotate; dropping them changes nothing. */
const annotationKeywords = new Set([
	"$schema",
	"$id",
	"$comment",
	"title",
	"description",
	"default",
	"examples",
	"readOnly",
	"writeOnly",
	"deprecated",
	"definitions",
	"$defs",
	"nullable",
	"strict",
]);

/** Keywords the conversion below maps to the grammar. */
const enforcedKeywords = new Set([
	"type",
	"const",
	"enum",
	"anyOf",
	"oneOf",
	"$ref",
	"properties",
	"required",
	"additionalProperties",
	"minProperties",
	"maxProperties",
	"items",
	"prefixItems",
	"minItems",
	"maxItems",
	"minLength",
	"maxLength",
	"format",
]);

const grammarFormats = new Set(["date-time", "time", "date"]);
const basicTypes = new Set(["string", "number", "integer", "boolean", "null"]);

/**
 * Converts a JSON schema (as the AI SDK sends it for tools and structured output) to the
 * schema subset node-llama-cpp turns into a grammar: `anyOf` becomes `oneOf`,
 * `#/definitions/…` references become `#/$defs/…`, a schema without constraints becomes
 * "any JSON value". Constraints a grammar cannot express are dropped and listed, so the
 * caller can report them; the output then still has the right shape.
 */
export function toGbnfJsonSchema(schema: JSONSchema7Definition): GbnfJsonSchemaConversion {
	const ignored = new Set<string>();
	const root = convertNode(schema, ignored);
	const definitions = { ...asNode(asNode(schema).definitions), ...asNode(asNode(schema).$defs) };
	const names = Object.keys(definitions);
	let converted = root;
	if (names.length > 0) {
		const defs = Object.fromEntries(
			names.map((name) => [name, convertNode(definitions[name] as JSONSchema7Definition, ignored)]),
		);
		// Only object, array, oneOf and $ref schemas may carry $defs; wrap anything else.
		converted = canCarryDefinitions(root)
			? { ...root, $defs: defs }
			: { oneOf: [root], $defs: defs };
	}
	// The nodes are built to match GbnfJsonSchema's shapes; its generic type cannot be
	// checked against a schema only known at run time.
	return { schema: converted as unknown as GbnfJsonSchema, ignoredKeywords: [...ignored].sort() };
}

function convertNode(schema: unknown, ignored: Set<string>): SchemaNode {
	if (schema === true || schema === undefined) return anyValue();
	if (schema === false || typeof schema !== "object" || schema === null) return { type: "null" };
	const node = schema as SchemaNode;
	for (const keyword of Object.keys(node)) {
		if (!annotationKeywords.has(keyword) && !enforcedKeywords.has(keyword)) ignored.add(keyword);
	}
	const described = (result: SchemaNode): SchemaNode =>
		typeof node.description === "string" ? { ...result, description: node.description } : result;

	if (typeof node.$ref === "string")
		return described({ $ref: convertReference(node.$ref, ignored) });
	if ("const" in node) return described({ const: node.const });
	if (Array.isArray(node.enum)) return described({ enum: node.enum.filter(isLiteral) });
	const alternatives = Array.isArray(node.anyOf) ? node.anyOf : node.oneOf;
	if (Array.isArray(alternatives)) {
		return described({ oneOf: alternatives.map((item) => convertNode(item, ignored)) });
	}

	const types = typeList(node);
	if (types.length === 0) return described(anyValue());
	if (types.length > 1) {
		const allBasic = types.every((type) => basicTypes.has(type));
		if (allBasic && !hasStringConstraints(node)) return described({ type: types });
		return described({ oneOf: types.map((type) => convertTyped(node, type, ignored)) });
	}
	return described(convertTyped(node, types[0] as string, ignored));
}

function convertTyped(node: SchemaNode, type: string, ignored: Set<string>): SchemaNode {
	switch (type) {
		case "object":
			return convertObject(node, ignored);
		case "array":
			return convertArray(node, ignored);
		case "string":
			return convertString(node, ignored);
		default:
			return basicTypes.has(type) ? { type } : anyValue();
	}
}

function convertObject(node: SchemaNode, ignored: Set<string>): SchemaNode {
	const properties = asNode(node.properties);
	const names = Object.keys(properties);
	const result: SchemaNode = { type: "object" };
	if (names.length > 0) {
		result.properties = Object.fromEntries(
			names.map((name) => [name, convertNode(properties[name], ignored)]),
		);
	}
	if (Array.isArray(node.required)) result.required = node.required;
	const additional = node.additionalProperties;
	if (additional === true || (additional === undefined && names.length === 0)) {
		result.additionalProperties = true;
	} else if (typeof additional === "object" && additional !== null) {
		result.additionalProperties = convertNode(additional, ignored);
	}
	copyNumbers(node, result, ["minProperties", "maxProperties"]);
	return result;
}

function convertArray(node: SchemaNode, ignored: Set<string>): SchemaNode {
	const result: SchemaNode = { type: "array" };
	if (Array.isArray(node.items)) {
		result.prefixItems = node.items.map((item) => convertNode(item, ignored));
	} else if (node.items !== undefined) {
		result.items = convertNode(node.items, ignored);
	}
	if (Array.isArray(node.prefixItems)) {
		result.prefixItems = node.prefixItems.map((item) => convertNode(item, ignored));
	}
	copyNumbers(node, result, ["minItems", "maxItems"]);
	return result;
}

function convertString(node: SchemaNode, ignored: Set<string>): SchemaNode {
	if (typeof node.format === "string") {
		if (grammarFormats.has(node.format)) return { type: "string", format: node.format };
		ignored.add("format");
	}
	const result: SchemaNode = { type: "string" };
	copyNumbers(node, result, ["minLength", "maxLength"]);
	return result;
}

function convertReference(reference: string, ignored: Set<string>): string {
	for (const prefix of ["#/definitions/", "#/$defs/"]) {
		if (reference.startsWith(prefix)) return `#/$defs/${reference.slice(prefix.length)}`;
	}
	ignored.add("$ref");
	return reference;
}

/** Any JSON value, spelled in the subset: node-llama-cpp reads an empty schema as `null`. */
function anyValue(): SchemaNode {
	return {
		oneOf: [
			{ type: ["string", "number", "boolean", "null"] },
			{ type: "object", additionalProperties: true },
			{ type: "array" },
		],
	};
}

function typeList(node: SchemaNode): string[] {
	if (typeof node.type === "string") return [node.type];
	if (Array.isArray(node.type)) return node.type.filter((type) => typeof type === "string");
	if (node.properties !== undefined || node.additionalProperties !== undefined) return ["object"];
	if (node.items !== undefined || node.prefixItems !== undefined) return ["array"];
	return [];
}

function hasStringConstraints(node: SchemaNode): boolean {
	return node.minLength !== undefined || node.maxLength !== undefined || node.format !== undefined;
}

function canCarryDefinitions(node: SchemaNode): boolean {
	return node.type === "object" || node.type === "array" || "oneOf" in node || "$ref" in node;
}

function copyNumbers(from: SchemaNode, to: SchemaNode, keys: string[]): void {
	for (const key of keys) if (typeof from[key] === "number") to[key] = from[key];
}

function asNode(value: unknown): SchemaNode {
	return typeof value === "object" && value !== null && !Array.isArray(value)
		? (value as SchemaNode)
		: {};
}

function isLiteral(value: unknown): value is string | number | boolean | null {
	return value === null || ["string", "number", "boolean"].includes(typeof value);
}
