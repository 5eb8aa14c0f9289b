import { randomBytes } from "node:crypto";
import type { LanguageModelV4 } from "@ai-sdk/provider";
import type { z } from "zod";
import { runAgent } from "../agent/run-agent.ts";
import { CancelledError, CrewkitError, LimitError } from "../errors.ts";
import type { CrewEvent } from "../events.ts";
import { defaultModelSpec, type ResolvedModel, resolveModel } from "../models/resolve-model.ts";
import { addUsage, emptyUsage, sumUsage, type Usage } from "../usage.ts";
import type { Agent } from "./agent.ts";
import type { Crew, CrewOutput, KickoffOptions } from "./crew.ts";
import { fillInputs } from "./fill-inputs.ts";
import type { ModelCallRecord, Task, TaskOutput } from "./task.ts";
import { writeOutputFile } from "./write-output.ts";

/** A task's answer that still failed its checks after every retry. */
export class GuardrailError extends LimitError {
	readonly output: TaskOutput;

	constructor(message: string, output: TaskOutput) {
		super(message);
		this.output = output;
	}
}

/** Runs a crew's tasks in order (the sequential process). */
export async function runCrew(crew: Crew, options: KickoffOptions): Promise<CrewOutput> {
	const runId = options.runId ?? `run_${Date.now().toString(36)}_${randomBytes(3).toString("hex")}`;
	const started = performance.now();
	const inputs = options.inputs ?? {};
	const signal = options.signal ?? new AbortController().signal;
	const { store } = options;
	const emit = (event: CrewEvent) => {
		store?.record(event);
		options.onEvent?.(event);
	};
	const filled = fillInputs(crew.agents, crew.tasks, inputs);
	const models = new Map<string, Promise<ResolvedModel>>();
	const outputs: TaskOutput[] = [];

	const modelFor = async (agent: Agent): Promise<LanguageModelV4> => {
		const spec =
			agent.model ?? crew.model ?? options.model ?? process.env.CREWKIT_MODEL ?? defaultModelSpec;
		if (typeof spec !== "string") return options.wrapModel ? options.wrapModel(spec) : spec;
		let resolved = models.get(spec);
		if (!resolved) {
			resolved = resolveModel(spec, options.modelOptions);
			models.set(spec, resolved);
		}
		const { model } = await resolved;
		return options.wrapModel ? options.wrapModel(model) : model;
	};

	// Every model is resolved before the run starts: a bad model string or a missing
	// model file fails at once, before any work.
	const agentModels = new Map<Agent, LanguageModelV4>();
	try {
		for (const task of crew.tasks) {
			if (!agentModels.has(task.agent)) agentModels.set(task.agent, await modelFor(task.agent));
		}
	} catch (error) {
		await disposeAll(models);
		throw error;
	}

	store?.createRun({
		id: runId,
		crew: crew.name,
		inputs,
		definition: options.definition ?? describeCrew(crew),
		parentRun:
			options.restore && options.restore.fromRun !== runId ? options.restore.fromRun : undefined,
	});
	emit({ type: "run-start", runId, crew: crew.name, inputs, at: Date.now() });
	try {
		for (const [index, task] of crew.tasks.entries()) {
			if (signal.aborted) throw new CancelledError("The run was cancelled.");
			const isLast = index === crew.tasks.length - 1;
			const context = (task.context ?? crew.tasks.slice(0, index)).map((earlier) => {
				const output = outputs[crew.tasks.indexOf(earlier)];
				return { task: earlier.name, output: output?.raw ?? "" };
			});
			const restored = options.restore?.tasks.find((output) => output.task === task.name);
			if (restored) {
				outputs.push(restored);
				emit({
					type: "task-restore",
					runId,
					task: task.name,
					agent: restored.agent,
					output: restored.raw,
					usage: restored.usage,
					fromRun: options.restore?.fromRun ?? runId,
				});
				continue;
			}
			const output = await runTask(task, {
				runId,
				persona: filled.agents.get(task.agent) ?? task.agent,
				prompt: filled.tasks.get(task) ?? task,
				context,
				model: agentModels.get(task.agent) as LanguageModelV4,
				signal,
				emit,
			});
			outputs.push(output);
			const outputFile = isLast ? (options.outputFile ?? task.outputFile) : task.outputFile;
			if (outputFile) await writeOutputFile(outputFile, output.raw);
		}
		const usage = summarize(outputs);
		const durationMs = performance.now() - started;
		emit({ type: "run-end", runId, status: "completed", usage: usage.total, durationMs });
		return { runId, tasks: outputs, raw: outputs.at(-1)?.raw ?? "", usage, durationMs };
	} catch (error) {
		emit({
			type: "run-end",
			runId,
			status: signal.aborted ? "cancelled" : "failed",
			usage: summarize(outputs).total,
			durationMs: performance.now() - started,
			error: error instanceof Error ? error.message : String(error),
		});
		throw signal.aborted && !(error instanceof CrewkitError)
			? new CancelledError("The run was cancelled.", { cause: error })
			: error;
	} finally {
		await disposeAll(models);
	}
}

