// Nothing exported here imports OpenTelemetry at load time: start-tracing.ts (which does)
// is imported dynamically by openTracing, only when tracing is configured.
export { genAi, genAiOperation } from "./gen-ai-attributes.ts";
export { openTracing } from "./open-tracing.ts";
export type { RunTracing } from "./start-tracing.ts";
export {
	resolveTracingConfig,
	type TracingConfig,
	type TracingOption,
	type TracingOptions,
} from "./tracing-options.ts";
