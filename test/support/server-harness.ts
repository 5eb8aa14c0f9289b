/** A dashboard server over a temporary workspace, for tests and the benchmark. */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { Hono } from "hono";
import type { ReportEvaluationLimits } from "../../src/report/evaluate-report-in-worker.ts";
import { createServer } from "../../src/server/create-server.ts";
import { type RunningServer, startServer } from "../../src/server/start-server.ts";
import { createEventBus, type EventBus } from "../../src/service/event-bus.ts";
import { createLocalLauncher } from "../../src/service/local-launcher.ts";
import type { RunLauncher } from "../../src/service/run-launcher.ts";
import type { ServicePolicy } from "../../src/service/service-policy.ts";
import type { RunStore } from "../../src/store/run-store.ts";
import { openRunStore } from "../../src/store/sqlite-store.ts";
import { briefingScriptFile, writeBriefingWorkspace } from "./briefing-crew.ts";

export const webRoot = fileURLToPath(new URL("../../web/", import.meta.url));

export interface Harness {
	workspace: string;
	store: RunStore;
	bus: EventBus;
	/** Listeners subscribed to the bus right now (open SSE streams). */
	subscriptions(): number;
	launcher: RunLauncher;
	app: Hono;
	/** Set when `listen` was asked for. */
	server: RunningServer | undefined;
	/** Fetches a path of the app (in-process, or over the socket when listening). */
	request(path: string, init?: RequestInit): Promise<Response>;
	close(): Promise<void>;
}

export interface HarnessOptions {
	/** Latency of every scripted reply, in milliseconds. */
	latencyMs?: number;
	delayMs?: number;
	token?: string;
	env?: Record<string, string | undefined>;
	heartbeatMs?: number;
	/** Listen on 127.0.0.1, port 0. */
	listen?: boolean;
	/** Wraps the store the launcher records into (the benchmark stamps record times). */
	wrapStore?: (store: RunStore) => RunStore;
	/** What requests may name and do (the operator's `serve` flags). Default: closed. */
	policy?: ServicePolicy;
	/** What evaluating one report may cost (the server's `evaluationLimits`). */
	evaluationLimits?: Partial<ReportEvaluationLimits>;
}

/** A workspace with the briefing crew, a store, a bus, a local launcher and the server. */
export async function startHarness(options: HarnessOptions = {}): Promise<Harness> {
	const workspace = await mkdtemp(join(tmpdir(), "crewkit-server-"));
	await writeBriefingWorkspace(workspace, {
		...(options.latencyMs ? { latencyMs: options.latencyMs } : {}),
		...(options.delayMs ? { delayMs: options.delayMs } : {}),
	});
	const store = openRunStore(join(workspace, ".crewkit", "runs.db"), { env: options.env ?? {} });
	const bus = createEventBus();
	let subscriptions = 0;
	const countingBus: EventBus = {
		publish: (event) => bus.publish(event),
		subscribe(runId, listener) {
			subscriptions += 1;
			const unsubscribe = bus.subscribe(runId, listener);
			let done = false;
			return () => {
				if (!done) subscriptions -= 1;
				done = true;
				unsubscribe();
			};
		},
	};
	const launcher = createLocalLauncher({
		store: options.wrapStore ? options.wrapStore(store) : store,
		bus,
		workspace,
		defaultModel: `scripted:${briefingScriptFile}`,
		...(options.policy ? { policy: options.policy } : {}),
	});
	const serverOptions = {
		store,
		bus: countingBus,
		launcher,
		webRoot,
		env: options.env ?? {},
		...(options.token ? { token: options.token } : {}),
		...(options.heartbeatMs ? { heartbeatMs: options.heartbeatMs } : {}),
		...(options.evaluationLimits ? { evaluationLimits: options.evaluationLimits } : {}),
	};
	const server = options.listen
		? await startServer({ ...serverOptions, host: "127.0.0.1", port: 0 })
		: undefined;
	const app = server?.app ?? createServer(serverOptions);
	return {
		workspace,
		store,
		bus,
		subscriptions: () => subscriptions,
		launcher,
		app,
		server,
		request: (path, init) =>
			server ? fetch(new URL(path, server.url), init) : Promise.resolve(app.request(path, init)),
		async close() {
			await launcher.close();
			await server?.close();
			store.close();
			await rm(workspace, { recursive: true, force: true });
		},
	};
}

/** Starts a briefing run through the API; returns its id. */
export async function startBriefingRun(
	harness: Pick<Harness, "request">,
	options: { topic?: string; headers?: Record<string, string> } = {},
): Promise<string> {
	const response = await harness.request("/api/runs", {
		method: "POST",
		headers: { "content-type": "application/json", ...options.headers },
		body: JSON.stringify({ crew: "briefing", inputs: { topic: options.topic ?? "AI LLMs" } }),
	});
	const body = (await response.json()) as { runId?: string };
	if (response.status !== 202 || !body.runId)
		throw new Error(`POST /api/runs answered ${response.status}: ${JSON.stringify(body)}`);
	return body.runId;
}

/** Polls a run until its status is one of `statuses`; returns the run detail. */
export async function waitForStatus(
	harness: Pick<Harness, "request">,
	runId: string,
	statuses: string[],
	options: { timeoutMs?: number; headers?: Record<string, string> } = {},
): Promise<{ run: { status: string } } & Record<string, unknown>> {
	const deadline = Date.now() + (options.timeoutMs ?? 10_000);
	for (;;) {
		const response = await harness.request(`/api/runs/${runId}`, {
			...(options.headers ? { headers: options.headers } : {}),
		});
		const body = (await response.json()) as { run: { status: string } };
		if (response.ok && statuses.includes(body.run.status)) return body;
		if (Date.now() > deadline)
			throw new Error(`Run ${runId} did not reach ${statuses.join("/")}: ${JSON.stringify(body)}`);
		await new Promise((resolve) => setTimeout(resolve, 20));
	}
}
