import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { createServer } from "../src/server/create-server.ts";
import { checkBinding, startServer } from "../src/server/start-server.ts";
import { createEventBus } from "../src/service/event-bus.ts";
import type { RunLauncher } from "../src/service/run-launcher.ts";
import { openRunStore } from "../src/store/sqlite-store.ts";
import { briefingReport } from "./support/briefing-crew.ts";
import {
	type Harness,
	startBriefingRun,
	startHarness,
	waitForStatus,
	webRoot,
} from "./support/server-harness.ts";
import { collectEvents } from "./support/sse-client.ts";

const json = (body: unknown): RequestInit => ({
	method: "POST",
	headers: { "content-type": "application/json" },
	body: JSON.stringify(body),
});

async function errorOf(response: Response) {
	const body = (await response.json()) as {
		error: { code: string; message: string; issues?: Array<{ path: string }> };
	};
	assert.equal(typeof body.error.message, "string");
	return body.error;
}

describe("runs API", () => {
	let harness: Harness;
	let runId: string;
	before(async () => {
		harness = await startHarness();
		runId = await startBriefingRun(harness, { topic: "Open weights" });
		await waitForStatus(harness, runId, ["completed"]);
	});
	after(() => harness.close());

	test("POST /api/runs answers 202 with the run id and where to find it", async () => {
		const response = await harness.request(
			"/api/runs",
			json({ crew: "briefing", inputs: { topic: "Inference" } }),
		);
		assert.equal(response.status, 202);
		const { runId: id } = (await response.json()) as { runId: string };
		assert.match(id, /^run_/);
		assert.equal(response.headers.get("location"), `/api/runs/${id}`);
		await waitForStatus(harness, id, ["completed"]);
	});

	test("a run is also named by the start of its id or 'latest', as on the command line", async () => {
		const prefix = runId.slice(0, -3);
		const byPrefix = await harness.request(`/api/runs/${prefix}/report?x=1`, {
			redirect: "manual",
		});
		assert.equal(byPrefix.status, 307);
		assert.equal(byPrefix.headers.get("location"), `/api/runs/${runId}/report?x=1`);
		const latest = await harness.request("/api/runs/latest", { redirect: "manual" });
		assert.equal(latest.status, 307);
		assert.match(latest.headers.get("location") ?? "", /^\/api\/runs\/run_[a-z0-9_]+$/);
		const unknown = await harness.request("/api/runs/run_nothing_like_it");
		assert.equal(unknown.status, 404);
	});

	test("GET /api/runs/:id gives tasks with outputs, usage per task and agent, tool calls, cost", async () => {
		const response = await harness.request(`/api/runs/${runId}`);
		assert.equal(response.status, 200);
		const text = await response.text();
		assert.doesNotMatch(text, /"prompt"/, "prompts are never sent");
		const detail = JSON.parse(text);
		assert.equal(detail.run.status, "completed");
		assert.equal(detail.run.crew, "briefing");
		assert.equal(detail.run.inputs.topic, "Open weights");
		assert.equal(detail.run.model, "scripted:briefing-script.json");
		assert.equal(detail.run.cost, undefined, "no price is known for a scripted model");
		assert.deepEqual(
			detail.tasks.map((task: { task: string; agent: string; status: string }) => [
				task.task,
				task.agent,
				task.status,
			]),
			[
				["research_task", "researcher", "completed"],
				["writing_task", "writer", "completed"],
			],
		);
		assert.equal(detail.tasks[1].output, briefingReport);
		const taskTokens = detail.tasks.reduce(
			(sum: number, task: { usage: { totalTokens: number } }) => sum + task.usage.totalTokens,
			0,
		);
		const agentTokens = detail.agents.reduce(
			(sum: number, agent: { usage: { totalTokens: number } }) => sum + agent.usage.totalTokens,
			0,
		);
		assert.equal(taskTokens, detail.run.usage.totalTokens);
		assert.equal(agentTokens, detail.run.usage.totalTokens);
		assert.deepEqual(
			detail.toolCalls.map((call: { toolName: string; input: { path: string } }) => [
				call.toolName,
				call.input.path,
			]),
			[
				["read_file", "notes/open-weights.md"],
				["read_file", "notes/inference.md"],
			],
		);
	});

	test("GET /api/runs lists and searches by id, crew and inputs, filters by status", async () => {
		const list = async (query: string) => {
			const response = await harness.request(`/api/runs${query}`);
			assert.equal(response.status, 200);
			return ((await response.json()) as { runs: Array<{ id: string; status: string }> }).runs;
		};
		assert.ok((await list("")).some((run) => run.id === runId));
		assert.deepEqual(
			(await list("?q=open%20WEIGHTS")).map((run) => run.id),
			[runId],
		);
		assert.deepEqual(
			(await list(`?q=${runId}`)).map((run) => run.id),
			[runId],
		);
		assert.ok((await list("?q=briefing")).length >= 1);
		assert.deepEqual(await list("?q=nothing-like-this"), []);
		assert.equal((await list("?limit=1")).length, 1);
		assert.ok((await list("?status=completed")).every((run) => run.status === "completed"));
		assert.deepEqual(await list("?status=failed"), []);
	});

	test("GET /api/runs/:id/report gives markdown, sanitized HTML with linked citations, and the sources", async () => {
		const response = await harness.request(`/api/runs/${runId}/report`);
		assert.equal(response.status, 200);
		const report = (await response.json()) as {
			markdown: string;
			html: string;
			title: string;
			sources: Array<{ number: number; title: string; url?: string; target?: string }>;
		};
		assert.equal(report.markdown, briefingReport);
		assert.equal(report.title, "Briefing: what changed this year");
		assert.match(report.html, /<a class="citation" href="#source-3">3<\/a>/);
		assert.deepEqual(
			report.sources.map((source) => [source.number, source.title, source.target, source.url]),
			[
				[1, "Open weights note", "notes/open-weights.md", undefined],
				[2, "Inference note", "notes/inference.md", undefined],
				[
					3,
					"Evaluation in practice",
					"https://example.com/evaluation",
					"https://example.com/evaluation",
				],
			],
		);
	});

	test("GET /api/usage compares runs: tokens, cost, model calls, tokens per agent", async () => {
		const response = await harness.request("/api/usage?limit=5");
		assert.equal(response.status, 200);
		const { runs } = (await response.json()) as {
			runs: Array<{
				id: string;
				cost?: number;
				modelCalls: number;
				usage: { totalTokens: number };
				agents: Array<{ agent: string; usage: { totalTokens: number } }>;
			}>;
		};
		const run = runs.find((entry) => entry.id === runId);
		assert.ok(run);
		assert.equal(run.cost, undefined, "no price is known for a scripted model");
		assert.equal(run.modelCalls, 3);
		assert.ok(run.usage.totalTokens > 0);
		assert.deepEqual(
			run.agents.map((agent) => agent.agent),
			["researcher", "writer"],
		);
		// The researcher made two calls (a tool call, then its answer): its tokens are both
		// calls' tokens, as the run's detail gives them, and the agents' tokens make the run's.
		const detail = (await (await harness.request(`/api/runs/${runId}`)).json()) as {
			agents: Array<{ usage: unknown }>;
		};
		assert.deepEqual(
			run.agents.map((agent) => agent.usage),
			detail.agents.map((agent) => agent.usage),
		);
		assert.equal(
			run.agents.reduce((sum, agent) => sum + agent.usage.totalTokens, 0),
			run.usage.totalTokens,
		);
	});

	test("GET /api/runs/:id/events replays a finished run with ids and ends after run-end", async () => {
		const response = await harness.request(`/api/runs/${runId}/events`);
		assert.equal(response.status, 200);
		assert.match(response.headers.get("content-type") ?? "", /^text\/event-stream/);
		const events = await collectEvents(response);
		assert.deepEqual(
			events.map((event) => event.seq),
			events.map((_, index) => index + 1),
		);
		assert.equal(events[0]?.type, "run-start");
		assert.equal(events.at(-1)?.type, "run-end");
		assert.ok(events.some((event) => event.type === "model-end"));
		assert.ok(
			events.every((event) => !("prompt" in event)),
			"model-end events carry no prompt",
		);
		const resumed = await collectEvents(
			await harness.request(`/api/runs/${runId}/events?lastEventId=40`),
		);
		assert.deepEqual(
			resumed.map((event) => event.seq),
			events.slice(40).map((event) => event.seq),
		);
		const byHeader = await collectEvents(
			await harness.request(`/api/runs/${runId}/events?lastEventId=1`, {
				headers: { "last-event-id": "45" },
			}),
		);
		assert.deepEqual(
			byHeader.map((event) => event.seq),
			events.slice(45).map((event) => event.seq),
		);
	});

	test("bad input answers 400 (or 413, 415) and says what is wrong", async () => {
		const cases: Array<[RequestInit, number, string, RegExp]> = [
			[
				json({ inputs: {} }),
				400,
				"invalid_input",
				/inputs\.topic: the research crew needs a topic/,
			],
			[json({ crew: "briefing" }), 400, "invalid_input", /inputs: /],
			[json({ inputs: { topic: "x" }, colour: "red" }), 400, "invalid_input", /colour/],
			[
				json({ inputs: { topic: "x" }, model: "nonsense" }),
				400,
				"invalid_input",
				/Unknown model 'nonsense'/,
			],
			[
				json({ crew: "../../etc", inputs: { topic: "x" } }),
				400,
				"invalid_input",
				/\.\.\/\.\.\/etc|outside|workspace/i,
			],
			[json({ inputs: { topic: "x", "bad name": "y" } }), 400, "invalid_input", /input name/],
			[json({ inputs: { topic: { nested: true } } }), 400, "invalid_input", /inputs\.topic/],
			[
				{ method: "POST", headers: { "content-type": "application/json" }, body: "{not json" },
				400,
				"invalid_json",
				/not JSON/,
			],
			[
				{ method: "POST", headers: { "content-type": "text/plain" }, body: "{}" },
				415,
				"unsupported_media_type",
				/application\/json/,
			],
			[json({ inputs: { topic: "x".repeat(70_000) } }), 413, "payload_too_large", /64 KB/],
		];
		for (const [init, status, code, message] of cases) {
			const response = await harness.request("/api/runs", init);
			assert.equal(response.status, status, String(init.body).slice(0, 80));
			const error = await errorOf(response);
			assert.equal(error.code, code);
			assert.match(error.message, message);
		}
		const missing = await errorOf(await harness.request("/api/runs", json({ inputs: {} })));
		assert.deepEqual(
			missing.issues?.map((issue) => issue.path),
			["inputs.topic"],
		);
		for (const query of ["?limit=0", "?limit=abc", "?status=lost", "?unknown=1"]) {
			const response = await harness.request(`/api/runs${query}`);
			assert.equal(response.status, 400, query);
			assert.equal((await errorOf(response)).code, "invalid_input");
		}
		const badId = await harness.request(`/api/runs/${runId}/events`, {
			headers: { "last-event-id": "x1" },
		});
		assert.equal(badId.status, 400);
		assert.match((await errorOf(badId)).message, /Last-Event-ID/);
	});

	test("an unknown run is a 404 that says so, on every run route", async () => {
		for (const [path, init] of [
			["/api/runs/run_nope", undefined],
			["/api/runs/run_nope/report", undefined],
			["/api/runs/run_nope/events", undefined],
			["/api/runs/run_nope/cancel", { method: "POST" }],
		] as const) {
			const response = await harness.request(path, init);
			assert.equal(response.status, 404, path);
			const error = await errorOf(response);
			assert.equal(error.code, "not_found");
			assert.match(error.message, /There is no run 'run_nope'/);
		}
		const route = await harness.request("/api/nothing");
		assert.equal(route.status, 404);
		assert.match((await errorOf(route)).message, /No API route GET \/api\/nothing/);
	});

	test("the dashboard's files are served with a strict content security policy; nothing else is", async () => {
		const page = await harness.request("/");
		assert.equal(page.status, 200);
		assert.match(page.headers.get("content-type") ?? "", /^text\/html/);
		assert.match(page.headers.get("content-security-policy") ?? "", /script-src 'self'/);
		assert.match(await page.text(), /<html/);
		for (const file of ["/app.js", "/app.css"])
			assert.equal((await harness.request(file)).status, 200, file);
		for (const path of [
			"/../package.json",
			"/%2e%2e%2fpackage.json",
			"/package.json",
			"/web/app.js",
		]) {
			assert.equal((await harness.request(path)).status, 404, path);
		}
	});

	test("without a token, other host names and cross-site writes are refused", async () => {
		const rebinding = await harness.app.request("http://attacker.example/api/runs");
		assert.equal(rebinding.status, 403);
		assert.match((await errorOf(rebinding)).message, /loopback names only/);
		const crossSite = await harness.request("/api/runs", {
			...json({ crew: "briefing", inputs: { topic: "x" } }),
			headers: { "content-type": "application/json", origin: "http://attacker.example" },
		});
		assert.equal(crossSite.status, 403);
		const sameSite = await harness.app.request("http://127.0.0.1:4317/api/runs/run_nope/cancel", {
			method: "POST",
			headers: { origin: "http://127.0.0.1:4317" },
		});
		assert.equal(sameSite.status, 404);
	});
});

