import { readFile, stat } from "node:fs/promises";
import { resolve } from "node:path";
import { parseArgs } from "node:util";
import { ConfigError } from "../errors.ts";
import { parseModelString, resolveModel } from "../models/resolve-model.ts";
import { checkReport } from "../report/check-report.ts";
import { formatShare, type ReportEvaluation } from "../report/evaluate-report.ts";
import {
	assertEvaluationWithinLimits,
	evaluateReportInWorker,
} from "../report/evaluate-report-in-worker.ts";
import { type JudgedSupport, judgeSupport } from "../report/judge-support.ts";
import {
	loadPassagesFromSources,
	type SkippedSource,
} from "../report/load-passages-from-sources.ts";
import { parseSourceList } from "../report/parse-source-list.ts";
import type { Command } from "./command.ts";
import { parseCount } from "./parse-count.ts";

/** How many unsupported sentences and unread sources the table lists. */
const listed = 5;

export const command: Command = {
	usage: `Usage: crewkit eval <report.md> [--sources DIR] [--reference other.md] [--sections N] [--json]

Measures a report without a model: structure, citation coverage (sections and
paragraphs citing a listed source), citation validity (every [n] listed, every
source cited), support of cited sentences by the cited passages (with --sources),
redundancy between sections, and coverage of another report's topics (with
--reference). Prints the figures; exits 0 whatever they are, 1 when a file
cannot be read or the report is over the evaluation limits (2,000,000
characters, 10 s of measuring, 512 MB).

Options:
  --sources DIR        read the local files the Sources list cites from DIR and
                       check each cited sentence against them
  --reference FILE     measure which of FILE's section topics the report covers
  --judge MODEL        also ask a judge model whether each cited sentence's
                       passages support it (needs --sources), e.g. ollama:qwen3
  --sections N         expected number of numbered sections (default 10)
  --json               print the evaluation as JSON`,

	async run(args, io) {
		const { values, positionals } = parseArgs({
			args,
			allowPositionals: true,
			options: {
				sources: { type: "string" },
				reference: { type: "string" },
				sections: { type: "string" },
				judge: { type: "string" },
				json: { type: "boolean", default: false },
			},
		});
		if (values.judge !== undefined && values.sources === undefined) {
			throw new ConfigError(
				"--judge needs --sources DIR: the judge reads the passages the report cites.",
			);
		}
		if (values.judge !== undefined) parseModelString(values.judge);
		const [file] = positionals;
		if (!file || positionals.length > 1) {
			throw new ConfigError("eval takes one report file: crewkit eval report.md");
		}
		const markdown = await readText(resolve(io.cwd, file), file);
		const reference =
			values.reference === undefined
				? undefined
				: await readText(resolve(io.cwd, values.reference), values.reference);
		const sections = values.sections === undefined ? 10 : parseCount(values.sections, "--sections");
		// Over the size limits, refused before anything reads the report.
		const label = `'${file}'`;
		assertEvaluationWithinLimits(markdown, reference === undefined ? {} : { reference }, label);
		let skipped: SkippedSource[] = [];
		let passages: Map<number, string[]> | undefined;
		if (values.sources !== undefined) {
			const folder = resolve(io.cwd, values.sources);
			const isFolder = await stat(folder).then(
				(found) => found.isDirectory(),
				() => false,
			);
			if (!isFolder) {
				throw new ConfigError(
					`--sources '${values.sources}' is not a folder. Give the folder the report's sources are in.`,
				);
			}
			const sources = parseSourceList(checkReport(markdown, { sections }).sources);
			({ passages, skipped } = await loadPassagesFromSources(folder, sources));
		}
		// In a worker with a deadline: a report written to be slow to measure cannot hang eval.
		const evaluation = await evaluateReportInWorker(markdown, {
			label,
			evaluation: {
				sections,
				...(passages ? { passages } : {}),
				...(reference === undefined ? {} : { reference }),
			},
		});
		let judged: JudgedSupport | undefined;
		if (values.judge !== undefined && passages) {
			const judge = await resolveModel(values.judge, { cwd: io.cwd, env: io.env });
			try {
				judged = await judgeSupport(markdown, passages, judge.model);
			} finally {
				await judge.dispose();
			}
		}
		if (values.json) {
			io.out(
				`${JSON.stringify({ file, ...evaluation, ...(judged ? { judgedSupport: judged } : {}), sourcesNotRead: skipped }, null, 2)}\n`,
			);
		} else {
			io.out(formatEvaluation(file, evaluation, skipped, values.reference, judged));
		}
		return 0;
	},
};

