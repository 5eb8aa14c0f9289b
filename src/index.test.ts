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
];
// (node:worker_threads may load: parsers run in a worker, and the module itself is light.)
const heavyBuiltins = ["node:http", "node:https", "node:http2", "node:zlib"];

/**
 * Imports `entry` in a fresh Node with a loader hook that records every module it loads,
 * and returns their URLs (the module graph as loaded, not a guess from the sources).
 */
async function loadedModules(entry: string): Promise<string[]> {
	const script = `
		import { registerHooks } from "node:module";
		const loaded = [];
		registerHooks({ load(url, context, next) { loaded.push(url); return next(url, context); } });
		await import(${JSON.stringify(entry)});
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

test("importing crewkit loads no HTML, PDF, llama.cpp, Redis, HTTP-server, tracing, MCP or YAML module", async () => {
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
	assert.deepEqual(
		[...packages].sort(),
		["@ai-sdk/provider", "zod"],
		"the root entry's only packages",
	);
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
