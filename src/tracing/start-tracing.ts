import type { TracerProvider } from "@opentelemetry/api";
import {
	BasicTracerProvider,
	BatchSpanProcessor,
	SimpleSpanProcessor,
	type SpanExporter,
} from "@opentelemetry/sdk-trace-base";
import type { EventListener } from "../events.ts";
import { createTracingListener } from "./create-tracing-listener.ts";
import type { TracingConfig } from "./tracing-options.ts";

/** A run's tracing: the listener that makes spans, and what to do when the run is over. */
export interface RunTracing {
	listener: EventListener;
	/** Sends the spans still buffered (and stops what crewkit created). Never rejects. */
	close(): Promise<void>;
}

/** How long sending the last spans may hold up the end of a run, in milliseconds. */
const exportTimeoutMs = 5_000;

/**
 * Sets up tracing for one run. The OTLP exporter is imported only when spans go to a
 * collector; with the application's own provider nothing is created.
 */
export async function startTracing(config: TracingConfig): Promise<RunTracing> {
	let provider: TracerProvider;
	let close: () => Promise<void>;
	if (config.kind === "provider") {
		provider = config.tracerProvider;
		close = async () => {};
	} else {
		const exporter: SpanExporter =
			config.kind === "exporter" ? config.exporter : await createOtlpExporter(config);
		const basic = new BasicTracerProvider({
			spanProcessors: [
				config.kind === "exporter"
					? new SimpleSpanProcessor(exporter)
					: new BatchSpanProcessor(exporter, { exportTimeoutMillis: exportTimeoutMs }),
			],
		});
		provider = basic;
		// The application's exporter is flushed, not shut down: it may serve further runs.
		close = () => (config.kind === "exporter" ? basic.forceFlush() : basic.shutdown());
	}
	return {
		listener: createTracingListener(provider.getTracer("crewkit"), {
			recordContent: config.recordContent,
		}),
		close: () => close().catch(() => {}),
	};
}

async function createOtlpExporter(
	config: Extract<TracingConfig, { kind: "otlp" }>,
): Promise<SpanExporter> {
	const { OTLPTraceExporter } = await import("@opentelemetry/exporter-trace-otlp-http");
	return new OTLPTraceExporter({
		...(config.url ? { url: config.url } : {}),
		...(config.headers ? { headers: config.headers } : {}),
		timeoutMillis: exportTimeoutMs,
	});
}
