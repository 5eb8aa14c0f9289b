import { newRunId } from "../crew/run-id.ts";
import { writeOutputFile } from "../crew/write-output.ts";
import { CancelledError, ConfigError, LimitError } from "../errors.ts";
import type { CrewEvent } from "../events.ts";
import { createHumanChannel, WaitingForHumanError } from "../human/human-channel.ts";
import { humanHistory } from "../human/human-history.ts";
import type { HumanQuestion } from "../human/human-question.ts";
import type { RunStore } from "../store/run-store.ts";
import { storedRun } from "../store/stored-run.ts";
import { addUsage, emptyUsage } from "../usage.ts";
import { timesMet } from "./flow-condition.ts";
import { FlowStateError, FlowStepError } from "./flow-errors.ts";
import { flowRestoreFromEvents, stepKey } from "./flow-history.ts";
import type { FlowOutput, FlowRunOptions, RunnableFlow } from "./flow-run-options.ts";
import { createStepContext } from "./step-context.ts";

export type { FlowOutput, FlowRunOptions } from "./flow-run-options.ts";

type AnyFlow = RunnableFlow;

/** Runs a flow: start steps at once, listeners as their conditions are met. */
export async function runFlow<State>(
	flow: AnyFlow,
	options: FlowRunOptions,
): Promise<FlowOutput<State>> {
	return (await executeFlow(flow, options)) as FlowOutput<State>;
}

/** Continues a stored flow run under its id: ended steps restored, state the last stored. */
export async function resumeFlow<State>(
	flow: AnyFlow,
	runId: string,
	options: FlowRunOptions & { store: RunStore },
): Promise<FlowOutput<State>> {
	const run = storedRun(options.store, runId);
	if (run.status === "completed") {
		throw new ConfigError(
			`Run '${runId}' is already complete. Run part of it again with: crewkit replay ${runId} --from <step>`,
		);
	}
	const events = options.store.events(runId);
	return (await executeFlow(flow, {
		...options,
		inputs: run.inputs,
		runId,
		restore: flowRestoreFromEvents(runId, events),
		history: humanHistory(events.map((item) => item.event)),
	})) as FlowOutput<State>;
}

/** Runs a stored flow run again from `from`, as a new run keeping what ended before it. */
export async function replayFlow<State>(
	flow: AnyFlow,
	runId: string,
	from: string,
	options: FlowRunOptions & { store: RunStore },
): Promise<FlowOutput<State>> {
	const run = storedRun(options.store, runId);
	if (!(from in flow.steps)) {
		throw new ConfigError(
			`Flow '${flow.name}' has no step '${from}'. Steps: ${Object.keys(flow.steps).join(", ")}.`,
		);
	}
	return (await executeFlow(flow, {
		...options,
		inputs: options.inputs ?? run.inputs,
		restore: flowRestoreFromEvents(runId, options.store.events(runId), from),
	})) as FlowOutput<State>;
}