describe("report rendering", () => {
	let harness: Harness;
	after(() => harness.close());

	test("a report with scripts, event handlers and javascript: links is neutralized", async () => {
		harness = await startHarness({
			policy: { models: ["scripted:evil.json"], allowCrewMcp: false },
		});
		const evil = `# Report <script>alert("title")</script>

Intro [1]. <img src=x onerror="alert(1)"> <a href="javascript:alert(2)">click</a>

<iframe src="https://evil.example"></iframe><svg onload="alert(3)"></svg>

## 1. Section

A [markdown link](javascript:alert(4)) and <a href="https://example.com" onclick="alert(5)">a safe one</a> [1].

## Sources

1. Trap — javascript:alert(6)
`;
		await writeFile(join(harness.workspace, "evil.json"), JSON.stringify(["- finding", evil]));
		const start = await harness.request(
			"/api/runs",
			json({ crew: "briefing", inputs: { topic: "x" }, model: "scripted:evil.json" }),
		);
		const { runId } = (await start.json()) as { runId: string };
		await waitForStatus(harness, runId, ["completed"]);
		const report = (await (await harness.request(`/api/runs/${runId}/report`)).json()) as {
			html: string;
			markdown: string;
			sources: Array<{ url?: string }>;
		};
		assert.equal(report.markdown, evil, "the markdown is given as written");
		for (const bad of [
			"<script",
			"<img",
			"<iframe",
			"<svg",
			"onerror",
			"onclick",
			"onload",
			'href="javascript',
		]) {
			assert.ok(!report.html.toLowerCase().includes(bad), `${bad} survived in ${report.html}`);
		}
		assert.match(
			report.html,
			/<a href="https:\/\/example.com" rel="noopener noreferrer nofollow" target="_blank">a safe one<\/a>/,
		);
		assert.match(report.html, /<a class="citation" href="#source-1">1<\/a>/);
		assert.equal(report.sources[0]?.url, undefined, "a javascript: source gets no link");
	});
});

