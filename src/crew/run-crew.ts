import type { LanguageModelV4 } from "@ai-sdk/provider";
import type { z } from "zod";
import { CancelledError, ConfigError, CrewkitError, LimitError, ProviderError } from "../errors.ts";
import type { CrewEvent } from "../events.ts";
import { createHumanChannel, WaitingForHumanError } from "../human/human-channel.ts";
import { humanHistory } from "../human/human-history.ts";
import { type McpToolbox, startMcpServers } from "../mcp/start-mcp-servers.ts";
import { openRecall } from "../memory/open-recall.ts";
import type { TaskRecall } from "../memory/task-recall.ts";
import { type ModelWindow, modelWindowOf } from "../models/model-window.ts";
import { defaultModelSpec, type ResolvedModel, resolveModel } from "../models/resolve-model.ts";
import type { Tool } from "../tools/define-tool.ts";
import { openTracing } from "../tracing/open-tracing.ts";
import type { RunTracing } from "../tracing/start-tracing.ts";
import { addUsage, emptyUsage, sumUsage, type Usage } from "../usage.ts";
import { Agent, type ModelSpec } from "./agent.ts";
import type { CrewDefinition } from "./crew-definition.ts";
import { type FilledAgent, type FilledTask, fillInputs } from "./fill-inputs.ts";
import type { CrewOutput, KickoffOptions } from "./kickoff-options.ts";
import { planTasks } from "./plan-tasks.ts";
import { createDelegationTool, defaultManager } from "./run-hierarchical.ts";
import { newRunId } from "./run-id.ts";
import { runTask, type TaskRun } from "./run-task.ts";
import { scheduleTasks } from "./schedule-tasks.ts";
import type { ModelCallRecord, Task, TaskOutput } from "./task.ts";
import { writeOutputFile } from "./write-output.ts";

export { GuardrailError } from "./run-task.ts";

