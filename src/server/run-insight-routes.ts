import { Hono } from "hono";
import { exportMediaTypes, isExportFormat } from "../export/export-report.ts";
import { ExportError } from "../export/report-pdf.ts";
import { ParserLimitError } from "../parsers/parser-limits.ts";
import {
	evaluateReportInWorker,
	type ReportEvaluationLimits,
} from "../report/evaluate-report-in-worker.ts";
import { isRunDefinition } from "../service/run-definition.ts";
import { failedModelCalls } from "../store/failed-model-calls.ts";
import { displayStatus } from "../store/run-status.ts";
import type { ApiContext } from "./api-context.ts";
import { ApiError, unknownRun } from "./api-error.ts";
import { finalReport } from "./final-report.ts";

const clip = (text: string, length: number) =>
	text.length > length ? `${text.slice(0, length - 1)}…` : text;

/**
 * What the dashboard's run views read: the calls of a run (a time view and, on demand, one
 * call's whole prompt and answer), the report's evaluation, the crew's shape, and the
 * report as a download (md, html, pdf, docx).
 */
export function createRunInsightRoutes(
	api: ApiContext,
	env: Record<string, string | undefined>,
	evaluationLimits: Partial<ReportEvaluationLimits> = {},
): Hono {
	const { store, accepted, send } = api;
	const routes = new Hono();
	const runOf = (runId: string) => {
		const run = store.getRun(runId);
		if (!run) throw unknownRun(runId);
		return run;
	};

	routes.get("/runs/:id/calls", (context) => {
		const runId = context.req.param("id");
		const run = runOf(runId);
		const calls = store.modelCalls(runId).map((call) => {
			const response = call.response as { text?: string; toolCalls?: Array<{ toolName: string }> };
			return {
				id: call.id,
				task: call.task,
				agent: call.agent,
				model: call.model,
				startedAt: call.at - call.durationMs,
				endedAt: call.at,
				durationMs: call.durationMs,
				usage: call.usage,
				finishReason: call.finishReason,
				answer: clip(response.text ?? "", 240),
				toolCalls: (response.toolCalls ?? []).map((tool) => tool.toolName),
			};
		});
		const toolCalls = store.toolCalls(runId).map((call) => ({
			id: call.id,
			task: call.task,
			agent: call.agent,
			toolName: call.toolName,
			at: call.at,
			isError: call.isError,
		}));
		const failed = failedModelCalls(run, store.events(runId), displayStatus(run));
		return send(context, { runId, calls, toolCalls, failed });
	});

	routes.get("/runs/:id/calls/:call", (context) => {
		const runId = context.req.param("id");
		runOf(runId);
		const id = Number(context.req.param("call"));
		const call = store.modelCalls(runId).find((row) => row.id === id);
		if (!call) {
			throw new ApiError(
				404,
				"not_found",
				`Run '${runId}' has no model call ${context.req.param("call")}.`,
			);
		}
		return send(context, call);
	});

	routes.get("/runs/:id/evaluation", async (context) => {
		const runId = context.req.param("id");
		const { markdown } = finalReport(store, accepted, runId);
		const run = runOf(runId);
		const sections =
			isRunDefinition(run.definition) && run.definition.kind === "research"
				? run.definition.sections
				: undefined;
		// In a worker with limits: a huge or hostile report never blocks the server.
		try {
			const evaluation = await evaluateReportInWorker(markdown, {
				label: `The report of run ${runId}`,
				evaluation: {
					...(sections ? { sections } : {}),
					taskValues: store.completedTasks(runId).map((task) => task.value),
				},
				limits: evaluationLimits,
				signal: context.req.raw.signal,
			});
			return send(context, { runId, ...evaluation });
		} catch (error) {
			if (error instanceof ParserLimitError)
				throw new ApiError(422, "report_over_limits", `${error.message}; it is not evaluated.`);
			throw error;
		}
	});

	routes.get("/runs/:id/crew", (context) => {
		const runId = context.req.param("id");
		const run = runOf(runId);
		if (!isRunDefinition(run.definition)) {
			const described = run.definition as { agents?: unknown[]; tasks?: unknown[] } | null;
			return send(context, {
				runId,
				agents: described?.agents ?? [],
				tasks: described?.tasks ?? [],
			});
		}
		const { spec } = run.definition;
		return send(context, {
			runId,
			crew: run.crew,
			agents: spec.agents.map(({ name, role, tools, model }) => ({
				name,
				role,
				tools: tools ?? [],
				model,
			})),
			tasks: spec.tasks.map(({ name, agent, context: taskContext }, index) => ({
				name,
				agent,
				context: taskContext ?? spec.tasks.slice(0, index).map((task) => task.name),
			})),
		});
	});

	routes.get("/runs/:id/export", async (context) => {
		const runId = context.req.param("id");
		const format = context.req.query("format") ?? "md";
		const { markdown } = finalReport(store, accepted, runId);
		if (format === "md")
			return download(context, `${runId}.md`, "text/markdown; charset=utf-8", markdown);
		if (!isExportFormat(format)) {
			throw new ApiError(
				400,
				"invalid_input",
				`format is one of md, html, pdf, docx, got '${format}'.`,
			);
		}
		const { exportReport } = await import("../export/export-report.ts");
		try {
			const bytes = await exportReport(markdown, format, { env });
			return download(context, `${runId}.${format}`, exportMediaTypes[format], bytes);
		} catch (error) {
			if (error instanceof ExportError)
				throw new ApiError(503, "export_unavailable", error.message);
			if (error instanceof ParserLimitError)
				throw new ApiError(422, "report_over_limits", error.message);
			throw error;
		}
	});

	return routes;
}

function download(
	context: import("hono").Context,
	name: string,
	type: string,
	body: string | Uint8Array,
): Response {
	return context.body(typeof body === "string" ? body : new Uint8Array(body), 200, {
		"Content-Type": type,
		"Content-Disposition": `attachment; filename="${name}"`,
		"Cache-Control": "no-store",
	});
}