describe("cancellation", () => {
	let harness: Harness;
	before(async () => {
		harness = await startHarness({ delayMs: 10_000 });
	});
	after(() => harness.close());

	test("POST /api/runs/:id/cancel cancels a running run; a second cancel is a 409", async () => {
		const runId = await startBriefingRun(harness);
		await waitForStatus(harness, runId, ["running"]);
		const notReady = await harness.request(`/api/runs/${runId}/report`);
		assert.equal(notReady.status, 409);
		assert.equal((await errorOf(notReady)).code, "report_not_ready");
		const started = Date.now();
		const response = await harness.request(`/api/runs/${runId}/cancel`, { method: "POST" });
		assert.equal(response.status, 200);
		assert.deepEqual(await response.json(), { runId, status: "cancelled" });
		assert.ok(Date.now() - started < 5_000, "the model's wait is interrupted");
		const detail = await waitForStatus(harness, runId, ["cancelled"]);
		assert.equal(detail.run.status, "cancelled");
		const again = await harness.request(`/api/runs/${runId}/cancel`, { method: "POST" });
		assert.equal(again.status, 409);
		assert.match((await errorOf(again)).message, /is cancelled: there is nothing to cancel/);
		const report = await harness.request(`/api/runs/${runId}/report`);
		assert.equal(report.status, 404);
		assert.equal((await errorOf(report)).code, "no_report");
	});
});

