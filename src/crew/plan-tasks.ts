import type { LanguageModelV4 } from "@ai-sdk/provider";
import { callModel, type ReliabilityOptions } from "../agent/call-model.ts";
import { parseAnswer } from "../agent/parse-answer.ts";
import { toJsonSchema } from "../tools/json-schema.ts";
import { loadZod, onFirstUse } from "../zod/load-zod.ts";
import type { ModelCallRecord } from "./task.ts";

/** The planner's answer: a plan for each task, by task name. */
export const planSchema = onFirstUse(() => {
	const z = loadZod();
	return z.object({ plans: z.array(z.object({ task: z.string(), plan: z.string() })) });
});

/** What the planner sees of a task. */
export interface PlannedTask {
	name: string;
	agentRole: string;
	description: string;
	expectedOutput: string;
}

/** The planning prompt (CrewAI's `planning=True`): every task, in order, with who does it. */
export function planningPrompt(tasks: readonly PlannedTask[]): string {
	const list = tasks
		.map(
			(task, index) =>
				`${index + 1}. ${task.name} (done by: ${task.agentRole})\n   What: ${task.description}\n   Answer: ${task.expectedOutput || "(not specified)"}`,
		)
		.join("\n");
	return `A crew of agents will carry out these tasks in order:\n\n${list}\n\nWrite a short step-by-step plan for each task, so that each agent knows how to do its part well and how its work serves the next tasks. Answer as JSON: {"plans": [{"task": "<task name>", "plan": "<plan>"}]}, one entry per task.`;
}

/**
 * Asks the model for a plan per task before the crew starts. The call is recorded in
 * `calls` (under `taskName`, the first task). Tasks the planner leaves out get no plan.
 */
export async function planTasks(options: {
	tasks: readonly PlannedTask[];
	model: LanguageModelV4;
	signal: AbortSignal;
	calls: ModelCallRecord[];
	taskName: string;
	reliability?: ReliabilityOptions | undefined;
	/** Who the call is counted for. Default "planner". */
	agentName?: string;
}): Promise<Map<string, string>> {
	const { model } = options;
	const response = await callModel(
		model,
		{
			prompt: [{ role: "user", content: [{ type: "text", text: planningPrompt(options.tasks) }] }],
			responseFormat: { type: "json", schema: toJsonSchema(planSchema()) },
			abortSignal: options.signal,
		},
		() => {},
		options.reliability,
	);
	options.calls.push({
		task: options.taskName,
		agent: options.agentName ?? "planner",
		model: `${model.provider}:${model.modelId}`,
		usage: response.usage,
		durationMs: response.durationMs,
		finishReason: response.finishReason,
	});
	const answer = parseAnswer(response.text, planSchema());
	const names = new Set(options.tasks.map((task) => task.name));
	return new Map(
		answer.ok
			? answer.value.plans
					.filter((entry) => names.has(entry.task) && entry.plan.trim())
					.map((entry) => [entry.task, entry.plan.trim()])
			: [],
	);
}
