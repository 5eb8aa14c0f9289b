import { CrewkitError } from "../errors.ts";
import { createRedactor } from "../store/redact-secrets.ts";
import type { Command } from "./command.ts";
import { type CliIo, processIo } from "./io.ts";

/** The commands, each in its own file, imported only when used so start-up stays fast. */
const commands = {
	run: {
		summary: "Run a crew (the research crew by default) and write its report",
		load: () => import("./run.ts"),
	},
	check: { summary: "Check a report's structure", load: () => import("./check.ts") },
	eval: {
		summary: "Measure a report: citations, support, redundancy, coverage",
		load: () => import("./eval.ts"),
	},
	runs: { summary: "List the runs in the run store", load: () => import("./runs.ts") },
	show: { summary: "Show a run: tasks, outputs, usage, cost", load: () => import("./show.ts") },
	resume: {
		summary: "Continue an interrupted run where it stopped",
		load: () => import("./resume.ts"),
	},
	replay: {
		summary: "Run a stored run again from one of its tasks",
		load: () => import("./replay.ts"),
	},
	log: { summary: "Print every model and tool call of a run", load: () => import("./log.ts") },
	answer: {
		summary: "Answer a run that waits for a person, and continue it",
		load: () => import("./answer.ts"),
	},
	flow: { summary: "Draw a flow: crewkit flow plot ./flow.ts", load: () => import("./flow.ts") },
	export: {
		summary: "Export a report as HTML, PDF or DOCX",
		load: () => import("./export.ts"),
	},
	trust: {
		summary: "Show or change what a crew folder is allowed to run and read",
		load: () => import("./trust.ts"),
	},
	serve: { summary: "Start the dashboard and its HTTP API", load: () => import("./serve.ts") },
	worker: { summary: "Execute queued runs (BullMQ on Redis)", load: () => import("./worker.ts") },
	enqueue: { summary: "Put a run on the queue on Redis", load: () => import("./enqueue.ts") },
	models: {
		summary: "List the embedded models, which one this machine runs, and download them",
		load: () => import("./models.ts"),
	},
	memory: {
		summary: "List, search, forget or reset what crews remember between runs",
		load: () => import("./memory.ts"),
	},
	create: {
		summary: "Create a crew project: YAML agents and tasks, a custom tool, a test",
		load: () => import("./create.ts"),
	},
	test: {
		summary: "Run a crew N times and score each task's answers (mean and spread)",
		load: () => import("./test.ts"),
	},
	import: {
		summary: "Convert a CrewAI project into a crewkit project, with a test",
		load: () => import("./import.ts"),
	},
} as const satisfies Record<string, { summary: string; load: () => Promise<{ command: Command }> }>;

export const mainUsage = `crewkit — crews of AI agents that research and write grounded reports

Usage: crewkit <command> [options]

Commands:
${Object.entries(commands)
	.map(([name, { summary }]) => `  ${name.padEnd(8)} ${summary}`)
	.join("\n")}

Run 'crewkit <command> --help' for a command's options.
Example: crewkit run --topic "AI LLMs"`;

/** Runs the CLI; resolves with the exit code. Errors are one clean line; stacks only with --debug. */
export async function main(argv: string[], io: CliIo = processIo()): Promise<number> {
	const [name, ...args] = argv;
	const debug = args.includes("--debug");
	if (!name || name === "--help" || name === "-h" || name === "help") {
		io.out(`${mainUsage}\n`);
		return name ? 0 : 1;
	}
	if (name === "--version" || name === "-v") {
		io.out("crewkit 0.1.0\n");
		return 0;
	}
	const entry = commands[name as keyof typeof commands];
	if (!entry) {
		io.err(
			`crewkit: unknown command '${name}'. Commands: ${Object.keys(commands).join(", ")}. See crewkit --help.\n`,
		);
		return 2;
	}
	try {
		const { command } = await entry.load();
		if (args.includes("--help") || args.includes("-h")) {
			io.out(`${command.usage}\n`);
			return 0;
		}
		return await command.run(
			args.filter((arg) => arg !== "--debug"),
			io,
		);
	} catch (error) {
		const redact = createRedactor(io.env);
		io.err(`crewkit: ${redact(describeError(error))}\n`);
		if (debug && error instanceof Error && error.stack) io.err(`${redact(error.stack)}\n`);
		return 1;
	}
}

function describeError(error: unknown): string {
	if (error instanceof CrewkitError) return error.message.replace(/\n\s*/g, " ");
	if (error instanceof Error && (error as { code?: string }).code?.startsWith("ERR_PARSE_ARGS")) {
		return `${error.message}. See --help.`;
	}
	const message = error instanceof Error ? error.message : String(error);
	return `unexpected error: ${message} (run again with --debug for details)`;
}