/** Runs a crew: resolves its models, fills its inputs, runs its process, records it all. */
export async function runCrew(crew: CrewDefinition, options: KickoffOptions): Promise<CrewOutput> {
	const runId = options.runId ?? newRunId();
	const started = performance.now();
	const inputs = options.inputs ?? {};
	const cancel = new AbortController();
	const signal = options.signal ? AbortSignal.any([options.signal, cancel.signal]) : cancel.signal;
	const { store } = options;
	// Opt-in tracing (src/tracing) listens to the events like any other subscriber.
	let tracing: RunTracing | undefined;
	const emit = (event: CrewEvent) => {
		store?.record(event);
		options.onEvent?.(event);
		tracing?.listener(event);
	};
	const manager =
		crew.process === "hierarchical" ? (crew.manager ?? new Agent(defaultManager)) : undefined;
	const everyone = manager ? [...crew.agents, manager] : [...crew.agents];
	const filled = fillInputs(everyone, crew.tasks, inputs);

	// Every model is resolved before the run starts: a bad model string or a missing
	// model file fails at once, before any work.
	const models = new Map<string, Promise<ResolvedModel>>();
	// Each model's window (context size, token counts), asked once, from the model itself:
	// a wrapper (recording) would hide the embedded model's own tokenizer.
	const windows = new Map<LanguageModelV4, () => Promise<ModelWindow>>();
	const withWindow = (model: LanguageModelV4): LanguageModelV4 => {
		const wrapped = options.wrapModel ? options.wrapModel(model) : model;
		let window: Promise<ModelWindow> | undefined;
		windows.set(wrapped, () => {
			window ??= modelWindowOf(model, options.modelOptions?.contextSize);
			return window;
		});
		return wrapped;
	};
	const resolveSpec = async (spec: ModelSpec): Promise<LanguageModelV4> => {
		if (typeof spec !== "string") return withWindow(spec);
		let resolved = models.get(spec);
		if (!resolved) {
			resolved = resolveModel(spec, { ...options.modelOptions, signal });
			models.set(spec, resolved);
		}
		const { model } = await resolved;
		return withWindow(model);
	};
	const fallback = crew.model ?? options.model ?? process.env.CREWKIT_MODEL ?? defaultModelSpec;
	const agentModels = new Map<Agent, LanguageModelV4>();
	// MCP servers the agents name start with the run and stop when it ends, failed or not.
	let mcp: McpToolbox<Agent> | undefined;
	// Opt-in memory and knowledge (src/memory, src/knowledge): undefined unless configured,
	// and then nothing more happens per task.
	let recall: TaskRecall | undefined;
	try {
		for (const agent of everyone) {
			const spec =
				agent === manager
					? (crew.managerModel ?? agent.model ?? fallback)
					: (agent.model ?? fallback);
			agentModels.set(agent, await resolveSpec(spec));
		}
		if (everyone.some((agent) => agent.mcpServers.length > 0)) {
			mcp = await startMcpServers(everyone, {
				...(options.mcpEnv ? { env: options.mcpEnv } : {}),
				...(options.mcpAllowedVariables ? { allowedVariables: options.mcpAllowedVariables } : {}),
			});
		}
		recall = await openRecall({ crew, agents: crew.agents, runId, kickoff: options });
		tracing = await openTracing(options.tracing, process.env);
	} catch (error) {
		await Promise.all([disposeAll(models), mcp?.close(), recall?.close()]);
		throw error;
	}
	// People review `humanInput` tasks; a resumed run finds their earlier answers in the store.
	// Stryker disable next-line ArrayDeclaration: humanHistory reads only human-ask and human-answer events; other items are skipped.
	const earlier = store?.getRun(runId) ? store.events(runId).map((item) => item.event) : [];
	const reviews = options.reviews ?? {};
	const human = crew.tasks.some((task) => task.humanInput || reviews[task.name])
		? (options.humanChannel ??
			createHumanChannel({
				runId,
				emit,
				history: humanHistory(earlier),
				answer: options.human?.answer,
			}))
		: undefined;
	if (human && !options.humanChannel && !options.human?.answer && !store) {
		await Promise.all([disposeAll(models), mcp?.close(), recall?.close(), tracing?.close()]);
		throw new ConfigError(
			`Crew '${crew.name}' has tasks a person reviews (human_input): pass human: { answer } to kickoff, or a store so that the run can wait for the answer.`,
		);
	}
	const toolsOf = (agent: Agent): readonly Tool[] =>
		mcp ? [...agent.tools, ...mcp.toolsOf(agent)] : agent.tools;
	const modelOf = (agent: Agent) => agentModels.get(agent) as LanguageModelV4;
	const personaOf = (agent: Agent) => filled.agents.get(agent) as FilledAgent;
	const promptOf = (task: Task<z.ZodType | undefined>) => filled.tasks.get(task) as FilledTask;

	store?.createRun({
		id: runId,
		crew: crew.name,
		inputs,
		definition: options.definition ?? describeCrew(crew),
		parentRun:
			options.restore && options.restore.fromRun !== runId ? options.restore.fromRun : undefined,
	});
	emit({ type: "run-start", runId, crew: crew.name, inputs, at: Date.now() });

	const outputs = new Map<Task<z.ZodType | undefined>, TaskOutput>();
	// planning=True: one planner call before the first task; its plans join each task's description.
	let plans: Promise<Map<string, string>> | undefined;
	const planFor = (task: Task<z.ZodType | undefined>, calls: ModelCallRecord[]) => {
		plans ??= planTasks({
			tasks: crew.tasks.map((each) => ({
				name: each.name,
				agentRole: personaOf(each.agent).role,
				description: promptOf(each).description,
				expectedOutput: promptOf(each).expectedOutput,
			})),
			model: agentModels.get(manager ?? task.agent) as LanguageModelV4,
			signal,
			calls,
			taskName: task.name,
			reliability: options.reliability,
		});
		return plans.then((all) => all.get(task.name));
	};
	const execute = async (
		task: Task<z.ZodType | undefined>,
		context: TaskOutput[],
	): Promise<TaskOutput> => {
		if (signal.aborted) throw new CancelledError("The run was cancelled.");
		const restored = options.restore?.tasks.find((output) => output.task === task.name);
		if (restored) {
			emit({
				type: "task-restore",
				runId,
				task: task.name,
				agent: restored.agent,
				output: restored.raw,
				usage: restored.usage,
				// Stryker disable next-line OptionalChaining: a restored output comes from options.restore, so it is set.
				fromRun: options.restore?.fromRun ?? runId,
			});
			const reviewedRestore = await reviewOutput(task.name, restored);
			outputs.set(task, reviewedRestore);
			return reviewedRestore;
		}
		const calls: ModelCallRecord[] = [];
		const doer = manager ?? task.agent;
		// A conditional task runs only when its condition holds for the previous task's output.
		if (task.condition) {
			const previous = crew.tasks[crew.tasks.indexOf(task) - 1];
			const runs = await task.condition(previous ? outputs.get(previous) : undefined);
			if (!runs) {
				emit({
					type: "task-start",
					runId,
					task: task.name,
					agent: task.agent.name,
					at: Date.now(),
				});
				const skipped: TaskOutput = {
					task: task.name,
					agent: task.agent.name,
					raw: "",
					value: undefined,
					usage: emptyUsage(),
					calls: [],
					durationMs: 0,
				};
				emit({
					type: "task-end",
					runId,
					task: task.name,
					agent: task.agent.name,
					output: "",
					usage: skipped.usage,
					durationMs: 0,
				});
				outputs.set(task, skipped);
				return skipped;
			}
		}
		// A task's time limit (the agent's max_execution_time) aborts its model and tool calls.
		const timeLimit = task.agent.maxExecutionTime
			? AbortSignal.timeout(task.agent.maxExecutionTime * 1000)
			: undefined;
		const taskSignal = timeLimit ? AbortSignal.any([signal, timeLimit]) : signal;
		// A manager delegates to every agent; an agent with allowDelegation, to the others.
		const coworkers = manager
			? crew.agents
			: task.agent.allowDelegation
				? crew.agents.filter((agent) => agent !== task.agent)
				: [];
		const delegation = coworkers.length
			? createDelegationTool(
					coworkers.map((agent) => ({
						agent,
						persona: personaOf(agent),
						tools: toolsOf(agent),
						model: modelOf(agent),
						run: {
							runId,
							taskName: task.name,
							model: modelOf(agent),
							signal: taskSignal,
							emit,
							calls,
							reliability: options.reliability,
						},
					})),
				)
			: undefined;
		// The task's own tools replace the agent's, as in CrewAI (not a manager's).
		const tools = !manager && task.tools ? task.tools : toolsOf(doer);
		const run: TaskRun = {
			runId,
			agent: {
				name: doer.name,
				tools: delegation ? [...tools, delegation] : tools,
				maxIterations: doer.maxIterations,
			},
			persona: personaOf(doer),
			prompt: promptOf(task),
			context: context.map((output) => ({ task: output.task, output: output.raw })),
			contextOutputs: context,
			inputs,
			model: modelOf(doer),
			signal: taskSignal,
			emit,
			calls,
			reliability: options.reliability,
			human,
			window: windows.get(modelOf(doer)),
		};
		const plan = crew.planning ? await planFor(task, calls) : undefined;
		if (plan)
			run.prompt = { ...run.prompt, description: `${run.prompt.description}\n\nPlan:\n${plan}` };
		// reasoning=True: the agent first works out its own approach to the task.
		if (task.agent.reasoning) {
			const approach = await planTasks({
				tasks: [{ name: task.name, agentRole: personaOf(task.agent).role, ...run.prompt }],
				model: modelOf(task.agent),
				signal: taskSignal,
				calls,
				taskName: task.name,
				reliability: options.reliability,
				agentName: `${task.agent.name} (reasoning)`,
			});
			const steps = approach.get(task.name);
			if (steps)
				run.prompt = {
					...run.prompt,
					description: `${run.prompt.description}\n\nYour approach:\n${steps}`,
				};
		}
		if (manager)
			run.prompt = {
				...run.prompt,
				description: `${run.prompt.description}\n\nSuggested coworker: ${task.agent.name}.`,
			};
		const recallTask = {
			name: task.name,
			description: promptOf(task).description,
			agent: doer.name,
			knowledgeOf: task.agent.name,
		};
		if (recall) run.recalled = await recall.beforeTask(recallTask, signal);
		const ran = await runTask(task, run).catch((error: unknown) => {
			if (timeLimit?.aborted && !signal.aborted) {
				throw new LimitError(
					`Task '${task.name}' ran out of time: agent '${task.agent.name}' may take ${task.agent.maxExecutionTime} s per task (max_execution_time). Raise it, or give the task less to do.`,
					{ cause: error },
				);
			}
			throw error;
		});
		const output = await reviewOutput(task.name, ran);
		if (recall) await recall.afterTask(recallTask, output.raw);
		outputs.set(task, output);
		// Each task's output file is written as declared; the run's output file (the CLI's
		// --out) receives the final answer as well.
		const { outputFile } = promptOf(task);
		if (outputFile) await writeOutputFile(outputFile, output.raw);
		if (task === crew.tasks.at(-1) && options.outputFile) {
			await writeOutputFile(options.outputFile, output.raw);
		}
		return output;
	};

	/** A person's review of a task's output (options.reviews): the edit is stored as its output. */
	async function reviewOutput(name: string, output: TaskOutput): Promise<TaskOutput> {
		const review = reviews[name];
		if (!review || !human) return output;
		const edited = await review(output, (question) => human.ask(question));
		if (!edited) return output;
		const result = { ...output, raw: edited.text, value: edited.value };
		emit({
			type: "task-end",
			runId,
			task: name,
			agent: output.agent,
			output: result.raw,
			value: result.value,
			usage: result.usage,
			durationMs: result.durationMs,
		});
		return result;
	}

	const ordered = () => crew.tasks.flatMap((task) => outputs.get(task) ?? []);
	try {
		// A manager works through the tasks one at a time; otherwise async tasks may overlap.
		await scheduleTasks(crew.tasks, execute, () => cancel.abort(), { overlap: !manager });
		const done = ordered();
		const usage = summarize(done);
		const durationMs = performance.now() - started;
		const verdict = options.assessRun?.(done);
		emit({
			type: "run-end",
			runId,
			status: verdict?.status ?? "completed",
			usage: usage.total,
			durationMs,
			...(verdict ? { reason: verdict.reason } : {}),
		});
		// Stryker disable next-line OptionalChaining,StringLiteral: a crew has at least one task, so done is never empty.
		return { runId, tasks: done, raw: done.at(-1)?.raw ?? "", usage, durationMs };
	} catch (error) {
		if (error instanceof ProviderError) error.message = error.message.replace("<run>", runId);
		if (error instanceof WaitingForHumanError) {
			emit({
				type: "run-end",
				runId,
				status: "waiting",
				usage: summarize(ordered()).total,
				durationMs: performance.now() - started,
			});
			throw error;
		}
		const cancelled = options.signal?.aborted === true;
		emit({
			type: "run-end",
			runId,
			status: cancelled ? "cancelled" : "failed",
			usage: summarize(ordered()).total,
			durationMs: performance.now() - started,
			error: error instanceof Error ? error.message : String(error),
		});
		throw cancelled && !(error instanceof CrewkitError)
			? new CancelledError("The run was cancelled.", { cause: error })
			: error;
	} finally {
		await Promise.all([disposeAll(models), mcp?.close(), tracing?.close(), recall?.close()]);
	}
}

/** What the store keeps of a crew defined in code: enough to read, not to rebuild. */
function describeCrew(crew: CrewDefinition) {
	return {
		name: crew.name,
		process: crew.process,
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
