import type { z } from "zod";

export type ParsedAnswer<Value> = { ok: true; value: Value } | { ok: false; problem: string };

/**
 * Parses a model's JSON answer against a schema, tolerating what models commonly wrap
 * around JSON: code fences and prose before or after the object.
 */
export function parseAnswer<Schema extends z.ZodType>(
	text: string,
	schema: Schema,
): ParsedAnswer<z.output<Schema>> {
	const json = extractJson(text);
	if (json === undefined) return { ok: false, problem: "no JSON object or array found" };
	let data: unknown;
	try {
		data = JSON.parse(json);
	} catch (error) {
		return { ok: false, problem: (error as Error).message };
	}
	const result = schema.safeParse(data);
	if (result.success) return { ok: true, value: result.data };
	return { ok: false, problem: formatIssues(result.error.issues) };
}

export function formatIssues(issues: readonly z.core.$ZodIssue[]): string {
	return issues
		.map((issue) => `${issue.path.length ? issue.path.join(".") : "(root)"}: ${issue.message}`)
		.join("; ");
}

function extractJson(text: string): string | undefined {
	const fenced = /```(?:json)?\s*([\s\S]*?)```/.exec(text);
	const body = (fenced?.[1] ?? text).trim();
	const start = body.search(/[[{]/);
	if (start < 0) return undefined;
	const open = body[start];
	const end = body.lastIndexOf(open === "{" ? "}" : "]");
	return end > start ? body.slice(start, end + 1) : undefined;
}