describe("secrets", () => {
	// The value of a secret-named variable, not shaped like an API key: only the
	// environment tells the redactor it is a secret.
	const secret = "orchard-lantern-4417-quill";
	let harness: Harness;
	before(async () => {
		harness = await startHarness({ env: { ORCHARD_API_KEY: secret }, listen: true });
	});
	after(() => harness.close());

	test("secrets in inputs never appear in responses or live events", async () => {
		const response = await harness.request(
			"/api/runs",
			json({ crew: "briefing", inputs: { topic: `about ${secret}` } }),
		);
		const { runId } = (await response.json()) as { runId: string };
		const live = await harness.request(`/api/runs/${runId}/events`);
		const text = await live.text();
		assert.match(text, /"type":"run-end"/);
		assert.ok(!text.includes(secret), "live events are redacted");
		assert.match(text, /about \[redacted\]/);
		for (const path of [
			`/api/runs/${runId}`,
			"/api/runs",
			"/api/usage",
			`/api/runs/${runId}/events`,
		]) {
			const body = await (await harness.request(path)).text();
			assert.ok(!body.includes(secret), path);
		}
	});
});

describe("token", () => {
	const token = "a-long-enough-test-token-0123456789";
	let harness: Harness;
	before(async () => {
		harness = await startHarness({ token });
	});
	after(() => harness.close());

	test("every API and SSE request needs the token; the page itself does not", async () => {
		const missing = await harness.request("/api/runs");
		assert.equal(missing.status, 401);
		assert.match(missing.headers.get("www-authenticate") ?? "", /^Bearer/);
		assert.match((await errorOf(missing)).message, /needs a token/);
		const wrong = await harness.request("/api/runs", {
			headers: { authorization: "Bearer wrong-token-wrong-token" },
		});
		assert.equal(wrong.status, 401);
		assert.match((await errorOf(wrong)).message, /token is wrong/);
		const wrongQuery = await harness.request("/api/runs?token=nope");
		assert.equal(wrongQuery.status, 401);
		const right = await harness.request("/api/runs", {
			headers: { authorization: `Bearer ${token}` },
		});
		assert.equal(right.status, 200);
		const headers = { authorization: `Bearer ${token}` };
		const runId = await startBriefingRun(harness, { headers });
		const noTokenEvents = await harness.request(`/api/runs/${runId}/events`);
		assert.equal(noTokenEvents.status, 401);
		const events = await collectEvents(
			await harness.request(`/api/runs/${runId}/events?token=${token}`),
		);
		assert.equal(events.at(-1)?.type, "run-end");
		assert.equal(
			(await harness.request(`/api/runs/${runId}/cancel`, { method: "POST" })).status,
			401,
		);
		// The right token in the query opens the event stream only, no other route.
		for (const path of ["/api/runs", `/api/runs/${runId}`, `/api/runs/${runId}/report`]) {
			assert.equal((await harness.request(`${path}?token=${token}`)).status, 401, path);
		}
		assert.equal((await harness.request("/")).status, 200);
		// With a token, any host name may be used (the server may sit behind a proxy).
		const proxied = await harness.app.request("http://crewkit.example/api/runs", { headers });
		assert.equal(proxied.status, 200);
		const body = await (await harness.request(`/api/runs/${runId}`, { headers })).text();
		assert.ok(!body.includes(token));
	});

	test("a public address without a token refuses to start, with one clear line", async () => {
		assert.throws(
			() => checkBinding("0.0.0.0", undefined),
			/Refusing to listen on 0\.0\.0\.0 without a token: pass --token or set CREWKIT_TOKEN/,
		);
		assert.throws(() => checkBinding("::", undefined), /Refusing to listen on ::/);
		assert.throws(() => checkBinding("0.0.0.0", "short"), /too short/);
		assert.doesNotThrow(() => checkBinding("0.0.0.0", token));
		assert.doesNotThrow(() => checkBinding("127.0.0.1", undefined));
		const store = openRunStore(":memory:");
		const launcher: RunLauncher = {
			start: async () => ({ runId: "run_x" }),
			cancel: async () => false,
			close: async () => {},
		};
		await assert.rejects(
			startServer({ store, bus: createEventBus(), launcher, webRoot, host: "0.0.0.0", port: 0 }),
			/Refusing to listen on 0\.0\.0\.0 without a token/,
		);
		const app = createServer({ store, bus: createEventBus(), launcher, webRoot });
		assert.equal((await app.request("/api/runs")).status, 200);
		store.close();
		const child = await runServe(["--host", "0.0.0.0", "--port", "0"], { CREWKIT_TOKEN: "" });
		assert.equal(child.code, 1);
		assert.equal(child.stderr.trim().split("\n").length, 1);
		assert.match(child.stderr, /^crewkit: Refusing to listen on 0\.0\.0\.0 without a token/);
	});
});

