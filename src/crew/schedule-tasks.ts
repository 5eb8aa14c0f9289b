import type { z } from "zod";
import type { Task, TaskOutput } from "./task.ts";

/**
 * Runs tasks in crew order, letting `async` tasks overlap: a task starts when the tasks
 * its context needs are done (no context: every earlier task, or for an async task every
 * earlier non-async task) and, like in a sequential
 * crew, after the last non-async task before it. A non-async task is a barrier for those
 * after it. The first failure cancels the rest (through `onFailure`) and is rethrown.
 */
export async function scheduleTasks(
	tasks: readonly Task<z.ZodType | undefined>[],
	execute: (task: Task<z.ZodType | undefined>, context: TaskOutput[]) => Promise<TaskOutput>,
	onFailure: (error: unknown) => void,
	options: { overlap: boolean },
): Promise<void> {
	const running = new Map<Task<z.ZodType | undefined>, Promise<TaskOutput>>();
	let barrier: Promise<unknown> = Promise.resolve();
	let firstError: { error: unknown } | undefined;
	for (const [index, task] of tasks.entries()) {
		// Without a context, a task sees every earlier output; an async one sees those of the
		// earlier tasks that are not themselves running alongside it.
		const earlier = tasks.slice(0, index);
		const needs =
			task.context ?? (task.async && options.overlap ? earlier.filter((t) => !t.async) : earlier);
		const ready = Promise.all([barrier, ...needs.map((earlier) => running.get(earlier))]);
		const done = ready.then(async ([, ...context]) => execute(task, context as TaskOutput[]));
		done.catch((error: unknown) => {
			if (!firstError) {
				firstError = { error };
				onFailure(error);
			}
		});
		running.set(task, done);
		if (!(task.async && options.overlap)) barrier = done;
	}
	await Promise.allSettled(running.values());
	if (firstError) throw firstError.error;
}
