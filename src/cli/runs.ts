import { parseArgs } from "node:util";
import { ConfigError } from "../errors.ts";
import { type RunQuery, searchRuns } from "../server/search-runs.ts";
import type { Command } from "./command.ts";
import { parseCount } from "./parse-count.ts";
import { parseSince } from "./parse-since.ts";
import { formatSeconds } from "./progress.ts";
import { withRunStore } from "./with-run-store.ts";

const statuses = [
	"running",
	"completed",
	"ungrounded",
	"failed",
	"cancelled",
	"interrupted",
	"waiting",
];

export const command: Command = {
	usage: `Usage: crewkit runs [--status S] [--crew NAME] [--since WHEN] [--limit N] [--json] [--store FILE]

Lists the runs in the run store, newest first: id, status, crew, model, start
time, duration, tokens, error (or why the run is ungrounded) and inputs. A run
whose process died shows as 'interrupted': continue it with crewkit resume <run>.
Commands that take a <run> also take the start of its id, or 'latest'.

Options:
  --status S     only runs with this status: ${statuses.join(", ")}
  --crew NAME    only runs of this crew (research, or a YAML crew's name)
  --since WHEN   only runs started since: 30m, 2h, 7d, 1w, or a date (2026-12-01, UTC)
  --limit N      at most N runs (default 20)
  --json         print the runs as JSON (with model, durationMs and error)`,

	async run(args, io) {
		const { values } = parseArgs({
			args,
			options: {
				limit: { type: "string" },
				status: { type: "string" },
				crew: { type: "string" },
				since: { type: "string" },
				json: { type: "boolean", default: false },
				store: { type: "string" },
			},
		});
		if (values.status !== undefined && !statuses.includes(values.status)) {
			throw new ConfigError(
				`--status takes one of ${statuses.join(", ")}, got '${values.status}'.`,
			);
		}
		const query: RunQuery = {
			limit: values.limit ? parseCount(values.limit, "--limit") : 20,
			status: values.status as RunQuery["status"],
			crew: values.crew,
			since: values.since === undefined ? undefined : parseSince(values.since),
		};
		return withRunStore(io, values.store, (store) => {
			const runs = searchRuns(store, query);
			if (values.json) {
				io.out(`${JSON.stringify(runs, null, 2)}\n`);
				return 0;
			}
			if (runs.length === 0) {
				const filtered = values.status || values.crew || values.since;
				io.out(
					filtered
						? "No runs match these filters.\n"
						: 'No runs yet. Start one with: crewkit run --topic "AI LLMs"\n',
				);
				return 0;
			}
			const rows = runs.map((run) => [
				run.id,
				run.status,
				run.crew,
				run.model ?? "",
				new Date(run.createdAt).toISOString().replace("T", " ").slice(0, 19),
				formatSeconds(run.durationMs),
				run.usage.totalTokens.toLocaleString("en-US"),
				clip(run.error ?? "", 60),
				clip(
					Object.entries(run.inputs)
						.map(([key, value]) => `${key}=${String(value)}`)
						.join(" "),
					40,
				),
			]);
			io.out(
				formatTable(
					[
						"run",
						"status",
						"crew",
						"model",
						"started (UTC)",
						"duration",
						"tokens",
						"error",
						"inputs",
					],
					rows,
				),
			);
			return 0;
		});
	},
};

function clip(text: string, length: number): string {
	const flat = text.replace(/\s+/g, " ");
	return flat.length > length ? `${flat.slice(0, length - 1)}…` : flat;
}

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
