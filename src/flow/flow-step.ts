import type { Crew, CrewOutput, KickoffInputs, KickoffOptions } from "../crew/crew.ts";
import type { AskHumanOptions } from "../human/human-question.ts";
import type { FlowCondition } from "./flow-condition.ts";

/** What a step's `run` function receives. */
export interface StepContext<State> {
	/** The flow's state: read and change it; it is checked against the schema after the step. */
	state: State;
	/** The kickoff inputs. */
	inputs: Readonly<Record<string, unknown>>;
	runId: string;
	/** This step's name and how many times it has run in this flow run (1, 2, … in loops). */
	step: string;
	occurrence: number;
	/** The step (or router label) whose end triggered this run; undefined for start steps. */
	trigger: { step: string; output: unknown } | undefined;
	/** The latest output of a step, undefined when it has not run. */
	output(step: string): unknown;
	/** Runs a crew as part of this step: its tasks, model and tool calls join the flow's run. */
	kickoff(
		crew: Crew,
		options?: { inputs?: KickoffInputs } & Pick<KickoffOptions, "model">,
	): Promise<CrewOutput>;
	/**
	 * Asks a person. A run that nobody can answer in this process waits (stored as
	 * `waiting`); when the answer arrives the step runs again from its start, and this call
	 * returns the answer.
	 */
	askHuman(question: AskHumanOptions & { type: "approve" }): Promise<boolean>;
	askHuman<const Choice extends string>(
		question: AskHumanOptions & { type: "choose"; choices: readonly Choice[]; default?: Choice },
	): Promise<Choice>;
	askHuman<Value = string>(question: AskHumanOptions<Value> & { type: "text" }): Promise<Value>;
	signal: AbortSignal;
}

/** One step of a flow. */
export interface FlowStepOptions<State> {
	/** Runs when the flow starts (all start steps run at once). */
	start?: boolean;
	/** Runs when this is met: a step name, a router label, `allOf(…)`, `anyOf(…)`. */
	after?: FlowCondition;
	/**
	 * Makes the step a router: it returns one of these labels, and the steps listening to
	 * that label run.
	 */
	routes?: readonly string[];
	/** Shown in plots. */
	description?: string;
	/** How many times the step may run in one flow run (loops); default 20. */
	maxRuns?: number;
	/** What the step does; its result is the step's output (a router's: the label). */
	run: (context: StepContext<State>) => unknown;
}
