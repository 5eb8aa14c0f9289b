import { isRunDefinition } from "../service/run-definition.ts";
import { costOf } from "../store/prices.ts";
import type { RunRecord, RunStore } from "../store/run-store.ts";
import { addUsage, emptyUsage, type Usage } from "../usage.ts";
import { truncateOutput } from "./public-event.ts";
import { type RunSummary, summarizeRun } from "./run-summary.ts";

/** A task of a run: planned by the crew, with its output and usage once completed. */
export interface TaskDetail {
	task: string;
	agent: string;
	status: "completed" | "pending" | "not-completed";
	output: string | undefined;
	usage: Usage;
	durationMs: number;
	modelCalls: number;
}

/** Usage of one agent over the run's model calls. */
export interface AgentUsage {
	agent: string;
	usage: Usage;
	modelCalls: number;
	/** Time spent in model calls. */
	durationMs: number;
}

/** A tool call of a run: which tool, with what, and what came back (cut to a readable size). */
export interface ToolCallDetail {
	task: string;
	agent: string;
	toolName: string;
	input: unknown;
	output: unknown;
	isError: boolean;
	at: number;
}

/** Everything the dashboard shows of one run; prompts are never included. */
export interface RunDetail {
	run: RunSummary & {
		/** US dollars, when every call's price is known (never for local, scripted or replayed models). */
		cost: number | undefined;
	};
	tasks: TaskDetail[];
	agents: AgentUsage[];
	toolCalls: ToolCallDetail[];
}

/** Reads a run's tasks, usage per agent, tool calls and cost from the store. */
export function describeRun(store: RunStore, run: RunRecord): RunDetail {
	const summary = summarizeRun(run);
	const completed = store.completedTasks(run.id);
	const calls = store.modelCalls(run.id);
	const planned = isRunDefinition(run.definition)
		? run.definition.spec.tasks.map((task) => ({ task: task.name, agent: task.agent }))
		: [];
	const names = new Set([
		...planned.map((task) => task.task),
		...completed.map((task) => task.task),
	]);
	const tasks = [...names].map((name): TaskDetail => {
		const output = completed.find((task) => task.task === name);
		const agent = output?.agent ?? planned.find((task) => task.task === name)?.agent ?? "";
		const taskCalls = calls.filter((call) => call.task === name);
		return {
			task: name,
			agent,
			status: output ? "completed" : summary.status === "running" ? "pending" : "not-completed",
			output: output?.raw,
			usage:
				output?.usage ?? taskCalls.reduce((sum, call) => addUsage(sum, call.usage), emptyUsage()),
			durationMs: output?.durationMs ?? 0,
			modelCalls: taskCalls.length,
		};
	});
	const agents = new Map<string, AgentUsage>();
	for (const call of calls) {
		const entry = agents.get(call.agent) ?? {
			agent: call.agent,
			usage: emptyUsage(),
			modelCalls: 0,
			durationMs: 0,
		};
		entry.usage = addUsage(entry.usage, call.usage);
		entry.modelCalls += 1;
		entry.durationMs += call.durationMs;
		agents.set(call.agent, entry);
	}
	const toolCalls = store.toolCalls(run.id).map(
		(call): ToolCallDetail => ({
			task: call.task,
			agent: call.agent,
			toolName: call.toolName,
			input: call.input,
			output: truncateOutput(call.output).output,
			isError: call.isError,
			at: call.at,
		}),
	);
	return {
		run: { ...summary, cost: costOf(calls) },
		tasks,
		agents: [...agents.values()],
		toolCalls,
	};
}
