import assert from "node:assert/strict";
import { test } from "node:test";
import { InMemorySpanExporter } from "@opentelemetry/sdk-trace-base";
import { resolveTracingConfig, tracesUrl } from "./tracing-options.ts";

const collector = { OTEL_EXPORTER_OTLP_ENDPOINT: "http://127.0.0.1:4318" };

test("nothing is traced unless configured", () => {
	assert.equal(resolveTracingConfig(undefined, {}), undefined);
	assert.equal(resolveTracingConfig(false, collector), undefined);
	assert.equal(
		resolveTracingConfig(undefined, { ...collector, OTEL_SDK_DISABLED: "true" }),
		undefined,
	);
});

test("the environment's collector, when it names one", () => {
	const fromEnvironment = { kind: "otlp", url: undefined, recordContent: false };
	assert.deepEqual(resolveTracingConfig(undefined, collector), fromEnvironment);
	assert.deepEqual(
		resolveTracingConfig(true, { OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: "http://c/v1/traces" }),
		fromEnvironment,
	);
	assert.throws(() => resolveTracingConfig(true, {}), /OTEL_EXPORTER_OTLP_ENDPOINT.*is not set/);
	assert.deepEqual(resolveTracingConfig({ recordContent: true }, collector), {
		...fromEnvironment,
		recordContent: true,
	});
	assert.throws(() => resolveTracingConfig({}, {}), /give an endpoint/);
});

test("an endpoint, an exporter or a provider, one at a time", () => {
	assert.deepEqual(
		resolveTracingConfig({ endpoint: "http://127.0.0.1:4318", headers: { "x-key": "k" } }, {}),
		{
			kind: "otlp",
			url: "http://127.0.0.1:4318/v1/traces",
			headers: { "x-key": "k" },
			recordContent: false,
		},
	);
	const exporter = new InMemorySpanExporter();
	assert.equal(resolveTracingConfig({ exporter }, {})?.kind, "exporter");
	assert.throws(
		() => resolveTracingConfig({ exporter, endpoint: "http://a" }, {}),
		/give one of endpoint, exporter or tracerProvider, not several/,
	);
});

test("a collector's base URL becomes its traces URL", () => {
	assert.equal(tracesUrl("http://127.0.0.1:4318"), "http://127.0.0.1:4318/v1/traces");
	assert.equal(
		tracesUrl("https://otel.example.com/base/"),
		"https://otel.example.com/base/v1/traces",
	);
	assert.equal(tracesUrl("http://c:4318/v1/traces"), "http://c:4318/v1/traces");
	assert.throws(() => tracesUrl("127.0.0.1:4318"), /is not an http:\/\/ or https:\/\/ URL/);
});
