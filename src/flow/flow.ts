import type { z } from "zod";
import { ConfigError } from "../errors.ts";
import type { RunStore } from "../store/run-store.ts";
import { conditionSources, type FlowCondition } from "./flow-condition.ts";
import type { FlowGraph } from "./flow-graph.ts";
import type { FlowOutput, FlowRunOptions, FlowStateSchema } from "./flow-run-options.ts";
import type { FlowStepOptions } from "./flow-step.ts";
import { replayFlow, resumeFlow, runFlow } from "./run-flow.ts";

export type { FlowStateSchema } from "./flow-run-options.ts";

export interface FlowOptions<Schema extends FlowStateSchema> {
	name: string;
	/** The typed state: kickoff inputs fill it, every step may change it, it is checked after each. */
	state: Schema;
	steps: Record<string, FlowStepOptions<z.infer<Schema>>>;
}

/**
 * An event-driven workflow: start steps, steps that listen to others, routers that choose
 * the next step by a label, typed state. A flow run is a run in the run store.
 */
export class Flow<Schema extends FlowStateSchema = FlowStateSchema> {
	readonly name: string;
	readonly state: Schema;
	readonly steps: Readonly<Record<string, FlowStepOptions<z.infer<Schema>>>>;

	constructor(options: FlowOptions<Schema>) {
		this.name = options.name;
		this.state = options.state;
		this.steps = options.steps;
		validateFlow(this);
	}

	/** Runs the flow: its start steps at once, then each listener as its condition is met. */
	kickoff(options: FlowRunOptions = {}): Promise<FlowOutput<z.infer<Schema>>> {
		return runFlow(this, options);
	}

	/** Continues a stored run: completed steps are not run again; state is the last stored. */
	resume(
		runId: string,
		options: FlowRunOptions & { store: RunStore },
	): Promise<FlowOutput<z.infer<Schema>>> {
		return resumeFlow(this, runId, options);
	}

	/** Runs a stored run again from a step, as a new run: the steps that ended before it are kept. */
	replay(
		runId: string,
		from: string,
		options: FlowRunOptions & { store: RunStore },
	): Promise<FlowOutput<z.infer<Schema>>> {
		return replayFlow(this, runId, from, options);
	}

	/** The flow's shape as JSON (for plots, the run store and the dashboard). */
	graph(): FlowGraph {
		return {
			name: this.name,
			steps: Object.entries(this.steps).map(([name, step]) => ({
				name,
				start: step.start === true,
				...(step.after === undefined ? {} : { after: step.after }),
				...(step.routes ? { routes: [...step.routes] } : {}),
				...(step.description ? { description: step.description } : {}),
			})),
		};
	}
}

/** Defines a flow (the same as `new Flow(options)`), checking its steps at once. */
export function defineFlow<Schema extends FlowStateSchema>(
	options: FlowOptions<Schema>,
): Flow<Schema> {
	return new Flow(options);
}

/** Whether a value is a flow (also one built by another copy of crewkit). */
export function isFlow(value: unknown): value is Flow {
	return (
		value instanceof Flow ||
		(typeof value === "object" &&
			value !== null &&
			typeof (value as Flow).kickoff === "function" &&
			typeof (value as Flow).graph === "function" &&
			typeof (value as Flow).steps === "object")
	);
}

function validateFlow(flow: Flow): void {
	const where = `Flow '${flow.name}'`;
	if (!flow.name?.trim()) throw new ConfigError("A flow needs a name.");
	const names = Object.keys(flow.steps);
	if (names.length === 0) throw new ConfigError(`${where} has no steps.`);
	const labels = new Set<string>();
	for (const [name, step] of Object.entries(flow.steps)) {
		if (typeof step.run !== "function")
			throw new ConfigError(`${where}: step '${name}' needs a run function.`);
		if (!step.start && step.after === undefined) {
			throw new ConfigError(
				`${where}: step '${name}' never runs: give it start: true or after: '<step or label>'.`,
			);
		}
		if (step.maxRuns !== undefined && (!Number.isInteger(step.maxRuns) || step.maxRuns < 1))
			throw new ConfigError(`${where}: step '${name}': maxRuns must be a whole number ≥ 1.`);
		if (step.routes) {
			if (step.routes.length === 0)
				throw new ConfigError(`${where}: router '${name}' has no routes: list its labels.`);
			for (const label of step.routes) {
				if (names.includes(label)) {
					throw new ConfigError(
						`${where}: router '${name}' has a label '${label}' that is also a step's name: rename one.`,
					);
				}
				labels.add(label);
			}
		}
	}
	if (!names.some((name) => flow.steps[name]?.start))
		throw new ConfigError(`${where} has no start step: give one step start: true.`);
	for (const [name, step] of Object.entries(flow.steps)) {
		if (step.after === undefined) continue;
		checkCondition(step.after, `${where}: step '${name}'`);
		for (const source of conditionSources(step.after)) {
			if (!names.includes(source) && !labels.has(source)) {
				throw new ConfigError(
					`${where}: step '${name}' listens to '${source}', which is neither a step nor a router's label. ` +
						`Steps: ${names.join(", ")}${labels.size ? `; labels: ${[...labels].join(", ")}` : ""}.`,
				);
			}
		}
	}
}

function checkCondition(condition: FlowCondition, where: string): void {
	if (typeof condition === "string") return;
	const parts = "allOf" in condition ? condition.allOf : condition.anyOf;
	if (!Array.isArray(parts) || parts.length === 0)
		throw new ConfigError(`${where}: allOf() and anyOf() need at least one step or label.`);
	for (const part of parts) checkCondition(part, where);
}
