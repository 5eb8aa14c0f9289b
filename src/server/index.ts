export { ApiError, type ApiErrorCode } from "./api-error.ts";
export { createServer, type ServerOptions } from "./create-server.ts";
export { isLoopbackHost } from "./loopback-host.ts";
export type { PublicEvent } from "./public-event.ts";
export { type RenderedReport, type ReportSource, renderReport } from "./render-report.ts";
export type { AgentUsage, RunDetail, TaskDetail, ToolCallDetail } from "./run-detail.ts";
export type { RunDisplayStatus, RunSummary } from "./run-summary.ts";
export type { RunUsage } from "./run-usage.ts";
export {
	checkBinding,
	defaultPort,
	type RunningServer,
	type StartServerOptions,
	startServer,
} from "./start-server.ts";
