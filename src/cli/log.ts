import { parseArgs } from "node:util";
import { failedModelCalls } from "../store/failed-model-calls.ts";
import { displayStatus } from "../store/run-status.ts";
import type { ModelCallRow } from "../store/run-store.ts";
import { storedRun } from "../store/stored-run.ts";
import type { Command } from "./command.ts";
import { formatSeconds } from "./progress.ts";
import { requireRun, withRunStore } from "./with-run-store.ts";

export const command: Command = {
	usage: `Usage: crewkit log <run> [--full] [--json] [--store FILE]

Prints every model call and tool call of a run, in order: task, agent, model,
time, tokens, finish reason and the answer; tool calls with their arguments and
results; model calls that failed, with their retries and error.
<run> is a run id, the start of one, or 'latest'.

Options:
  --full   print prompts and answers in full
  --json   print the calls as JSON`,

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
			const runId = requireRun("log", positionals, store);
			const run = storedRun(store, runId);
			const modelCalls = store.modelCalls(runId);
			const toolCalls = store.toolCalls(runId);
			const failed = failedModelCalls(run, store.events(runId), displayStatus(run));
			if (values.json) {
				io.out(`${JSON.stringify({ modelCalls, toolCalls, failedModelCalls: failed }, null, 2)}\n`);
				return 0;
			}
			const entries = [
				...modelCalls.map((call) => ({
					at: call.at,
					id: call.id,
					kind: 0,
					text: describeModelCall(call, values.full),
				})),
				...toolCalls.map((call) => ({
					at: call.at,
					id: call.id,
					kind: 1,
					text: `  ↳ ${call.toolName}(${clip(JSON.stringify(call.input), values.full)}) ${call.isError ? "✗" : "→"} ${clip(JSON.stringify(call.output ?? null), values.full)}`,
				})),
				...failed.map((call, index) => ({
					at: call.at,
					id: index,
					kind: 2,
					text: `✗ ${call.task} · ${call.agent} · ${call.model} · failed after ${call.attempts} attempt(s)${call.reasons.length ? ` (${call.reasons.join("; ")})` : ""}\n  ${clip(call.error, values.full)}`,
				})),
			].sort((a, b) => a.at - b.at || a.kind - b.kind || a.id - b.id);
			if (entries.length === 0) {
				io.out(`Run ${runId} made no model or tool call (status: ${displayStatus(run)}).\n`);
				return 0;
			}
			io.out(`${entries.map((entry) => entry.text).join("\n")}\n`);
			return 0;
		});
	},
};

function describeModelCall(call: ModelCallRow, full: boolean): string {
	const response = call.response as { text?: string; toolCalls?: Array<{ toolName: string }> };
	const tools = response.toolCalls?.length
		? ` tools: ${response.toolCalls.map((t) => t.toolName).join(", ")}`
		: "";
	const head = `#${call.id} ${call.task} · ${call.agent} · ${call.model} · ${formatSeconds(call.durationMs)} · ${describeInput(call)} / ${call.usage.outputTokens} out · ${call.finishReason}${tools}`;
	const prompt = full ? `\n  prompt: ${JSON.stringify(call.prompt)}` : "";
	return `${head}${prompt}\n  ${clip(response.text ?? "", full)}`;
}

/** Prompt tokens, with how many were evaluated when some came from the model's cache. */
function describeInput(call: ModelCallRow): string {
	const cached = call.usage.cachedInputTokens ?? 0;
	const evaluated = cached > 0 ? ` (${call.usage.inputTokens - cached} evaluated)` : "";
	const window = call.window
		? ` of ${call.window.contextSize} context, ${call.window.reservedOutputTokens} reserved for the answer`
		: "";
	return `${call.usage.inputTokens} in${evaluated}${window}`;
}

function clip(text: string, full: boolean): string {
	if (full) return text;
	const flat = text.replace(/\s+/g, " ");
	return flat.length > 160 ? `${flat.slice(0, 159)}…` : flat;
}