async function executeFlow(flow: AnyFlow, options: FlowRunOptions): Promise<FlowOutput<unknown>> {
	const runId = options.runId ?? newRunId();
	const started = performance.now();
	const inputs = options.inputs ?? {};
	const { store, restore } = options;
	const emit = (event: CrewEvent) => {
		store?.record(event);
		options.onEvent?.(event);
	};
	const state = restore?.state === undefined ? initialState(flow, inputs) : restore.state;
	const graph = flow.graph();
	store?.createRun({
		id: runId,
		crew: flow.name,
		inputs,
		definition: options.definition ?? { kind: "flow-code", graph },
		parentRun: restore && restore.fromRun !== runId ? restore.fromRun : undefined,
	});
	emit({ type: "run-start", runId, crew: flow.name, inputs, at: Date.now() });
	emit({
		type: "flow-start",
		runId,
		flow: flow.name,
		graph,
		state: snapshot(state),
		at: Date.now(),
	});

	const human = createHumanChannel({
		runId,
		emit,
		history: options.history ?? { asks: new Map(), answers: new Map() },
		answer: options.human?.answer,
	});
	const counts = new Map<string, number>();
	const fired = new Map<string, number>();
	const occurrences = new Map<string, number>();
	const outputs = new Map<string, unknown>();
	const running = new Set<Promise<void>>();
	const waiting: HumanQuestion[] = [];
	let failure: { step: string; error: unknown } | undefined;
	let usage = emptyUsage();
	let last: unknown;
	const signal = options.signal ?? new AbortController().signal;
	const forward = (event: CrewEvent) => {
		if (event.type === "model-end") usage = addUsage(usage, event.usage);
		emit(event);
	};

	const launch = (name: string, trigger: { step: string; output: unknown } | undefined) => {
		if (failure || waiting.length || signal.aborted) return;
		const step = flow.steps[name];
		if (!step) return;
		const occurrence = (occurrences.get(name) ?? 0) + 1;
		occurrences.set(name, occurrence);
		const limit = step.maxRuns ?? 20;
		if (occurrence > limit) {
			failure = {
				step: name,
				error: new LimitError(
					`step '${name}' would run a ${occurrence}th time; its limit is ${limit} (maxRuns). A router loop that never ends?`,
				),
			};
			return;
		}
		const done = runStep(name, occurrence, trigger).finally(() => running.delete(done));
		running.add(done);
	};

	const complete = (name: string, output: unknown, label: string | undefined) => {
		outputs.set(name, output);
		last = output;
		counts.set(name, (counts.get(name) ?? 0) + 1);
		if (label !== undefined) counts.set(label, (counts.get(label) ?? 0) + 1);
		for (const [listener, step] of Object.entries(flow.steps)) {
			if (step.after === undefined) continue;
			const met = timesMet(step.after, counts);
			const times = fired.get(listener) ?? 0;
			if (met > times) {
				fired.set(listener, times + 1);
				launch(listener, { step: label ?? name, output });
			}
		}
	};

	const runStep = async (
		name: string,
		occurrence: number,
		trigger: { step: string; output: unknown } | undefined,
	): Promise<void> => {
		const step = flow.steps[name];
		if (!step) return;
		const restored = restore?.completed.get(stepKey(name, occurrence));
		if (restored) {
			emit({
				type: "step-restore",
				runId,
				step: name,
				occurrence,
				output: restored.output,
				...(restored.label === undefined ? {} : { label: restored.label }),
				fromRun: restore?.fromRun ?? runId,
			});
			await Promise.resolve();
			complete(name, restored.output, restored.label);
			return;
		}
		const stepStarted = performance.now();
		emit({ type: "step-start", runId, step: name, occurrence, at: Date.now() });
		try {
			const context = createStepContext({
				state,
				inputs,
				runId,
				step: name,
				occurrence,
				trigger,
				outputs,
				signal,
				human,
				forward,
				restoredTasks: restore?.tasks,
				fromRun: restore?.fromRun,
				flowOptions: options,
			});
			const result = await step.run(context);
			let label: string | undefined;
			if (step.routes) {
				label = String(result);
				if (!step.routes.includes(label)) {
					throw new ConfigError(
						`router '${name}' returned '${label}', which is not one of its routes (${step.routes.join(", ")}).`,
					);
				}
			}
			checkState(flow, state, name);
			const output = snapshot(result);
			emit({
				type: "step-end",
				runId,
				step: name,
				occurrence,
				output,
				...(label === undefined ? {} : { label }),
				state: snapshot(state),
				durationMs: performance.now() - stepStarted,
			});
			complete(name, output, label);
		} catch (error) {
			if (error instanceof WaitingForHumanError) {
				waiting.push(error.question);
				return;
			}
			emit({
				type: "step-error",
				runId,
				step: name,
				occurrence,
				error: error instanceof Error ? error.message : String(error),
			});
			failure ??= { step: name, error };
		}
	};

	for (const [name, step] of Object.entries(flow.steps)) if (step.start) launch(name, undefined);
	while (running.size > 0) await Promise.all([...running]);

	const durationMs = performance.now() - started;
	const base = {
		runId,
		state,
		outputs: Object.fromEntries(outputs),
		usage,
		durationMs,
	};
	if (failure || signal.aborted) {
		// A step that throws because the run was aborted (an AbortError) was cancelled, not failed.
		const cancelled = signal.aborted;
		const error = cancelled
			? new CancelledError("The run was cancelled.")
			: new FlowStepError(flow.name, failure?.step ?? "", runId, failure?.error);
		emit({
			type: "run-end",
			runId,
			status: cancelled ? "cancelled" : "failed",
			usage,
			durationMs,
			error: error.message,
		});
		throw error;
	}
	if (waiting.length) {
		emit({ type: "run-end", runId, status: "waiting", usage, durationMs });
		return { ...base, status: "waiting", questions: waiting };
	}
	if (options.outputFile) {
		await writeOutputFile(
			options.outputFile,
			typeof last === "string" ? last : `${JSON.stringify(last, null, 2)}\n`,
		);
	}
	emit({ type: "run-end", runId, status: "completed", usage, durationMs });
	return { ...base, status: "completed", result: last };
}

/**
 * The state at kickoff: the inputs, checked and completed (defaults) by the schema. Inputs
 * given as text (the CLI's --input) are read as JSON when the schema wants numbers, lists….
 */
function initialState(flow: AnyFlow, inputs: Record<string, unknown>): Record<string, unknown> {
	const parsed = flow.state.safeParse(inputs);
	if (parsed.success) return parsed.data;
	const fromText = flow.state.safeParse(Object.fromEntries(Object.entries(inputs).map(readText)));
	if (fromText.success) return fromText.data;
	throw new ConfigError(
		`Flow '${flow.name}': the inputs do not fit its state: ${describeIssues(parsed.error.issues)}. Pass them in kickoff({ inputs }) or with --input key=value.`,
	);
}

function checkState(flow: AnyFlow, state: unknown, step: string): void {
	const parsed = flow.state.safeParse(state);
	if (parsed.success) return;
	throw new FlowStateError(
		`step '${step}' left the state in a shape its schema refuses: ${describeIssues(parsed.error.issues)}.`,
	);
}

const describeIssues = (issues: ReadonlyArray<{ path: PropertyKey[]; message: string }>) =>
	issues
		.map((issue) => `${issue.path.map(String).join(".") || "state"}: ${issue.message}`)
		.join("; ");

function readText([key, value]: [string, unknown]): [string, unknown] {
	if (typeof value !== "string") return [key, value];
	try {
		return [key, JSON.parse(value)];
	} catch {
		return [key, value];
	}
}

/** A JSON copy: what the store keeps, and what later changes cannot reach. */
function snapshot(value: unknown): unknown {
	return value === undefined ? null : JSON.parse(JSON.stringify(value));
}
