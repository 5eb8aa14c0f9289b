import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { test } from "node:test";
import { promisify } from "node:util";

/** Packages that only some features need: importing crewkit must not load them. */
const heavy = [
	"linkedom",
	"@mozilla/readability",
	"turndown",
	"unpdf",
	"node-llama-cpp",
	"@node-llama-cpp",
	"bullmq",
	"ioredis",
	"hono",
	"@hono/node-server",
	"@opentelemetry/api",
	"@opentelemetry/sdk-trace-base",
	"@opentelemetry/exporter-trace-otlp-http",
	"@modelcontextprotocol/sdk",
	"yaml",
	"marked",
	"sanitize-html",
	"zod",
];
// (node:worker_threads may load: parsers run in a worker, and the module itself is light.)
const heavyBuiltins = [
	"node:http",
	"node:https",
	"node:http2",
	"node:zlib",
	"node:crypto",
	"node:dns",
	"node:net",
];

/**
 * Imports `entry` in a fresh Node with a loader hook that records every module it loads,
 * and returns their URLs (the module graph as loaded, not a guess from the sources).
 */
async function loadedModules(entry: string, then = ""): Promise<string[]> {
	const script = `
		import { registerHooks } from "node:module";
		const loaded = [];
		registerHooks({ load(url, context, next) { loaded.push(url); return next(url, context); } });
		const crewkit = await import(${JSON.stringify(entry)});
		${then}
		process.stdout.write(JSON.stringify(loaded));`;
	const { stdout } = await promisify(execFile)(
		process.execPath,
		["--conditions=crewkit-source", "--input-type=module", "--eval", script],
		{ maxBuffer: 16 * 1024 * 1024 },
	);
	return JSON.parse(stdout) as string[];
}

function packageOf(url: string): string | undefined {
	return /\/node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(url)?.[1];
}

test("importing crewkit loads no HTML, PDF, llama.cpp, Redis, HTTP-server, tracing, MCP, YAML or zod module", async () => {
	const loaded = await loadedModules(new URL("./index.ts", import.meta.url).href);
	assert.ok(
		loaded.some((url) => url.endsWith("/src/crew/crew.ts")),
		"the hook saw the graph",
	);
	const packages = new Set(loaded.map(packageOf).filter((name) => name !== undefined));
	const loadedHeavy = heavy.filter((name) => packages.has(name));
	assert.deepEqual(loadedHeavy, [], `loaded with crewkit: ${loadedHeavy.join(", ")}`);
	const builtins = heavyBuiltins.filter((name) => loaded.includes(name));
	assert.deepEqual(builtins, [], `Node modules loaded with crewkit: ${builtins.join(", ")}`);
	assert.deepEqual([...packages], ["@ai-sdk/provider"], "the root entry's only package");
});

test("a crew without tools or an output schema runs without loading zod", async () => {
	const loaded = await loadedModules(
		new URL("./index.ts", import.meta.url).href,
		`const { Agent, Crew, Task, createScriptedModel } = crewkit;
		const model = createScriptedModel({ replies: ["Ten findings.", "The report."] });
		const researcher = new Agent({ role: "Researcher", goal: "Find", backstory: "Careful", model });
		const first = new Task({ description: "Research {topic}", expectedOutput: "findings", agent: researcher });
		const second = new Task({ description: "Report", expectedOutput: "a report", agent: researcher });
		const output = await new Crew({ agents: [researcher], tasks: [first, second] }).kickoff({ inputs: { topic: "AI" } });
		if (output.raw !== "The report.") throw new Error("the crew did not run: " + output.raw);`,
	);
	const packages = new Set(loaded.map(packageOf));
	assert.ok(!packages.has("zod"), "zod is not loaded by a plain crew run");
});

test("the same check sees zod load where a crew needs it: a task with an output schema", async () => {
	const loaded = await loadedModules(
		new URL("./index.ts", import.meta.url).href,
		`const { Agent, Crew, Task, createScriptedModel } = crewkit;
		const { z } = await import("zod");
		const model = createScriptedModel({ replies: ['{"count": 3}'] });
		const agent = new Agent({ role: "Counter", goal: "Count", backstory: "Exact", model });
		const task = new Task({ description: "Count", expectedOutput: "a count", agent, outputSchema: z.object({ count: z.number() }) });
		const output = await new Crew({ agents: [agent], tasks: [task] }).kickoff();
		if (output.tasks[0].value?.count !== 3) throw new Error("no parsed value");`,
	);
	assert.ok(new Set(loaded.map(packageOf)).has("zod"));
});

test("the same check sees a heavy package where one is imported: the HTML reader", async () => {
	const loaded = await loadedModules(
		new URL("./sources/html-to-markdown.ts", import.meta.url).href,
	);
	const packages = new Set(loaded.map(packageOf));
	for (const name of ["linkedom", "@mozilla/readability", "turndown"]) {
		assert.ok(packages.has(name), `${name} loads with the HTML reader`);
	}
});
