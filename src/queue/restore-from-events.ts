import type { ModelCallRecord, TaskOutput } from "../crew/task.ts";
import type { CrewEvent } from "../events.ts";

/**
 * The completed tasks of a run, rebuilt from its events (as a worker continuing another
 * worker's run reads them from Redis): each task's first `task-end` (output, value, usage)
 * with the model calls of the attempt that completed it; a `task-restore` stands in when
 * no `task-end` is left. In order of completion.
 */
export function completedTasksFromEvents(events: Iterable<CrewEvent>): TaskOutput[] {
	const completed = new Map<string, TaskOutput>();
	const calls = new Map<string, ModelCallRecord[]>();
	const ended = new Set<string>();
	for (const event of events) {
		switch (event.type) {
			case "task-start":
				calls.set(event.task, []);
				break;
			case "model-end": {
				const { task, agent, model, usage, durationMs, finishReason } = event;
				const list = calls.get(task) ?? [];
				calls.set(task, list);
				list.push({ task, agent, model, usage, durationMs, finishReason });
				break;
			}
			case "task-end":
				if (ended.has(event.task)) break;
				ended.add(event.task);
				completed.set(event.task, {
					task: event.task,
					agent: event.agent,
					raw: event.output,
					value: event.value,
					usage: event.usage,
					calls: calls.get(event.task) ?? [],
					durationMs: event.durationMs,
				});
				break;
			case "task-restore":
				if (completed.has(event.task)) break;
				completed.set(event.task, {
					task: event.task,
					agent: event.agent,
					raw: event.output,
					value: undefined,
					usage: event.usage,
					calls: [],
					durationMs: 0,
				});
				break;
			default:
				break;
		}
	}
	return [...completed.values()];
}
