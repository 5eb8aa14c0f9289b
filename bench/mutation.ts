/**
 * Mutation testing of crewkit's core: `npm run mutation` (`node bench/mutation.ts`).
 * Runs StrykerJS once per target of `mutation-targets.ts` (the tap runner over that target's
 * test files, with per-test coverage: each mutant is run against the test files that reach
 * it; incremental: a re-run after a small change tests only the mutants whose code or
 * covering test files changed), then writes the per-folder score table to bench/MUTATION.md.
 * HTML reports go to reports/mutation/<target>.html. The incremental files are kept in the
 * repository (bench/mutation-incremental/), so a fresh clone re-runs only what changed.
 *
 *   node bench/mutation.ts [--only "src/usage.ts,redaction"] [--force] [--concurrency 2] [--table-only]
 *
 * Scores of targets not run keep their last recorded values (bench/mutation-scores.json).
 * Equivalent mutants are marked in the code with `// Stryker disable next-line <mutator>:
 * <reason>` and listed with their reason.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import { delimiter, dirname, join, matchesGlob } from "node:path";
import { parseArgs } from "node:util";
import { type MutationTarget, mutationTargets } from "./mutation-targets.ts";

const root = new URL("..", import.meta.url).pathname;
const reportsDir = join(root, "reports/mutation");
const incrementalDir = join(root, "bench/mutation-incremental");
/** The tests run on Node 24 (the `node` dev dependency), whichever Node runs this script. */
const node24 = existsSync(join(root, "node_modules/node/bin/node"))
	? join(root, "node_modules/node/bin/node")
	: process.execPath;
const scoresFile = join(root, "bench/mutation-scores.json");
const tableFile = join(root, "bench/MUTATION.md");
/** Hand-written notes appended to the table. */
const notesFile = join(root, "bench/mutation-notes.md");

interface Mutant {
	mutatorName: string;
	replacement?: string;
	status: string;
	statusReason?: string;
	location: { start: { line: number; column: number } };
}

/** What bench/MUTATION.md shows of one target's last run. */
export interface TargetScore {
	name: string;
	goal: number;
	date: string;
	seconds: number;
	killed: number;
	timeout: number;
	survived: number;
	noCoverage: number;
	errors: number;
	ignored: number;
	/** (killed + timeout) / (killed + timeout + survived + no coverage), percent. */
	score: number;
	survivors: string[];
	equivalent: string[];
}

const { values } = parseArgs({
	options: {
		only: { type: "string" },
		force: { type: "boolean", default: false },
		concurrency: { type: "string" },
		/** Rewrite bench/MUTATION.md from the recorded scores without running Stryker. */
		"table-only": { type: "boolean", default: false },
	},
});
const only = values.only?.split(",").map((name) => name.trim());
/** Targets in the order `--only` names them, so the most wanted run first. */
const selected = only
	? only.flatMap((name) => mutationTargets.filter((target) => target.name === name))
	: mutationTargets;
if (only && selected.length !== only.length) {
	const names = mutationTargets.map((target) => target.name).join(", ");
	throw new Error(`--only names unknown targets. Targets: ${names}.`);
}

mkdirSync(reportsDir, { recursive: true });
const readScores = (): Record<string, TargetScore> =>
	existsSync(scoresFile) ? JSON.parse(readFileSync(scoresFile, "utf8")) : {};
if (values["table-only"]) writeFileSync(tableFile, formatTable(readScores()));
for (const target of values["table-only"] ? [] : selected) {
	const score = runTarget(target);
	// Read again: another run (of other targets) may have written its rows meanwhile.
	const scores = { ...readScores(), [target.name]: score };
	writeFileSync(scoresFile, `${JSON.stringify(scores, null, "\t")}\n`);
	// As the repository formats JSON (`biome ci` checks it).
	spawnSync(join(root, "node_modules/.bin/biome"), ["format", "--write", scoresFile], {
		cwd: root,
	});
	writeFileSync(tableFile, formatTable(scores));
}

/**
 * Stryker runs the tests in a sandbox under .stryker-tmp, where `../shared` (the fixtures beside
 * the project) is .stryker-tmp/shared: a link there lets the fixture tests run too.
 */
function linkShared(): void {
	const shared = join(root, "../shared");
	const link = join(root, ".stryker-tmp/shared");
	if (!existsSync(shared) || existsSync(link)) return;
	mkdirSync(join(root, ".stryker-tmp"), { recursive: true });
	symlinkSync(shared, link);
}

