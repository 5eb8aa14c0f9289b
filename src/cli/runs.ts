import { parseArgs } from "node:util";
import { displayStatus } from "../store/run-status.ts";
import type { Command } from "./command.ts";
import { parseCount } from "./parse-count.ts";
import { withRunStore } from "./with-run-store.ts";

export const command: Command = {
	usage: `Usage: crewkit runs [--limit N] [--json] [--store FILE]

Lists the runs in the run store, newest first: id, status, crew, start time,
tokens and inputs. A run whose process died shows as 'interrupted': continue it
with crewkit resume <run>.`,

	async run(args, io) {
		const { values } = parseArgs({
			args,
			options: {
				limit: { type: "string" },
				json: { type: "boolean", default: false },
				store: { type: "string" },
			},
		});
		return withRunStore(io, values.store, (store) => {
			const runs = store.listRuns({
				limit: values.limit ? parseCount(values.limit, "--limit") : 20,
			});
			if (values.json) {
				io.out(
					`${JSON.stringify(
						runs.map((run) => ({ ...run, status: displayStatus(run) })),
						null,
						2,
					)}\n`,
				);
				return 0;
			}
			if (runs.length === 0) {
				io.out('No runs yet. Start one with: crewkit run --topic "AI LLMs"\n');
				return 0;
			}
			const rows = runs.map((run) => [
				run.id,
				displayStatus(run),
				run.crew,
				new Date(run.createdAt).toISOString().replace("T", " ").slice(0, 19),
				run.usage.totalTokens.toLocaleString("en-US"),
				Object.entries(run.inputs)
					.map(([key, value]) => `${key}=${String(value)}`)
					.join(" "),
			]);
			io.out(formatTable(["run", "status", "crew", "started (UTC)", "tokens", "inputs"], rows));
			return 0;
		});
	},
};

export function formatTable(headers: string[], rows: string[][]): string {
	const widths = headers.map((header, column) =>
		Math.max(header.length, ...rows.map((row) => (row[column] ?? "").length)),
	);
	const line = (cells: string[]) =>
		cells
			.map((cell, column) => cell.padEnd(widths[column] ?? 0))
			.join("  ")
			.trimEnd();
	return `${[line(headers), ...rows.map(line)].join("\n")}\n`;
}
