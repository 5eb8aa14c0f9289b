import { ConfigError } from "../errors.ts";
import { dueWaitingRuns } from "../human/due-waiting-runs.ts";
import type { ResolveModelOptions } from "../models/resolve-model.ts";
import type { RunStore } from "../store/run-store.ts";
import { defineRun, newRunId } from "./define-run.ts";
import type { EventBus } from "./event-bus.ts";
import { executeRun } from "./execute-run.ts";
import { isRunDefinition } from "./run-definition.ts";
import type { RunLauncher } from "./run-launcher.ts";
import { operatorTrust, type ServicePolicy } from "./service-policy.ts";

/** A store that also publishes every recorded event, with its sequence number, on a bus. */
export function publishingStore(store: RunStore, bus: EventBus): RunStore {
	return {
		...store,
		record(event) {
			const seq = store.record(event);
			bus.publish({ runId: event.runId, seq, event });
			return seq;
		},
	};
}

/**
 * Runs in this process: each accepted run executes in the background, recording into the
 * store and publishing live events on the bus.
 */
export function createLocalLauncher(options: {
	store: RunStore;
	bus: EventBus;
	workspace: string;
	defaultModel: string;
	modelOptions?: ResolveModelOptions;
	/**
	 * How often waiting runs are checked for questions past their deadline, which are then
	 * resumed to take their default answer. Default 5 s; 0: never.
	 */
	deadlineCheckMs?: number;
	/** What requests may name and do (models, crew MCP servers). Default: closed. */
	policy?: ServicePolicy;
}): RunLauncher {
	const store = publishingStore(options.store, options.bus);
	const running = new Map<string, { controller: AbortController; done: Promise<unknown> }>();
	let closed = false;
	const checkMs = options.deadlineCheckMs ?? 5000;
	const deadlines =
		checkMs > 0
			? setInterval(() => {
					for (const runId of dueWaitingRuns(options.store)) void launcher.resume?.(runId);
				}, checkMs)
			: undefined;
	const howToAllow = "start crewkit serve with --allow-crew-mcp (off by default)";
	const launcher: RunLauncher = {
		async start(request) {
			if (closed) throw new Error("The launcher is closed.");
			const runId = newRunId();
			const definition = await defineRun(request, { ...options, runId });
			const controller = new AbortController();
			const done = executeRun(definition, {
				store,
				mode: { type: "new", inputs: request.inputs, runId },
				signal: controller.signal,
				modelOptions: { cwd: options.workspace, ...options.modelOptions },
				trust: operatorTrust(options.policy, "crewkit serve"),
				howToAllow,
			})
				.catch((error: unknown) => {
					// A run that failed before it started (a missing input, a model that cannot
					// be loaded) is recorded as failed, so its status and event stream end too.
					if (!store.getRun(runId))
						recordEarlyFailure(store, runId, definition.kind, request.inputs, error);
				})
				.finally(() => running.delete(runId));
			running.set(runId, { controller, done });
			return { runId };
		},
		async resume(runId) {
			if (closed || running.has(runId)) return false;
			const stored = store.getRun(runId);
			if (!stored || !isRunDefinition(stored.definition)) return false;
			const controller = new AbortController();
			const done = executeRun(stored.definition, {
				store,
				mode: { type: "resume", runId },
				signal: controller.signal,
				modelOptions: { cwd: options.workspace, ...options.modelOptions },
				// A run resumed (answered, or past a question's deadline) is allowed what it started with.
				trust: operatorTrust(options.policy, "crewkit serve"),
				howToAllow,
			})
				.catch((error: unknown) => {
					// Refused before it started again (the server now allows less than the crew
					// asks): the run ends saying why, instead of waiting for nothing.
					const waiting = store.getRun(runId);
					if (error instanceof ConfigError && waiting?.status === "waiting") {
						store.record({
							type: "run-end",
							runId,
							status: "failed",
							usage: waiting.usage,
							durationMs: (waiting.endedAt ?? waiting.updatedAt) - waiting.createdAt,
							error: error.message,
						});
					}
				})
				.finally(() => running.delete(runId));
			running.set(runId, { controller, done });
			return true;
		},
		async cancel(runId) {
			const run = running.get(runId);
			if (!run) return false;
			run.controller.abort();
			await run.done;
			return true;
		},
		async close() {
			closed = true;
			clearInterval(deadlines);
			for (const run of running.values()) run.controller.abort();
			await Promise.all([...running.values()].map((run) => run.done));
		},
	};
	return launcher;
}

/** Records a run that failed before the engine created it: created, then ended as failed. */
export function recordEarlyFailure(
	store: RunStore,
	runId: string,
	crew: string,
	inputs: Record<string, unknown>,
	error: unknown,
): void {
	store.createRun({ id: runId, crew, inputs, definition: null });
	store.record({
		type: "run-end",
		runId,
		status: "failed",
		usage: { inputTokens: 0, outputTokens: 0, totalTokens: 0 },
		durationMs: 0,
		error: error instanceof Error ? error.message : String(error),
	});
}
