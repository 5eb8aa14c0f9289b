import type { RunStore } from "../../src/store/run-store.ts";

/** A finished run whose report is `markdown`, recorded straight into the store. */
export function seedReportRun(store: RunStore, runId: string, markdown: string): void {
	const usage = { inputTokens: 1, outputTokens: 1, totalTokens: 2 };
	store.createRun({ id: runId, crew: "seeded", inputs: {}, definition: null });
	store.record({
		type: "task-end",
		runId,
		task: "report",
		agent: "writer",
		output: markdown,
		usage,
		durationMs: 1,
	});
	store.record({ type: "run-end", runId, status: "completed", usage, durationMs: 1 });
}
