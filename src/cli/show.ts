import { parseArgs } from "node:util";
import { pendingQuestions } from "../human/human-history.ts";
import { costOf, formatCost } from "../store/prices.ts";
import { displayStatus } from "../store/run-status.ts";
import { storedRun } from "../store/stored-run.ts";
import type { Command } from "./command.ts";
import { flowRunLines, stepRuns } from "./flow-run-lines.ts";
import { formatSeconds, formatTokens } from "./progress.ts";
import { formatTable } from "./runs.ts";
import { requireRunId, withRunStore } from "./with-run-store.ts";

export const command: Command = {
	usage: `Usage: crewkit show <run> [--full] [--json] [--store FILE]

Shows a run: its inputs, status, each task with its agent, output, tokens and
time, usage per agent, and cost where the model's prices are known.

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
		const runId = requireRunId("show", positionals);
		return withRunStore(io, values.store, (store) => {
			const run = storedRun(store, runId);
			const tasks = store.completedTasks(runId);
			const calls = store.modelCalls(runId);
			const cost = costOf(calls.map((call) => ({ model: call.model, usage: call.usage })));
			const events = store.events(runId).map((item) => item.event);
			if (values.json) {
				const flow = { steps: stepRuns(events), questions: pendingQuestions(events) };
				io.out(
					`${JSON.stringify({ run: { ...run, status: displayStatus(run) }, tasks, cost, ...flow }, null, 2)}\n`,
				);
				return 0;
			}
			const lines = [
				`run ${run.id} · ${run.crew} · ${displayStatus(run)}${run.parentRun ? ` · from ${run.parentRun}` : ""}`,
				`inputs: ${JSON.stringify(run.inputs)}`,
				`usage: ${formatTokens(run.usage)} · cost ${formatCost(cost)}`,
				...(run.error ? [`error: ${run.error}`] : []),
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
			const byAgent = new Map<string, { input: number; output: number }>();
			for (const call of calls) {
				const sum = byAgent.get(call.agent) ?? { input: 0, output: 0 };
				sum.input += call.usage.inputTokens;
				sum.output += call.usage.outputTokens;
				byAgent.set(call.agent, sum);
			}
			io.out(`${lines.join("\n")}\n`);
			io.out(
				formatTable(
					["agent", "input tokens", "output tokens"],
					[...byAgent].map(([agent, sum]) => [agent, String(sum.input), String(sum.output)]),
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
