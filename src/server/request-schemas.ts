import { z } from "zod";
import type { KickoffInputs } from "../crew/crew.ts";
import type { RunRequest } from "../service/run-launcher.ts";
import { ApiError, type InputIssue } from "./api-error.ts";

const inputName = z
	.string()
	.regex(/^[A-Za-z_][A-Za-z0-9_-]{0,63}$/, "an input name is letters, digits, _ or -");
const inputValue = z.union([z.string().max(10_000), z.number().finite(), z.boolean()]);

/** The body of `POST /api/runs`. */
export const startRunSchema = z
	.strictObject({
		crew: z.string().trim().min(1).max(500).default("research"),
		inputs: z.record(inputName, inputValue),
		model: z.string().trim().min(1).max(500).optional(),
		sources: z.string().trim().min(1).max(1_000).optional(),
	})
	.superRefine((body, context) => {
		const topic = body.inputs.topic;
		if (body.crew === "research" && (typeof topic !== "string" || topic.trim() === "")) {
			context.addIssue({
				code: "custom",
				path: ["inputs", "topic"],
				message: 'the research crew needs a topic, e.g. { "inputs": { "topic": "AI LLMs" } }',
			});
		}
	});

/** The query of `GET /api/runs` and `GET /api/usage`. */
export const listRunsSchema = z.strictObject({
	limit: z.coerce.number().int().min(1).max(200).default(20),
	q: z.string().trim().max(200).optional(),
	status: z
		.enum(["running", "completed", "ungrounded", "failed", "cancelled", "interrupted", "waiting"])
		.optional(),
	token: z.string().optional(),
});

/** `Last-Event-ID` (header) or `lastEventId` (query): the last sequence number a client has. */
export const lastEventIdSchema = z
	.string()
	.trim()
	.regex(/^\d{0,15}$/, "must be the sequence number of the last event received")
	.transform((value) => (value === "" ? 0 : Number(value)));

/** Parses input with a schema, or throws a 400 that says what is wrong, field by field. */
export function parseInput<Schema extends z.ZodType>(
	schema: Schema,
	value: unknown,
	what: string,
): z.output<Schema> {
	const result = schema.safeParse(value);
	if (result.success) return result.data;
	const issues: InputIssue[] = result.error.issues.map((issue) => ({
		path: issue.path.map(String).join("."),
		// A bad record key says why in its own issues.
		message: (issue.code === "invalid_key" && issue.issues[0]?.message) || issue.message,
	}));
	const listed = issues
		.map((issue) => (issue.path ? `${issue.path}: ${issue.message}` : issue.message))
		.join("; ");
	throw new ApiError(400, "invalid_input", `Invalid ${what}: ${listed}.`, issues);
}

/** Turns a validated body into a launcher request; `current_year` defaults to this year. */
export function toRunRequest(body: z.output<typeof startRunSchema>): RunRequest {
	const inputs: KickoffInputs = { ...body.inputs };
	if (inputs.current_year === undefined) inputs.current_year = String(new Date().getFullYear());
	return {
		crew: body.crew,
		inputs,
		...(body.model ? { model: body.model } : {}),
		...(body.sources ? { sources: body.sources } : {}),
	};
}
