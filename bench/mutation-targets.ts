/**
 * What `npm run mutation` mutates, folder by folder, and the tests it runs against each
 * mutant: the unit tests of that code and of its direct users. Tests that start `crewkit`
 * in a child process are left out: Stryker's coverage does not see what a child process
 * runs, so those tests would never be chosen for a mutant anyway.
 */
export interface MutationTarget {
	/** Row name in bench/MUTATION.md. */
	name: string;
	/** Files to mutate (globs; `!` excludes). */
	mutate: string[];
	/** Test files run against every mutant. */
	tests: string[];
	/** The score this target should reach, in percent. */
	goal: number;
	/**
	 * Stryker's slack over a test file's own time before a mutant counts as timed out
	 * (default 20 s, for a loaded machine).
	 */
	timeoutMS?: number;
}

const notTests = "!src/**/*.test.ts";

// Every report file has unit tests of its own in src/report. The research tests also run
// this code, but through whole pipelines, which made each mutant take seconds (Stryker
// projected over two hours for the support target alone): they are left out, so a report score counts
// only what the report tests catch (it can only be lower).
const reportTests = ["src/report/*.test.ts"];

export const mutationTargets: MutationTarget[] = [
	{
		name: "src/usage.ts",
		mutate: ["src/usage.ts"],
		tests: ["src/usage.test.ts", "src/crew/crew.test.ts"],
		goal: 80,
	},
	{
		name: "src/write-file-atomic.ts",
		mutate: ["src/write-file-atomic.ts"],
		tests: ["src/write-file-atomic.test.ts"],
		goal: 90,
	},
	{
		name: "redaction",
		mutate: ["src/store/redact-secrets.ts"],
		tests: ["src/store/redact-secrets.test.ts", "src/store/sqlite-store.test.ts"],
		goal: 90,
	},
	{
		name: "src/report: citations and structure",
		mutate: [
			"src/report/parse-citations.ts",
			"src/report/parse-source-list.ts",
			"src/report/measure-citations.ts",
			"src/report/find-report-parts.ts",
			"src/report/scan-markdown.ts",
			"src/report/check-section-numbers.ts",
			"src/report/check-report.ts",
			"src/report/report-*.ts",
			notTests,
		],
		tests: reportTests,
		goal: 90,
	},
	{
		name: "src/report: support and coverage measures",
		mutate: [
			"src/report/**/*.ts",
			notTests,
			"!src/report/evaluation-fixtures.ts",
			"!src/report/parse-citations.ts",
			"!src/report/parse-source-list.ts",
			"!src/report/measure-citations.ts",
			"!src/report/find-report-parts.ts",
			"!src/report/scan-markdown.ts",
			"!src/report/check-section-numbers.ts",
			"!src/report/check-report.ts",
			"!src/report/report-*.ts",
		],
		tests: reportTests,
		goal: 90,
	},
	{
		name: "src/research: verification and report assembly",
		mutate: [
			"src/research/verify-report.ts",
			"src/research/assemble-report.ts",
			"src/research/research-snapshot.ts",
		],
		tests: ["src/research/*.test.ts"],
		goal: 90,
	},
	{
		name: "src/research: outline and writing and prompts",
		mutate: [
			"src/research/**/*.ts",
			notTests,
			"!src/research/verify-report.ts",
			"!src/research/assemble-report.ts",
			"!src/research/research-snapshot.ts",
		],
		tests: ["src/research/*.test.ts"],
		goal: 90,
	},
	{
		name: "src/crew",
		mutate: ["src/crew/**/*.ts", notTests],
		// Memory, knowledge and MCP servers are opened by runCrew: their tests run crews in-process.
		tests: [
			"src/crew/*.test.ts",
			"src/store/sqlite-store.test.ts",
			"test/memory.test.ts",
			"test/knowledge.test.ts",
			"test/mcp-tools.test.ts",
		],
		goal: 90,
	},
	{
		name: "src/store",
		mutate: ["src/store/**/*.ts", notTests, "!src/store/redact-secrets.ts"],
		tests: ["src/store/*.test.ts"],
		goal: 90,
	},
	{
		name: "src/tools",
		mutate: ["src/tools/**/*.ts", notTests, "src/path-inside.ts"],
		tests: ["src/tools/**/*.test.ts", "src/path-inside.test.ts"],
		goal: 80,
	},
	{
		name: "src/config",
		mutate: ["src/config/**/*.ts", notTests],
		tests: ["src/config/*.test.ts"],
		goal: 80,
	},
	{
		name: "src/models: retry and resolve and record-replay",
		mutate: [
			"src/models/retry-policy.ts",
			"src/models/rate-limiter.ts",
			"src/models/resolve-model.ts",
			"src/models/record-model.ts",
			"src/models/replay-model.ts",
			"src/models/recording.ts",
		],
		tests: [
			"src/models/retry-policy.test.ts",
			"src/models/rate-limiter.test.ts",
			"src/models/resolve-model.test.ts",
			"src/models/record-replay.test.ts",
		],
		goal: 80,
	},
	{
		name: "src/queue",
		mutate: ["src/queue/**/*.ts", notTests],
		tests: ["src/queue/*.test.ts"],
		goal: 80,
		// A queue mutant that loses a job leaves its test waiting on Redis until Stryker
		// gives up: about a fifth of them did, 30 s each at the default, which made the run
		// four hours. 5 s over a file's own time (1.5 × its measured time) is still far
		// beyond the slowest of these tests.
		timeoutMS: 5_000,
	},
];