async function readText(path: string, name: string): Promise<string> {
	try {
		return await readFile(path, "utf8");
	} catch {
		throw new ConfigError(`Cannot read '${name}'. Give the path of a markdown report.`);
	}
}

/** The evaluation as a table of figures, then the sentences and sources worth a look. */
function formatEvaluation(
	file: string,
	evaluation: ReportEvaluation,
	skipped: readonly SkippedSource[],
	referenceName: string | undefined,
	judged: JudgedSupport | undefined,
): string {
	const { structure, citations, support, redundancy, coverage } = evaluation;
	const rows: Array<[string, string]> = [
		[
			"structure",
			structure.ok
				? `ok, ${structure.sections} numbered sections`
				: `${structure.problems.length} problem(s) (see crewkit check), ${structure.sections} numbered sections`,
		],
		[
			"citations",
			`${citations.total} citing ${citations.cited.length} source(s); ${citations.listed} listed under Sources`,
		],
		[
			"sections",
			`${citations.sectionsWithCitation}/${structure.sections} cite a listed source (${formatShare(citations.sectionCoverage)})`,
		],
		[
			"paragraphs",
			`${citations.paragraphsWithCitation}/${citations.paragraphs} cite a listed source (${formatShare(citations.paragraphCoverage)})`,
		],
		[
			"validity",
			`${citations.validity.toFixed(2)}; unresolved: ${listNumbers(citations.unresolved)}; uncited: ${listNumbers(citations.uncited)}`,
		],
		[
			"support",
			support
				? `${support.supported}/${support.citedSentences} cited sentences supported (${formatShare(support.rate)})` +
					(support.unchecked > 0 ? `; ${support.unchecked} unchecked (no passage)` : "")
				: "not measured: give --sources DIR",
		],
		[
			"redundancy",
			redundancy.pair
				? `${redundancy.maxSimilarity.toFixed(2)} between sections ${redundancy.pair.join(" and ")}`
				: "fewer than two sections",
		],
	];
	if (judged) {
		rows.push([
			"judged",
			`${judged.supported}/${judged.judged} cited sentences supported according to ${judged.judge} (${formatShare(judged.rate)})`,
		]);
	}
	if (coverage) {
		const total = coverage.covered.length + coverage.missed.length;
		rows.push([
			"coverage",
			`${formatShare(coverage.share)} of ${referenceName}'s topics (${coverage.covered.length}/${total})` +
				(coverage.missed.length > 0 ? `; missed: ${coverage.missed.join(", ")}` : ""),
		]);
	}
	const lines = [`${file}`, ...rows.map(([name, value]) => `  ${name.padEnd(11)} ${value}`)];
	if (support && support.unsupported.length > 0) {
		lines.push("Unsupported sentences:");
		for (const item of support.unsupported.slice(0, listed)) {
			lines.push(`  ${item.score.toFixed(2)}  ${shorten(item.sentence, 110)}`);
		}
		if (support.unsupported.length > listed)
			lines.push(`  … and ${support.unsupported.length - listed} more (--json lists them all)`);
	}
	if (skipped.length > 0) {
		lines.push("Sources not read:");
		for (const source of skipped.slice(0, listed)) {
			lines.push(
				`  [${source.number}] ${shorten(source.target ?? "(no target)", 70)}: ${source.reason}`,
			);
		}
		if (skipped.length > listed) lines.push(`  … and ${skipped.length - listed} more`);
	}
	lines.push(`Summary: ${evaluation.summary}`);
	return `${lines.join("\n")}\n`;
}

function listNumbers(numbers: readonly number[]): string {
	return numbers.length === 0 ? "none" : numbers.map((number) => `[${number}]`).join(" ");
}

function shorten(text: string, length: number): string {
	const flat = text.replace(/\s+/g, " ").trim();
	return flat.length <= length ? flat : `${flat.slice(0, length - 1)}…`;
}
