import { parseArgs } from "node:util";
import { storedDefinition } from "../service/execute-run.ts";
import { executeCliRun } from "./cli-run.ts";
import type { Command } from "./command.ts";
import { humanModeHelp, humanOptionsFor } from "./human-mode.ts";
import { applyRerunSettings, rerunSettingOptions, rerunSettingsHelp } from "./rerun-settings.ts";
import { requireRun, withRunStore } from "./with-run-store.ts";

export const command: Command = {
	usage: `Usage: crewkit resume <run> [--quiet] [--json] [--context N] [--threads N] [--strategy S] [--store FILE] [--trust] [--human MODE]

Continues an interrupted, failed or waiting run: tasks (and flow steps) that
completed are restored from the run store, not executed again; the rest run with
the run's inputs, crew and model, under the same run id. <run> is a run id, the
start of one, or 'latest'.

${rerunSettingsHelp}

${humanModeHelp}`,

	async run(args, io) {
		const { values, positionals } = parseArgs({
			args,
			allowPositionals: true,
			options: {
				quiet: { type: "boolean", default: false },
				json: { type: "boolean", default: false },
				...rerunSettingOptions,
				store: { type: "string" },
				human: { type: "string" },
				trust: { type: "boolean", default: false },
			},
		});
		const human = humanOptionsFor(io, values.human);
		return withRunStore(io, values.store, (store) => {
			const runId = requireRun("resume", positionals, store);
			return executeCliRun(
				io,
				store,
				applyRerunSettings(storedDefinition(store, runId), values),
				{ type: "resume", runId },
				{
					quiet: values.quiet,
					json: values.json,
					human: human.human,
					trust: values.trust,
				},
			);
		}).finally(human.close);
	},
};
