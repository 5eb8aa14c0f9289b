import { parseArgs } from "node:util";
import { ConfigError } from "../errors.ts";
import { openCliStore } from "./cli-run.ts";
import type { Command } from "./main.ts";
import { formatSeconds } from "./progress.ts";

export const command: Command = {
	usage: `Usage: crewkit log <run> [--full] [--json] [--store FILE]

Prints every model call and tool call of a run, in order: task, agent, model,
time, tokens, finish reason and the answer; tool calls with their arguments and
results; retries.

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
		const [runId] = positionals;
		if (!runId)
			throw new ConfigError("log takes a run id: crewkit log <run> (list them with crewkit runs)");
		const store = openCliStore(io, values.store);
		try {
			if (!store.getRun(runId)) {
				throw new ConfigError(
					`There is no run '${runId}' in the store. List runs with: crewkit runs`,
				);
			}
			const modelCalls = store.modelCalls(runId);
			const toolCalls = store.toolCalls(runId);
			if (values.json) {
				io.out(`${JSON.stringify({ modelCalls, toolCalls }, null, 2)}\n`);
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
			].sort((a, b) => a.at - b.at || a.kind - b.kind || a.id - b.id);
			io.out(`${entries.map((entry) => entry.text).join("\n")}\n`);
			return 0;
		} finally {
			store.close();
		}
	},
};

function describeModelCall(
	call: ReturnType<ReturnType<typeof openCliStore>["modelCalls"]>[number],
	full: boolean,
): string {
	const response = call.response as { text?: string; toolCalls?: Array<{ toolName: string }> };
	const tools = response.toolCalls?.length
		? ` tools: ${response.toolCalls.map((t) => t.toolName).join(", ")}`
		: "";
	const head = `#${call.id} ${call.task} · ${call.agent} · ${call.model} · ${formatSeconds(call.durationMs)} · ${call.usage.inputTokens} in / ${call.usage.outputTokens} out · ${call.finishReason}${tools}`;
	const prompt = full ? `\n  prompt: ${JSON.stringify(call.prompt)}` : "";
	return `${head}${prompt}\n  ${clip(response.text ?? "", full)}`;
}

function clip(text: string, full: boolean): string {
	if (full) return text;
	const flat = text.replace(/\s+/g, " ");
	return flat.length > 160 ? `${flat.slice(0, 159)}…` : flat;
}
