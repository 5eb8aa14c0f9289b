import { resolve } from "node:path";
import { parseArgs } from "node:util";
import { ConfigError } from "../errors.ts";
import { parseModelString } from "../models/resolve-model.ts";
import { storedDefinition } from "../service/execute-run.ts";
import { resolveRunId } from "../store/resolve-run-id.ts";
import { executeCliRun } from "./cli-run.ts";
import type { Command } from "./command.ts";
import { applyRerunSettings, rerunSettingOptions, rerunSettingsHelp } from "./rerun-settings.ts";
import { withRunStore } from "./with-run-store.ts";

export const command: Command = {
	usage: `Usage: crewkit replay <run> --from <task> [--model M] [--out FILE] [options]

Runs a stored run again from one of its tasks, as a new run: the outputs of the
tasks before it are taken from the stored run; that task and the ones after it
run again (on another model with --model). <run> is a run id, the start of
one, or 'latest'.

Options:
  --from TASK   the first task to run again (required)
  --model M     the model for the re-run (default: the run's model)
  --out FILE    where the final answer goes (default: the run's)
  --record FILE record the re-run's model calls
${rerunSettingsHelp}
  --quiet, --json, --store FILE, --trust   as for crewkit run`,

	async run(args, io) {
		const { values, positionals } = parseArgs({
			args,
			allowPositionals: true,
			options: {
				from: { type: "string" },
				model: { type: "string" },
				out: { type: "string" },
				record: { type: "string" },
				quiet: { type: "boolean", default: false },
				json: { type: "boolean", default: false },
				...rerunSettingOptions,
				store: { type: "string" },
				trust: { type: "boolean", default: false },
			},
		});
		const [reference] = positionals;
		const { from } = values;
		if (!reference || !from) {
			throw new ConfigError("replay takes a run and a task: crewkit replay <run> --from <task>");
		}
		if (values.model) parseModelString(values.model);
		return withRunStore(io, values.store, (store) => {
			const runId = resolveRunId(store, reference);
			const stored = applyRerunSettings(storedDefinition(store, runId), values);
			const definition = {
				...stored,
				...(values.model ? { model: values.model } : {}),
				...(values.out ? { out: resolve(io.cwd, values.out) } : {}),
			};
			return executeCliRun(
				io,
				store,
				definition,
				{ type: "replay", runId, from },
				{
					quiet: values.quiet,
					json: values.json,
					record: values.record,
					trust: values.trust,
				},
			);
		});
	},
};
