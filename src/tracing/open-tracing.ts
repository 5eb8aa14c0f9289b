import type { RunTracing } from "./start-tracing.ts";
import { resolveTracingConfig, type TracingOption } from "./tracing-options.ts";

/**
 * The tracing of a run, or `undefined` when none is configured (the default). OpenTelemetry
 * is imported only in the first case: this module imports none of it, so an untraced run
 * loads no OpenTelemetry code and creates no provider or exporter.
 */
export async function openTracing(
	option: TracingOption | undefined,
	env: Readonly<Record<string, string | undefined>>,
): Promise<RunTracing | undefined> {
	const config = resolveTracingConfig(option, env);
	if (!config) return undefined;
	const { startTracing } = await import("./start-tracing.ts");
	return startTracing(config);
}