/** What the store keeps of a crew defined in code: enough to read, not to rebuild. */
function describeCrew(crew: Crew) {
	return {
		name: crew.name,
		agents: crew.agents.map(({ name, role, goal, backstory }) => ({ name, role, goal, backstory })),
		tasks: crew.tasks.map((task) => ({
			name: task.name,
			agent: task.agent.name,
			description: task.description,
		})),
	};
}

function disposeAll(models: Map<string, Promise<ResolvedModel>>): Promise<unknown> {
	const dispose = (resolved: Promise<ResolvedModel>) =>
		resolved.then(
			(model) => model.dispose(),
			() => {},
		);
	return Promise.all([...models.values()].map(dispose));
}

interface TaskRunContext {
	runId: string;
	persona: { role: string; goal: string; backstory: string };
	prompt: { description: string; expectedOutput: string };
	context: Array<{ task: string; output: string }>;
	model: LanguageModelV4;
	signal: AbortSignal;
	emit: (event: CrewEvent) => void;
}

async function runTask(
	task: Task<z.ZodType | undefined>,
	run: TaskRunContext,
): Promise<TaskOutput> {
	const started = performance.now();
	const ids = { runId: run.runId, task: task.name, agent: task.agent.name };
	run.emit({ type: "task-start", ...ids, at: Date.now() });
	const calls: ModelCallRecord[] = [];
	let revision: { previous: string; reason: string } | undefined;
	for (let attempt = 0; ; attempt++) {
		const result = await runAgent({
			persona: run.persona,
			task: { ...run.prompt, context: run.context },
			taskName: task.name,
			agentName: task.agent.name,
			model: run.model,
			tools: task.agent.tools,
			maxIterations: task.agent.maxIterations,
			outputSchema: task.outputSchema,
			revision,
			signal: run.signal,
			emit: (event) => run.emit({ ...event, ...ids } as CrewEvent),
		});
		calls.push(...result.calls);
		const output: TaskOutput = {
			task: task.name,
			agent: task.agent.name,
			raw: result.text,
			value: result.value,
			usage: sumUsage(calls.map((call) => call.usage)),
			calls,
			durationMs: performance.now() - started,
		};
		const failure = await firstFailure(task, output);
		if (!failure) {
			run.emit({
				type: "task-end",
				...ids,
				output: output.raw,
				...(output.value === undefined ? {} : { value: output.value }),
				usage: output.usage,
				durationMs: output.durationMs,
			});
			return output;
		}
		if (attempt >= task.guardrailRetries) {
			throw new GuardrailError(
				`Task '${task.name}': the answer still fails its check after ${attempt + 1} attempts: ${failure}`,
				output,
			);
		}
		run.emit({ type: "task-retry", ...ids, reason: failure, attempt: attempt + 1 });
		revision = { previous: result.text, reason: failure };
	}
}

async function firstFailure(
	task: Task<z.ZodType | undefined>,
	output: TaskOutput,
): Promise<string | undefined> {
	for (const guardrail of task.guardrails) {
		const result = await guardrail(output);
		if (!result.ok) return result.reason;
	}
	return undefined;
}

function summarize(outputs: readonly TaskOutput[]): CrewOutput["usage"] {
	const byTask: Record<string, Usage> = {};
	const byAgent: Record<string, Usage> = {};
	const calls = outputs.flatMap((output) => output.calls);
	for (const call of calls) {
		byTask[call.task] = addUsage(byTask[call.task] ?? emptyUsage(), call.usage);
		byAgent[call.agent] = addUsage(byAgent[call.agent] ?? emptyUsage(), call.usage);
	}
	return { total: sumUsage(calls.map((call) => call.usage)), byTask, byAgent, calls };
}
