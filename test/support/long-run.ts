import type { CrewEvent } from "../../src/events.ts";
import type { RunStore } from "../../src/store/run-store.ts";

const usage = (input: number, output: number) => ({
	inputTokens: input,
	outputTokens: output,
	totalTokens: input + output,
});

/**
 * Records a long run into a store, as a small local model streaming token by token leaves
 * it: `tasks` tasks of `callsPerTask` model calls, each `tokensPerCall` model-delta events,
 * with a tool call every fifth call. Returns the number of events recorded. The run is left
 * running (no task-end, no run-end) unless `finish` is set.
 */
export function recordLongRun(
	store: RunStore,
	runId: string,
	shape: { tasks: number; callsPerTask: number; tokensPerCall: number; finish?: boolean },
): number {
	createResearchRun(store, runId);
	let count = 0;
	let at = Date.UTC(2026, 11, 4, 12);
	const record = (event: CrewEvent) => {
		store.record(event);
		count++;
	};
	record({ type: "run-start", runId, crew: "research", inputs: { topic: "Edge AI" }, at });
	const agents = ["researcher", "reporting_analyst", "reporting_analyst"];
	for (let task = 0; task < shape.tasks; task++) {
		const name = ["research_task", "reporting_task", "verification_task"][task] ?? `task_${task}`;
		const agent = agents[task] ?? "writer";
		const base = { runId, task: name, agent };
		record({ type: "task-start", ...base, at });
		for (let call = 0; call < shape.callsPerTask; call++) {
			at += 2_000;
			record({ type: "model-start", ...base, model: "crewkit.local:qwen.gguf", at });
			for (let token = 0; token < shape.tokensPerCall; token++) {
				record({ type: "model-delta", ...base, delta: token % 12 === 11 ? "word.\n" : "word " });
			}
			record({
				type: "model-end",
				...base,
				model: "crewkit.local:qwen.gguf",
				usage: usage(900 + call, shape.tokensPerCall),
				finishReason: "stop",
				durationMs: 1_800,
				prompt: [{ role: "user", content: [{ type: "text", text: `Call ${call} of ${name}` }] }],
				response: { text: "word ".repeat(shape.tokensPerCall), toolCalls: [] },
			});
			if (call % 5 === 4) {
				const toolCallId = `${name}-${call}`;
				record({
					type: "tool-call",
					...base,
					toolCallId,
					toolName: "search_sources",
					input: { query: `q${call}` },
				});
				record({
					type: "tool-result",
					...base,
					toolCallId,
					toolName: "search_sources",
					output: "passage",
					isError: false,
				});
			}
		}
		if (task < shape.tasks - 1 || shape.finish) finishTask(store, runId, name, agent);
	}
	if (shape.finish) finishRun(store, runId);
	return count;
}

export function finishTask(store: RunStore, runId: string, task: string, agent: string): void {
	store.record({
		type: "task-end",
		runId,
		task,
		agent,
		output: `${task} done`,
		usage: usage(1000, 100),
		durationMs: 60_000,
	});
}

export function finishRun(store: RunStore, runId: string): void {
	store.record({
		type: "run-end",
		runId,
		status: "completed",
		usage: usage(3000, 300),
		durationMs: 180_000,
	});
}

/** Puts a research run (researcher, reporting_analyst; three tasks) in the store, with no events. */
export function createResearchRun(store: RunStore, runId: string): void {
	store.createRun({
		id: runId,
		crew: "research",
		inputs: { topic: "Edge AI" },
		definition: {
			kind: "research",
			model: "local:qwen.gguf",
			spec: {
				agents: ["researcher", "reporting_analyst"].map((name) => ({
					name,
					role: name,
					goal: "g",
					backstory: "b",
					tools: name === "researcher" ? ["search_sources"] : [],
				})),
				tasks: [
					["research_task", "researcher"],
					["reporting_task", "reporting_analyst"],
					["verification_task", "reporting_analyst"],
				].map(([name, agent], index) => ({
					name,
					agent,
					description: `Step ${index + 1}`,
					expectedOutput: "text",
					...(index ? { context: [index === 1 ? "research_task" : "reporting_task"] } : {}),
				})),
			},
		},
	});
}
