import type { z } from "zod";
import { repairJson } from "../models/repair-json.ts";

export type ParsedAnswer<Value> = { ok: true; value: Value } | { ok: false; problem: string };

/**
 * Parses a model's JSON answer against a schema, tolerating what models commonly get wrong:
 * code fences, prose around the object, and the small syntax slips `repairJson` mends.
 */
export function parseAnswer<Schema extends z.ZodType>(
	text: string,
	schema: Schema,
): ParsedAnswer<z.output<Schema>> {
	const json = repairJson(text);
	if (json === undefined) return { ok: false, problem: "no valid JSON object or array found" };
	const data: unknown = JSON.parse(json);
	const result = schema.safeParse(data);
	if (result.success) return { ok: true, value: result.data };
	return { ok: false, problem: formatIssues(result.error.issues) };
}

export function formatIssues(issues: readonly z.core.$ZodIssue[]): string {
	return issues
		.map((issue) => `${issue.path.length ? issue.path.join(".") : "(root)"}: ${issue.message}`)
		.join("; ");
}
