import type { FlowCondition } from "./flow-condition.ts";

/** A flow's shape as plain JSON: what the run store keeps, plots draw and dashboards show. */
export interface FlowGraph {
	name: string;
	steps: FlowGraphStep[];
}

export interface FlowGraphStep {
	name: string;
	/** Runs when the flow starts. */
	start: boolean;
	/** Runs when this condition is met. */
	after?: FlowCondition;
	/** A router's labels: it returns one, and the steps listening to it run. */
	routes?: string[];
	description?: string;
}
