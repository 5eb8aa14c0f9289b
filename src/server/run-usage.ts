import { costOf } from "../store/prices.ts";
import type { RunStore } from "../store/run-store.ts";
import { addUsage, emptyUsage, type Usage } from "../usage.ts";
import type { RunSummary } from "./run-summary.ts";

/** One run's usage, for comparing runs side by side. */
export interface RunUsage {
	id: string;
	crew: string;
	status: RunSummary["status"];
	inputs: Record<string, unknown>;
	model: string | undefined;
	createdAt: number;
	durationMs: number;
	usage: Usage;
	/** US dollars, when every call's price is known. */
	cost: number | undefined;
	modelCalls: number;
	/** Tokens by agent. */
	agents: Array<{ agent: string; usage: Usage }>;
}

/** Adds cost, model calls and tokens per agent to run summaries. */
export function usageOfRuns(store: RunStore, runs: readonly RunSummary[]): RunUsage[] {
	return runs.map((run) => {
		const calls = store.modelCalls(run.id);
		const agents = new Map<string, Usage>();
		for (const call of calls)
			agents.set(call.agent, addUsage(agents.get(call.agent) ?? emptyUsage(), call.usage));
		return {
			id: run.id,
			crew: run.crew,
			status: run.status,
			inputs: run.inputs,
			model: run.model,
			createdAt: run.createdAt,
			durationMs: run.durationMs,
			usage: run.usage,
			cost: costOf(calls),
			modelCalls: calls.length,
			agents: [...agents].map(([agent, usage]) => ({ agent, usage })),
		};
	});
}
