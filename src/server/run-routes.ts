import { Hono } from "hono";
import { ConfigError } from "../errors.ts";
import { emptyUsage } from "../usage.ts";
import type { ApiContext } from "./api-context.ts";
import { ApiError, unknownRun } from "./api-error.ts";
import { createEventStream } from "./event-stream.ts";
import { finalReport } from "./final-report.ts";
import { renderReportInWorker } from "./render-report-in-worker.ts";
import {
	lastEventIdSchema,
	listRunsSchema,
	parseInput,
	startRunSchema,
	toRunRequest,
} from "./request-schemas.ts";
import { describeRun, type RunDetail } from "./run-detail.ts";
import { summarizeRun } from "./run-summary.ts";
import { usageOfRuns } from "./run-usage.ts";
import { searchRuns } from "./search-runs.ts";

/**
 * The JSON API under `/api`: start, list, read, cancel and follow runs, read reports,
 * compare usage. Errors are thrown as `ApiError`s; the app turns them into responses.
 */
export function createApiRoutes(api: ApiContext): Hono {
	const { store, launcher, accepted, send } = api;
	const routes = new Hono();

	routes.get("/runs", (context) => {
		const query = parseInput(listRunsSchema, context.req.query(), "query");
		return send(context, { runs: searchRuns(store, query) });
	});

	routes.post("/runs", async (context) => {
		if (!/^application\/json\b/i.test(context.req.header("content-type") ?? "")) {
			throw new ApiError(
				415,
				"unsupported_media_type",
				"Send the run request as JSON with 'Content-Type: application/json'.",
			);
		}
		let json: unknown;
		try {
			json = await context.req.json();
		} catch (error) {
			throw new ApiError(400, "invalid_json", `The body is not JSON: ${(error as Error).message}`);
		}
		const request = toRunRequest(parseInput(startRunSchema, json, "run request"));
		let runId: string;
		try {
			({ runId } = await launcher.start(request));
		} catch (error) {
			if (error instanceof ConfigError) throw new ApiError(400, "invalid_input", error.message);
			throw error;
		}
		accepted.add(runId, request);
		context.header("Location", `/api/runs/${runId}`);
		return send(context, { runId }, 202);
	});

	routes.get("/runs/:id", (context) => {
		const runId = context.req.param("id");
		const run = store.getRun(runId);
		if (run) return send(context, describeRun(store, run));
		const queued = accepted.get(runId);
		if (!queued) throw unknownRun(runId);
		const detail: RunDetail = {
			run: {
				id: runId,
				crew: queued.request.crew,
				status: "queued",
				inputs: queued.request.inputs,
				model: queued.request.model,
				createdAt: queued.acceptedAt,
				endedAt: undefined,
				durationMs: Date.now() - queued.acceptedAt,
				usage: emptyUsage(),
				error: undefined,
				parentRun: undefined,
				cost: undefined,
			},
			tasks: [],
			agents: [],
			toolCalls: [],
		};
		return send(context, detail);
	});

	routes.get("/runs/:id/report", async (context) => {
		const runId = context.req.param("id");
		const { status, task, markdown } = finalReport(store, accepted, runId);
		// In a worker with limits: a report written to be slow to render never blocks the server.
		const rendered = await renderReportInWorker(markdown, {
			label: `The report of run ${runId}`,
			signal: context.req.raw.signal,
		});
		return send(context, { runId, status, task, ...rendered });
	});

	routes.post("/runs/:id/cancel", async (context) => {
		const runId = context.req.param("id");
		const run = store.getRun(runId);
		if (!run && !accepted.get(runId)) throw unknownRun(runId);
		const before = run ? summarizeRun(run).status : "queued";
		if (before !== "running" && before !== "queued") {
			throw new ApiError(
				409,
				"not_running",
				`Run '${runId}' is ${before}: there is nothing to cancel.`,
			);
		}
		if (!(await launcher.cancel(runId))) {
			throw new ApiError(
				409,
				"not_running",
				`Run '${runId}' is not running in this server, so it cannot be cancelled here.`,
			);
		}
		// A queue's worker may still be stopping when the launcher answers.
		const after = store.getRun(runId);
		const status = after ? summarizeRun(after).status : "cancelled";
		return send(context, { runId, status: status === "running" ? "cancelling" : status });
	});

	routes.get("/runs/:id/events", (context) => {
		const runId = context.req.param("id");
		if (!store.getRun(runId) && !accepted.get(runId)) throw unknownRun(runId);
		const lastEventId = context.req.header("last-event-id") ?? context.req.query("lastEventId");
		const afterSeq = parseInput(lastEventIdSchema, lastEventId ?? "", "Last-Event-ID");
		const stream = createEventStream({
			store,
			bus: api.bus,
			runId,
			afterSeq,
			format: api.formatEvent,
			heartbeatMs: api.heartbeatMs,
			isFinished: () => {
				const run = store.getRun(runId);
				// A run waiting for a person goes on once answered: its stream stays open.
				const status = run && summarizeRun(run).status;
				return status !== undefined && status !== "running" && status !== "waiting";
			},
		});
		return new Response(stream, {
			headers: {
				"Content-Type": "text/event-stream; charset=utf-8",
				"Cache-Control": "no-cache, no-transform",
				"X-Accel-Buffering": "no",
			},
		});
	});

	routes.get("/usage", (context) => {
		const query = parseInput(listRunsSchema, context.req.query(), "query");
		return send(context, { runs: usageOfRuns(store, searchRuns(store, query)) });
	});

	return routes;
}
