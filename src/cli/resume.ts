import { parseArgs } from "node:util";
import { storedDefinition } from "../service/execute-run.ts";
import { executeCliRun } from "./cli-run.ts";
import type { Command } from "./command.ts";
import { parseCount } from "./parse-count.ts";
import { requireRun, withRunStore } from "./with-run-store.ts";

export const command: Command = {
	usage: `Usage: crewkit resume <run> [--quiet] [--json] [--threads N] [--store FILE] [--trust]

Continues an interrupted or failed run: tasks that completed are restored from
the run store, not executed again; the rest run with the run's inputs, crew and
model, under the same run id. <run> is a run id, the start of one, or 'latest'.`,

	async run(args, io) {
		const { values, positionals } = parseArgs({
			args,
			allowPositionals: true,
			options: {
				quiet: { type: "boolean", default: false },
				json: { type: "boolean", default: false },
				threads: { type: "string" },
				store: { type: "string" },
				trust: { type: "boolean", default: false },
			},
		});
		return withRunStore(io, values.store, (store) => {
			const runId = requireRun("resume", positionals, store);
			return executeCliRun(
				io,
				store,
				storedDefinition(store, runId),
				{ type: "resume", runId },
				{
					quiet: values.quiet,
					json: values.json,
					trust: values.trust,
					threads:
						values.threads === undefined ? undefined : parseCount(values.threads, "--threads"),
				},
			);
		});
	},
};
