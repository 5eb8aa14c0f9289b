import type { MiddlewareHandler } from "hono";
import { resolveRunId } from "../store/resolve-run-id.ts";
import type { RunStore } from "../store/run-store.ts";

/**
 * `/api/runs/latest/…` and `/api/runs/<start of an id>/…` lead (307, method and body kept)
 * to the run they name, as `<run>` does on the command line. A whole id, or a reference
 * that names no single run, goes on to the routes, which answer as they always do.
 */
export function resolveRunReference(
	store: Pick<RunStore, "getRun" | "listRuns">,
): MiddlewareHandler {
	return async (context, next) => {
		const match = /^\/api\/runs\/([^/]+)(\/.*)?$/.exec(context.req.path);
		const reference = match?.[1] ? decodeURIComponent(match[1]) : undefined;
		if (!reference || store.getRun(reference)) return next();
		let runId: string;
		try {
			runId = resolveRunId(store, reference);
		} catch {
			return next();
		}
		const search = new URL(context.req.url).search;
		return context.redirect(
			`/api/runs/${encodeURIComponent(runId)}${match?.[2] ?? ""}${search}`,
			307,
		);
	};
}
