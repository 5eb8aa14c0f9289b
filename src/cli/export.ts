import { existsSync } from "node:fs";
import { writeFile } from "node:fs/promises";
import { basename, extname, resolve } from "node:path";
import { parseArgs } from "node:util";
import { ConfigError } from "../errors.ts";
import { exportFormats, exportReport, isExportFormat } from "../export/export-report.ts";
import { readReportFile, runReportMarkdown } from "../export/run-report.ts";
import { resolveRunId } from "../store/resolve-run-id.ts";
import type { Command } from "./command.ts";
import { withRunStore } from "./with-run-store.ts";

export const command: Command = {
	usage: `Usage: crewkit export <run|report.md> --format html|pdf|docx [--out FILE] [--store FILE]

Turns a report into a file people can send:
  html   one self-contained page (no scripts, nothing fetched): citations [n] link
         to their entry of the Sources list; prints well (print stylesheet)
  pdf    that page printed by Chromium (A4); needs Chromium installed
         (apt-get install chromium, or CREWKIT_CHROMIUM=/path/to/chrome)
  docx   a Word document: headings, lists, citations linked to the Sources list
<run> is a run id, the start of one, or 'latest'; a file path exports that file.

Options:
  --format F   html, pdf or docx (required)
  --out FILE   where to write (default: the report's name with the format's
               extension, e.g. report.pdf; for a run, <run id>.pdf)
  --store FILE the run store (default .crewkit/runs.db, or CREWKIT_STORE)`,

	async run(args, io) {
		const { values, positionals } = parseArgs({
			args,
			allowPositionals: true,
			options: {
				format: { type: "string", short: "f" },
				out: { type: "string", short: "o" },
				store: { type: "string" },
			},
		});
		const [reference] = positionals;
		if (!reference || positionals.length > 1) {
			throw new ConfigError(
				"export takes one run or report file: crewkit export latest --format pdf",
			);
		}
		const format = values.format ?? (values.out ? extname(values.out).slice(1) : "");
		if (!isExportFormat(format)) {
			throw new ConfigError(
				`export needs --format ${exportFormats.join(", ")}${values.format ? `, got '${values.format}'` : ""}.`,
			);
		}
		const file = resolve(io.cwd, reference);
		let markdown: string;
		let stem: string;
		if (existsSync(file)) {
			markdown = await readReportFile(file);
			stem = file.slice(0, file.length - extname(file).length);
		} else {
			if (/\.(md|markdown|txt)$/i.test(reference)) {
				throw new ConfigError(`There is no report file '${reference}'.`);
			}
			const found = await withRunStore(io, values.store, (store) => {
				const runId = resolveRunId(store, reference);
				return { runId, markdown: runReportMarkdown(store, runId) };
			});
			markdown = found.markdown;
			stem = resolve(io.cwd, found.runId);
		}
		const out = values.out ? resolve(io.cwd, values.out) : `${stem}.${format}`;
		const bytes = await exportReport(markdown, format, { env: io.env });
		await writeFile(out, bytes);
		io.out(`${out}\n`);
		io.err(
			`Exported ${basename(out)} (${format}, ${bytes.byteLength.toLocaleString("en-US")} bytes)\n`,
		);
		return 0;
	},
};
