import { Hono } from "hono";
import { bodyLimit } from "hono/body-limit";
import { CrewkitError } from "../errors.ts";
import type { ReportEvaluationLimits } from "../report/evaluate-report-in-worker.ts";
import type { EventBus, SequencedEvent } from "../service/event-bus.ts";
import type { RunLauncher } from "../service/run-launcher.ts";
import { createRedactor } from "../store/redact-secrets.ts";
import type { RunStore } from "../store/run-store.ts";
import { createAcceptedRuns } from "./accepted-runs.ts";
import { createJsonSender } from "./api-context.ts";
import { ApiError, errorBody } from "./api-error.ts";
import { formatSse, type SseFormatter } from "./event-stream.ts";
import { guardOrigin } from "./guard-origin.ts";
import { createHumanRoutes } from "./human-routes.ts";
import { toPublicEvent } from "./public-event.ts";
import { requireToken } from "./require-token.ts";
import { resolveRunReference } from "./resolve-run-reference.ts";
import { createRunInsightRoutes } from "./run-insight-routes.ts";
import { createApiRoutes } from "./run-routes.ts";
import { serveWebFile } from "./static-files.ts";

/** What the dashboard server needs. */
export interface ServerOptions {
	store: RunStore;
	/** Live events of runs; the launcher's store publishes on it. */
	bus: EventBus;
	launcher: RunLauncher;
	/** Required on every API and SSE request when set (Bearer header or `?token=`). */
	token?: string | undefined;
	/** The folder of the dashboard's static files (`web/`). */
	webRoot: string;
	/** Whose secret-named variables are redacted from responses; default `process.env`. */
	env?: Record<string, string | undefined>;
	/** Interval of SSE heartbeat comments, in milliseconds; default 15 s. */
	heartbeatMs?: number;
	/** What evaluating one report may cost (size, time, memory); defaults in `defaultReportEvaluationLimits`. */
	evaluationLimits?: Partial<ReportEvaluationLimits>;
}

const securityHeaders = {
	"Content-Security-Policy":
		"default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'",
	"X-Content-Type-Options": "nosniff",
	"Referrer-Policy": "no-referrer",
	"X-Frame-Options": "DENY",
};

/**
 * Creates the dashboard server as a Hono app: the JSON API and SSE under `/api`, the
 * dashboard's page and files at `/`. Without a token the API answers loopback host names
 * only; with one, every API request must carry it. Responses never carry prompts or
 * secrets. Test it with `app.request()`; serve it with `startServer`.
 */
export function createServer(options: ServerOptions): Hono {
	const { store, token } = options;
	const redact = createRedactor({
		...(options.env ?? process.env),
		...(token ? { CREWKIT_SERVER_TOKEN: token } : {}),
	});
	const send = createJsonSender(redact);
	const liveBytes = new WeakMap<SequencedEvent, Uint8Array>();
	const formatEvent: SseFormatter = (seq, event, source) => {
		const cached = source && liveBytes.get(source);
		if (cached) return cached;
		const bytes = formatSse(seq, redact(JSON.stringify({ seq, ...toPublicEvent(event) })));
		if (source) liveBytes.set(source, bytes);
		return bytes;
	};

	const app = new Hono();
	app.use("*", async (context, next) => {
		await next();
		for (const [name, value] of Object.entries(securityHeaders))
			context.res.headers.set(name, value);
	});
	app.use("/api/*", guardOrigin({ loopbackOnly: !token }));
	if (token) app.use("/api/*", requireToken(token));
	app.use(
		"/api/*",
		bodyLimit({
			maxSize: 64 * 1024,
			onError: () => {
				throw new ApiError(413, "payload_too_large", "The request body is over 64 KB.");
			},
		}),
	);
	app.use("/api/runs/*", resolveRunReference(store));
	const apiContext = {
		store,
		bus: options.bus,
		launcher: options.launcher,
		accepted: createAcceptedRuns(),
		send,
		formatEvent,
		heartbeatMs: options.heartbeatMs ?? 15_000,
	};
	app.route("/api", createApiRoutes(apiContext));
	app.route(
		"/api",
		createRunInsightRoutes(apiContext, options.env ?? process.env, options.evaluationLimits),
	);
	app.route("/api", createHumanRoutes(apiContext));
	app.get("/", serveWebFile(options.webRoot));
	app.get("/:file", serveWebFile(options.webRoot));

	app.notFound((context) =>
		context.req.path.startsWith("/api/")
			? send(
					context,
					errorBody(
						new ApiError(
							404,
							"not_found",
							`No API route ${context.req.method} ${context.req.path}.`,
						),
					),
					404,
				)
			: context.text("Not found", 404),
	);
	app.onError((error, context) => {
		if (error instanceof ApiError) return send(context, errorBody(error), error.status);
		if (error instanceof CrewkitError)
			return send(context, errorBody(new ApiError(400, "invalid_input", error.message)), 400);
		console.error(`crewkit serve: ${redact(error.stack ?? String(error))}`);
		return send(
			context,
			errorBody(new ApiError(500, "internal", "The server failed to answer; its log says why.")),
			500,
		);
	});
	return app;
}
