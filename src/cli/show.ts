import { parseArgs } from "node:util";
import { pendingQuestions } from "../human/human-history.ts";
import { failedModelCalls } from "../store/failed-model-calls.ts";
import { costOf, describeCost, unpricedModels } from "../store/prices.ts";
import { displayStatus } from "../store/run-status.ts";
import { storedRun } from "../store/stored-run.ts";
import { emptyUsage } from "../usage.ts";
import type { Command } from "./command.ts";
import { flowRunLines, stepRuns } from "./flow-run-lines.ts";
import { formatSeconds, formatTokens } from "./progress.ts";
import { formatTable } from "./runs.ts";
import { requireRun, withRunStore } from "./with-run-store.ts";

export const command: Command = {
	usage: `Usage: crewkit show <run> [--full] [--json] [--store FILE]

Shows a run: its inputs, status (and why, when it failed or is ungrounded), each
task with its agent, output, tokens and time, model calls that failed, usage per
agent, and cost where the model's prices are known ("unknown" otherwise: local,
scripted and replayed models have no price).
<run> is a run id, the start of one, or 'latest'.

Options:
  --full   print task outputs in full (default: the first lines)
  --json   print everything as JSON`,

	async run(args, io) {
		const { values, positionals } = parseArgs({
			args,
			allowPositionals: true,
			options: {
				full: { type: "boolean", default: false },
				json: { type: "boolean", default: false },
				store: { type: "string" },
			},
		});
		return withRunStore(io, values.store, (store) => {
			const runId = requireRun("show", positionals, store);
			const run = storedRun(store, runId);
			const status = displayStatus(run);
			const tasks = store.completedTasks(runId);
			const calls = store.modelCalls(runId);
			const stored = store.events(runId);
			const events = stored.map((item) => item.event);
			const failed = failedModelCalls(run, stored, status);
			// A failed call's model counts too: its price decides whether the cost is known.
			const priced = [...calls, ...failed.map(({ model }) => ({ model, usage: emptyUsage() }))];
			const cost = costOf(priced);
			if (values.json) {
				const output = {
					run: { ...run, status },
					tasks,
					failedModelCalls: failed,
					cost,
					unpricedModels: unpricedModels(priced),
					steps: stepRuns(events),
					questions: pendingQuestions(events),
				};
				io.out(`${JSON.stringify(output, null, 2)}\n`);
				return 0;
			}
			const why = status === "ungrounded" ? "ungrounded" : "error";
			const lines = [
				`run ${run.id} · ${run.crew} · ${status}${run.parentRun ? ` · from ${run.parentRun}` : ""}`,
				`inputs: ${JSON.stringify(run.inputs)}`,
				`usage: ${formatTokens(run.usage)} · ${calls.length} model call(s)${failed.length ? `, ${failed.length} failed` : ""} · cost ${describeCost(priced)}`,
				...(run.error ? [`${why}: ${run.error}`] : []),
				"",
				...flowRunLines(events),
			];
			for (const task of tasks) {
				lines.push(
					`▶ ${task.task} — ${task.agent} · ${formatSeconds(task.durationMs)} · ${formatTokens(task.usage)} · ${task.calls.length} model call(s)`,
				);
				const text = values.full ? task.raw : excerpt(task.raw, 6);
				lines.push(...text.split("\n").map((line) => `  ${line}`), "");
			}
			for (const call of failed) {
				lines.push(
					`✗ ${call.task} — ${call.agent} · ${call.model} · failed after ${call.attempts} attempt(s): ${call.error}`,
					...(call.reasons.length ? [`  retried after: ${call.reasons.join("; ")}`] : []),
					"",
				);
			}
			const byAgent = new Map<
				string,
				{ calls: number; failed: number; input: number; output: number }
			>();
			const sumOf = (agent: string) => {
				const sum = byAgent.get(agent) ?? { calls: 0, failed: 0, input: 0, output: 0 };
				byAgent.set(agent, sum);
				return sum;
			};
			for (const call of calls) {
				const sum = sumOf(call.agent);
				sum.calls++;
				sum.input += call.usage.inputTokens;
				sum.output += call.usage.outputTokens;
			}
			for (const call of failed) sumOf(call.agent).failed++;
			io.out(`${lines.join("\n")}\n`);
			if (byAgent.size === 0) {
				io.out("No model call was made.\n");
				return 0;
			}
			io.out(
				formatTable(
					["agent", "model calls", "failed", "input tokens", "output tokens"],
					[...byAgent].map(([agent, sum]) => [
						agent,
						String(sum.calls),
						String(sum.failed),
						String(sum.input),
						String(sum.output),
					]),
				),
			);
			return 0;
		});
	},
};

function excerpt(text: string, lines: number): string {
	const all = text.split("\n");
	return all.length <= lines
		? text
		: `${all.slice(0, lines).join("\n")}\n… (${all.length - lines} more lines; --full shows all)`;
}
