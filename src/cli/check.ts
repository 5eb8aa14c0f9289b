import { readFile } from "node:fs/promises";
import { resolve } from "node:path";
import { parseArgs } from "node:util";
import { ConfigError } from "../errors.ts";
import { checkReport, formatReportProblems } from "../report/check-report.ts";
import type { Command } from "./command.ts";
import { parseCount } from "./parse-count.ts";

export const command: Command = {
	usage: `Usage: crewkit check <report.md> [--sections N] [--json]

Checks a report's structure: a # title, an optional introduction, N numbered
'## N. Title' sections (10 by default), an optional conclusion, no code fences,
no empty section. Exits 0 when it passes, 1 when it does not.

Options:
  --sections N   expected number of numbered sections (default 10)
  --json         print the result as JSON`,

	async run(args, io) {
		const { values, positionals } = parseArgs({
			args,
			allowPositionals: true,
			options: { sections: { type: "string" }, json: { type: "boolean", default: false } },
		});
		const [file] = positionals;
		if (!file || positionals.length > 1) {
			throw new ConfigError("check takes one report file: crewkit check report.md");
		}
		const path = resolve(io.cwd, file);
		let markdown: string;
		try {
			markdown = await readFile(path, "utf8");
		} catch {
			throw new ConfigError(`Cannot read '${file}'. Give the path of a markdown report.`);
		}
		const sections = values.sections === undefined ? 10 : parseCount(values.sections, "--sections");
		const check = checkReport(markdown, { sections });
		if (values.json) {
			io.out(
				`${JSON.stringify({ file, ok: check.ok, problems: check.problems, sections: check.sections.length }, null, 2)}\n`,
			);
		} else if (check.ok) {
			io.out(`${file}: ok — title, ${check.sections.length} numbered sections\n`);
		} else {
			io.out(`${file}: ${check.problems.length} problem(s)\n${formatReportProblems(check)}\n`);
		}
		return check.ok ? 0 : 1;
	},
};
