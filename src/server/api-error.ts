import type { Context } from "hono";
import type { ContentfulStatusCode } from "hono/utils/http-status";

/** The codes of the API's errors, one per thing the client has to do differently. */
export type ApiErrorCode =
	| "invalid_input"
	| "invalid_json"
	| "unauthorized"
	| "forbidden"
	| "not_found"
	| "not_running"
	| "report_not_ready"
	| "no_report"
	| "payload_too_large"
	| "unsupported_media_type"
	| "export_unavailable"
	| "report_over_limits"
	| "internal";

/** A field the input validation rejected. */
export interface InputIssue {
	path: string;
	message: string;
}

/**
 * An error the API answers with `{ error: { code, message } }` and its HTTP status.
 * Route handlers throw it; the app's error handler turns it into the response.
 */
export class ApiError extends Error {
	readonly status: ContentfulStatusCode;
	readonly code: ApiErrorCode;
	readonly issues: InputIssue[] | undefined;

	constructor(
		status: ContentfulStatusCode,
		code: ApiErrorCode,
		message: string,
		issues?: InputIssue[],
	) {
		super(message);
		this.name = new.target.name;
		this.status = status;
		this.code = code;
		this.issues = issues;
	}
}

/** The JSON body of an error response. */
export function errorBody(error: ApiError): {
	error: { code: ApiErrorCode; message: string; issues?: InputIssue[] };
} {
	return {
		error: {
			code: error.code,
			message: error.message,
			...(error.issues ? { issues: error.issues } : {}),
		},
	};
}

/** Answers with an error (for middleware that returns rather than throws). */
export function errorResponse(context: Context, error: ApiError): Response {
	return context.json(errorBody(error), error.status);
}

/** The 404 of a run id the store does not know. */
export function unknownRun(runId: string): ApiError {
	return new ApiError(
		404,
		"not_found",
		`There is no run '${runId}'. List runs with GET /api/runs.`,
	);
}
