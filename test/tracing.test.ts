import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { mkdtemp, writeFile } from "node:fs/promises";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { runCli } from "./support/run-cli.ts";

/** A stand-in OTLP/HTTP collector on 127.0.0.1 that keeps what it is sent. */
interface Collector {
	url: string;
	requests: Array<{ path: string; contentType: string | undefined; body: string }>;
	close(): Promise<void>;
}

async function startCollector(): Promise<Collector> {
	const requests: Collector["requests"] = [];
	const server: Server = createServer((request, response) => {
		let body = "";
		request.on("data", (chunk) => (body += chunk));
		request.on("end", () => {
			requests.push({
				path: request.url ?? "",
				contentType: request.headers["content-type"],
				body,
			});
			response.writeHead(200, { "content-type": "application/json" }).end("{}");
		});
	});
	await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
	const { port } = server.address() as AddressInfo;
	return {
		url: `http://127.0.0.1:${port}`,
		requests,
		close: () => new Promise((resolve) => server.close(() => resolve())),
	};
}

/** Span names in OTLP/JSON export bodies. */
function spanNames(requests: Collector["requests"]): string[] {
	return requests.flatMap((request) =>
		JSON.parse(request.body).resourceSpans.flatMap(
			(resource: { scopeSpans: Array<{ spans: Array<{ name: string }> }> }) =>
				resource.scopeSpans.flatMap((scope) => scope.spans.map((span) => span.name)),
		),
	);
}

const crewkitIndex = new URL("../src/index.ts", import.meta.url).href;

/**
 * A script that records every module the process loads (a resolve hook registered before
 * crewkit is imported), runs a one-task crew on the scripted model, and prints which
 * OpenTelemetry and MCP modules were loaded.
 */
const spyScript = `
import { registerHooks } from "node:module";
const loaded = [];
registerHooks({
	resolve(specifier, context, nextResolve) {
		const result = nextResolve(specifier, context);
		loaded.push(result.url);
		return result;
	},
});
const { Agent, Crew, Task, createScriptedModel } = await import(${JSON.stringify(crewkitIndex)});
const agent = new Agent({ name: "writer", role: "Writer", goal: "Write", backstory: "Clear." });
const task = new Task({ name: "write", description: "Write.", expectedOutput: "A line.", agent });
const crew = new Crew({ name: "spied", agents: [agent], tasks: [task], model: createScriptedModel({ replies: ["Done."] }) });
const result = await crew.kickoff();
process.stdout.write(JSON.stringify({
	raw: result.raw,
	opentelemetry: loaded.filter((url) => url.includes("@opentelemetry")),
	mcp: loaded.filter((url) => url.includes("@modelcontextprotocol")),
}));
`;

async function runSpy(env: Record<string, string>) {
	const folder = await mkdtemp(join(tmpdir(), "crewkit-spy-"));
	const script = join(folder, "spy.mjs");
	await writeFile(script, spyScript);
	return new Promise<{ raw: string; opentelemetry: string[]; mcp: string[] }>((resolve, reject) => {
		const child = spawn(process.execPath, [script], {
			env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "", ...env },
			stdio: ["ignore", "pipe", "pipe"],
		});
		let stdout = "";
		let stderr = "";
		child.stdout.on("data", (chunk) => (stdout += chunk));
		child.stderr.on("data", (chunk) => (stderr += chunk));
		child.on("close", (code) => {
			if (code === 0) resolve(JSON.parse(stdout));
			else reject(new Error(`the spy script failed (${code}): ${stderr}`));
		});
	});
}

let collector: Collector;
before(async () => {
	collector = await startCollector();
});
after(() => collector.close());

test("with nothing configured, a run loads no OpenTelemetry module and sends nothing", async () => {
	const before = collector.requests.length;
	const spied = await runSpy({});
	assert.equal(spied.raw, "Done.");
	assert.deepEqual(spied.opentelemetry, [], "no OpenTelemetry module was even resolved");
	assert.deepEqual(spied.mcp, [], "nor the MCP SDK, with no MCP server configured");
	assert.equal(collector.requests.length, before);
});

test("OTEL_EXPORTER_OTLP_ENDPOINT turns tracing on: spans reach the collector as OTLP/JSON", async () => {
	const before = collector.requests.length;
	const spied = await runSpy({ OTEL_EXPORTER_OTLP_ENDPOINT: collector.url });
	assert.ok(spied.opentelemetry.some((url) => url.includes("exporter-trace-otlp-http")));
	const requests = collector.requests.slice(before);
	assert.ok(requests.every((request) => request.path === "/v1/traces"));
	assert.ok(requests.every((request) => request.contentType === "application/json"));
	assert.deepEqual(spanNames(requests).sort(), [
		"chat scripted",
		"invoke_agent writer",
		"invoke_workflow spied",
	]);
});

test("crewkit run --otlp URL sends the run's spans to that collector", async () => {
	const cwd = await mkdtemp(join(tmpdir(), "crewkit-otlp-"));
	await writeFile(
		join(cwd, "agents.yaml"),
		"writer:\n  role: Writer\n  goal: Write\n  backstory: Clear.\n",
	);
	await writeFile(
		join(cwd, "tasks.yaml"),
		"write_task:\n  description: Write.\n  expected_output: A line.\n  agent: writer\n",
	);
	await writeFile(join(cwd, "script.json"), JSON.stringify(["Done."]));
	const before = collector.requests.length;
	const result = await runCli(
		[
			"run",
			"--crew",
			".",
			"--model",
			"scripted:script.json",
			"--no-check",
			"--quiet",
			"--otlp",
			collector.url,
		],
		{ cwd },
	);
	assert.equal(result.code, 0, result.stderr);
	const names = spanNames(collector.requests.slice(before));
	assert.ok(names.includes(`invoke_workflow ${cwd.split("/").at(-1)}`), names.join(", "));
	assert.ok(names.includes("invoke_agent writer"));
});