describe("crewkit serve", () => {
	test("prints its address, answers, and stops cleanly on SIGTERM", async () => {
		const { mkdtemp } = await import("node:fs/promises");
		const { tmpdir } = await import("node:os");
		const cwd = await mkdtemp(join(tmpdir(), "crewkit-serve-"));
		const child = spawn(
			process.execPath,
			[crewkitBin, "serve", "--port", "0", "--model", "scripted:none.json"],
			{
				cwd,
				env: { PATH: process.env.PATH ?? "" },
				stdio: ["ignore", "pipe", "pipe"],
			},
		);
		let stdout = "";
		let stderr = "";
		child.stderr.on("data", (chunk) => (stderr += chunk));
		const url = await new Promise<string>((resolve, reject) => {
			child.stdout.on("data", (chunk) => {
				stdout += chunk;
				const found = /crewkit dashboard: (http:\/\/127\.0\.0\.1:\d+\/)/.exec(stdout);
				if (found?.[1]) resolve(found[1]);
			});
			child.on("exit", () => reject(new Error(`serve exited early: ${stderr}`)));
		});
		const page = await fetch(url);
		assert.equal(page.status, 200);
		const runs = await fetch(new URL("/api/runs", url));
		assert.deepEqual(await runs.json(), { runs: [] });
		const exit = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
		child.kill("SIGTERM");
		assert.equal(await exit, 0, stderr);
		assert.match(stderr, /SIGTERM: stopping/);
	});
});

const crewkitBin = new URL("../bin/crewkit.js", import.meta.url).pathname;

function runServe(
	args: string[],
	env: Record<string, string>,
): Promise<{ code: number | null; stderr: string }> {
	return new Promise((resolve, reject) => {
		const child = spawn(process.execPath, [crewkitBin, "serve", ...args], {
			env: { PATH: process.env.PATH ?? "", ...env },
			stdio: ["ignore", "pipe", "pipe"],
		});
		let stderr = "";
		child.stderr.on("data", (chunk) => (stderr += chunk));
		child.on("error", reject);
		child.on("close", (code) => resolve({ code, stderr }));
	});
}