function runTarget(target: MutationTarget): TargetScore {
	linkShared();
	const slug = target.name.replace(/[^a-z0-9]+/gi, "-").replace(/^-|-$/g, "");
	const jsonReport = join(reportsDir, `${slug}.json`);
	const config = {
		$schema: "../../node_modules/@stryker-mutator/core/schema/stryker-schema.json",
		// The tap runner runs each test file as its own `node` process (Node 24: see `env`
		// below) with Stryker's hook, and reads node:test's TAP output. The code is built once
		// with every mutant in it, switched on by an environment variable, and per-test
		// coverage runs against each mutant only the test files that reach it.
		testRunner: "tap",
		tap: {
			testFiles: target.tests,
			nodeArgs: [
				"-r",
				"{{hookFile}}",
				"--conditions=crewkit-source",
				"--test-reporter=tap",
				"{{testFile}}",
			],
			forceBail: true,
		},
		coverageAnalysis: "perTest",
		concurrency: values.concurrency ? Number(values.concurrency) : 1,
		mutate: target.mutate,
		incremental: true,
		incrementalFile: join(incrementalDir, `${slug}.json`),
		force: values.force,
		reporters: ["html", "json", "clear-text", "progress"],
		htmlReporter: { fileName: join(reportsDir, `${slug}.html`) },
		jsonReporter: { fileName: jsonReport },
		clearTextReporter: { reportTests: false, reportScoreTable: true },
		tempDirName: ".stryker-tmp",
		ignorePatterns: [
			"reports",
			"test-artifacts",
			".crewkit",
			"bench/peers",
			"bench/.results",
			"bench/mutation-incremental",
			".stryker-tmp",
		],
		timeoutMS: target.timeoutMS ?? 20_000,
	};
	const configFile = join(reportsDir, `${slug}.config.json`);
	writeFileSync(configFile, JSON.stringify(config, null, "\t"));
	const started = performance.now();
	const stryker = join(root, "node_modules/@stryker-mutator/core/bin/stryker.js");
	const result = spawnSync(node24, [stryker, "run", configFile], {
		cwd: root,
		stdio: "inherit",
		// The tap runner starts `node` from the PATH: Node 24 first.
		env: { ...process.env, PATH: `${dirname(node24)}${delimiter}${process.env.PATH}` },
	});
	if (result.status !== 0) throw new Error(`Stryker failed on ${target.name}.`);
	const seconds = Math.round((performance.now() - started) / 1000);
	const report = JSON.parse(readFileSync(jsonReport, "utf8")) as {
		files: Record<string, { mutants: Mutant[] }>;
	};
	// Stryker's incremental report keeps files the target no longer mutates (a glob that
	// took in test files, say): only the target's own files count.
	const included = target.mutate.filter((glob) => !glob.startsWith("!"));
	const excluded = target.mutate
		.filter((glob) => glob.startsWith("!"))
		.map((glob) => glob.slice(1));
	const files = Object.fromEntries(
		Object.entries(report.files).filter(
			([file]) =>
				included.some((glob) => matchesGlob(file, glob)) &&
				!excluded.some((glob) => matchesGlob(file, glob)),
		),
	);
	const count = (status: string) =>
		Object.values(files).reduce(
			(sum, file) => sum + file.mutants.filter((mutant) => mutant.status === status).length,
			0,
		);
	const describe = (status: string, withReason: boolean) =>
		Object.entries(files).flatMap(([file, { mutants }]) =>
			mutants
				.filter((mutant) => mutant.status === status)
				.map(
					(mutant) =>
						`${file}:${mutant.location.start.line} ${mutant.mutatorName}` +
						(withReason
							? ` — ${mutant.statusReason ?? "no reason given"}`
							: ` → ${JSON.stringify(mutant.replacement ?? "").slice(0, 80)}`),
				),
		);
	const killed = count("Killed");
	const timeout = count("Timeout");
	const survived = count("Survived");
	const noCoverage = count("NoCoverage");
	const valid = killed + timeout + survived + noCoverage;
	return {
		name: target.name,
		goal: target.goal,
		date: new Date().toISOString().slice(0, 10),
		seconds,
		killed,
		timeout,
		survived,
		noCoverage,
		errors: count("CompileError") + count("RuntimeError"),
		ignored: count("Ignored"),
		score: valid ? Math.round(((killed + timeout) / valid) * 1000) / 10 : 100,
		survivors: [...describe("Survived", false), ...describe("NoCoverage", false)],
		equivalent: describe("Ignored", true),
	};
}

function formatTable(all: Record<string, TargetScore>): string {
	const rows = mutationTargets.flatMap((target) => {
		const score = all[target.name];
		if (!score) return [`| ${target.name} | not run yet | | | | | ≥ ${target.goal} % | |`];
		const reached = score.score >= score.goal ? "yes" : "**no**";
		return [
			`| ${score.name} | ${score.score} % | ${score.killed + score.timeout} | ${score.survived + score.noCoverage} | ${score.ignored} | ${score.seconds} s | ≥ ${score.goal} % ${reached} | ${score.date} |`,
		];
	});
	const lists = mutationTargets.flatMap((target) => {
		const score = all[target.name];
		if (!score || (score.survivors.length === 0 && score.equivalent.length === 0)) return [];
		return [
			`### ${target.name}`,
			"",
			...(score.survivors.length
				? ["Surviving mutants:", "", ...score.survivors.map((line) => `- \`${line}\``), ""]
				: []),
			...(score.equivalent.length
				? [
						"Equivalent mutants (disabled in the code, with the reason):",
						"",
						...score.equivalent.map((line) => `- ${line}`),
						"",
					]
				: []),
		];
	});
	return [
		"# Mutation testing",
		"",
		"StrykerJS changes crewkit's core one small bug at a time and runs the tests of the",
		"changed code against each; a mutant no test notices *survives*. Written by",
		'`npm run mutation` (`node bench/mutation.ts`; `--only "src/usage.ts,redaction"` runs',
		"some targets, others keep their last row). Incremental: a re-run tests only what",
		"changed. HTML reports: `reports/mutation/<target>.html`. Targets and the tests run",
		"against each: `bench/mutation-targets.ts`.",
		"",
		"Score = (killed + timed out) / (killed + timed out + survived + not covered).",
		"",
		"| target | score | killed | survived | equivalent | time | goal | date |",
		"|---|---|---|---|---|---|---|---|",
		...rows,
		"",
		...lists,
		...(existsSync(notesFile) ? [readFileSync(notesFile, "utf8").trim(), ""] : []),
	].join("\n");
}
