import type { TracerProvider } from "@opentelemetry/api";
import type { SpanExporter } from "@opentelemetry/sdk-trace-base";
import { ConfigError } from "../errors.ts";

/** Where a run's OpenTelemetry spans go. Give one of `endpoint`, `exporter`, `tracerProvider`. */
export interface TracingOptions {
	/**
	 * An OTLP/HTTP collector, e.g. `http://127.0.0.1:4318` (spans are posted to
	 * `<endpoint>/v1/traces`; a URL already ending in `/v1/traces` is used as it is).
	 */
	endpoint?: string;
	/** Headers of the OTLP requests (e.g. an API key). */
	headers?: Record<string, string>;
	/** Spans go to this exporter (an `InMemorySpanExporter` in tests); crewkit flushes it after each run. */
	exporter?: SpanExporter;
	/** Spans are made by the application's own provider; crewkit neither flushes nor stops it. */
	tracerProvider?: TracerProvider;
	/**
	 * Also record prompts, answers and tool arguments and results on the spans
	 * (`gen_ai.input.messages`, …). Off by default: they may hold private data.
	 */
	recordContent?: boolean;
}

/**
 * A run's tracing: options; `true` to export to the collector the OpenTelemetry
 * environment names (`OTEL_EXPORTER_OTLP_TRACES_ENDPOINT` or `OTEL_EXPORTER_OTLP_ENDPOINT`);
 * `false` for none even when the environment names one. Absent: traced only when the
 * environment names a collector (and `OTEL_SDK_DISABLED` is not `true`).
 */
export type TracingOption = boolean | TracingOptions;

/** Tracing that is configured, with where its spans go settled. */
export type TracingConfig =
	| {
			kind: "otlp";
			url: string | undefined;
			headers?: Record<string, string>;
			recordContent: boolean;
	  }
	| { kind: "exporter"; exporter: SpanExporter; recordContent: boolean }
	| { kind: "provider"; tracerProvider: TracerProvider; recordContent: boolean };

/**
 * Whether and where a run is traced. Nothing is configured by default, and then nothing is
 * traced and no OpenTelemetry module is loaded.
 * @throws ConfigError for `true` without a collector in the environment, or a bad endpoint.
 */
export function resolveTracingConfig(
	option: TracingOption | undefined,
	env: Readonly<Record<string, string | undefined>>,
): TracingConfig | undefined {
	if (option === false) return undefined;
	// The exporter reads these variables (and OTEL_EXPORTER_OTLP_HEADERS) itself.
	const fromEnvironment = Boolean(
		env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT?.trim() || env.OTEL_EXPORTER_OTLP_ENDPOINT?.trim(),
	);
	if (option === undefined) {
		if (env.OTEL_SDK_DISABLED?.trim().toLowerCase() === "true") return undefined;
		return fromEnvironment ? { kind: "otlp", url: undefined, recordContent: false } : undefined;
	}
	if (option === true) {
		if (!fromEnvironment) {
			throw new ConfigError(
				"tracing: true exports to the collector that OTEL_EXPORTER_OTLP_ENDPOINT names, but it is not set. Set it (e.g. http://127.0.0.1:4318) or pass tracing: { endpoint }.",
			);
		}
		return { kind: "otlp", url: undefined, recordContent: false };
	}
	const recordContent = option.recordContent ?? false;
	const given = [option.endpoint, option.exporter, option.tracerProvider].filter(
		(value) => value !== undefined,
	);
	if (given.length > 1) {
		throw new ConfigError(
			"tracing: give one of endpoint, exporter or tracerProvider, not several.",
		);
	}
	if (option.tracerProvider) {
		return { kind: "provider", tracerProvider: option.tracerProvider, recordContent };
	}
	if (option.exporter) return { kind: "exporter", exporter: option.exporter, recordContent };
	if (option.endpoint !== undefined) {
		return {
			kind: "otlp",
			url: tracesUrl(option.endpoint),
			...(option.headers ? { headers: option.headers } : {}),
			recordContent,
		};
	}
	if (!fromEnvironment) {
		throw new ConfigError(
			"tracing: give an endpoint (e.g. http://127.0.0.1:4318), an exporter or a tracerProvider, or set OTEL_EXPORTER_OTLP_ENDPOINT.",
		);
	}
	return { kind: "otlp", url: undefined, recordContent };
}

/** The OTLP/HTTP traces URL of a collector's base URL. */
export function tracesUrl(endpoint: string): string {
	let url: URL;
	try {
		url = new URL(endpoint);
	} catch {
		url = new URL("invalid:");
	}
	if (url.protocol !== "http:" && url.protocol !== "https:") {
		throw new ConfigError(
			`The OTLP endpoint '${endpoint}' is not an http:// or https:// URL, e.g. http://127.0.0.1:4318.`,
		);
	}
	const path = url.pathname.replace(/\/+$/, "");
	if (path.endsWith("/v1/traces")) return url.toString();
	url.pathname = `${path}/v1/traces`;
	return url.toString();
}
