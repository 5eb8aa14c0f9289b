import type { ResolveModelOptions } from "../models/resolve-model.ts";
import type { RunStore } from "../store/run-store.ts";
import { defineRun, newRunId } from "./define-run.ts";
import type { EventBus } from "./event-bus.ts";
import { executeRun } from "./execute-run.ts";
import type { RunLauncher } from "./run-launcher.ts";

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
}): RunLauncher {
	const store = publishingStore(options.store, options.bus);
	const running = new Map<string, { controller: AbortController; done: Promise<unknown> }>();
	let closed = false;
	return {
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
			})
				.catch(() => {
					// The failure is recorded in the store (run-end with the error).
				})
				.finally(() => running.delete(runId));
			running.set(runId, { controller, done });
			return { runId };
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
			for (const run of running.values()) run.controller.abort();
			await Promise.all([...running.values()].map((run) => run.done));
		},
	};
}
