import { existsSync } from "node:fs";
import { isAbsolute, resolve } from "node:path";
import { parseArgs } from "node:util";
import { ConfigError } from "../errors.ts";
import {
	defaultModelSpec,
	parseModelString,
	type ResolvedModel,
	resolveModel,
} from "../models/resolve-model.ts";
import { formatTrials } from "../testing/format-trials.ts";
import { loadTestCrew } from "../testing/load-test-crew.ts";
import { runCrewTrials } from "../testing/run-crew-trials.ts";
import { collectInputs } from "./collect-inputs.ts";
import type { Command } from "./command.ts";
import { approveCrewFolder } from "./decide-crew-trust.ts";
import { parseCount } from "./parse-count.ts";

export const command: Command = {
	usage: `Usage: crewkit test <crew-dir> [-n N] [--model M] [--judge M] [--json]

Runs a crew N times and scores every task's answer in every run. An answer that
is a report (a '# ' title and '## 1.' sections) is scored by its structure,
citation coverage and validity, and redundancy between sections; any other by
being non-empty and its length in words; every answer by its tokens; and, with
--judge, by a model's grade from 1 to 10. Prints a table per task: a column per
run, then the mean and the spread (standard deviation). Exits 1 if a run fails.

The crew is <crew-dir>/crew.ts when there is one (exporting createCrew(), and
optionally defaultInputs, as 'crewkit create' writes it), else the YAML crew in
<crew-dir>. A model file named relative (replay:test/calls.json) is read from
<crew-dir> when it is there. A configuration error (a missing input, an unreadable
model file) stops before the runs and is printed once.

Options:
  -n, --runs N     how many runs (default 3)
  --model M        the model of agents that name none (default: CREWKIT_MODEL,
                   else the embedded model); replay:calls.json replays a recording
                   in every run, so its scores are the same every time
  --judge M        a model that grades each answer from 1 to 10
  --topic T        the topic (input {topic})
  --year Y         the current year (input {current_year}; default this year)
  --input k=v      any other input of the crew (repeatable)
  --sections N     numbered sections a report answer should have (default: as
                   many as it has)
  --trust          allow what the crew folder asks for (run its crew.ts, start
                   its MCP servers, give them the variables it declares) without
                   asking; without it crewkit asks once on a terminal and records
                   the answers, as crewkit run --crew does
  --otlp URL       send OpenTelemetry spans of the runs to this OTLP/HTTP collector
  --json           print the scores as JSON (for CI)`,

	async run(args, io) {
		const { values, positionals } = parseArgs({
			args,
			allowPositionals: true,
			options: {
				runs: { type: "string", short: "n" },
				model: { type: "string" },
				judge: { type: "string" },
				topic: { type: "string" },
				year: { type: "string" },
				input: { type: "string", multiple: true },
				sections: { type: "string" },
				otlp: { type: "string" },
				trust: { type: "boolean", default: false },
				json: { type: "boolean", default: false },
			},
		});
		const [dir] = positionals;
		if (!dir || positionals.length > 1) {
			throw new ConfigError("test takes one crew folder: crewkit test ./my-crew -n 3");
		}
		const runs = values.runs === undefined ? 3 : parseCount(values.runs, "--runs");
		const sections =
			values.sections === undefined ? undefined : parseCount(values.sections, "--sections");
		const modelSpec = values.model ?? io.env.CREWKIT_MODEL ?? defaultModelSpec;
		const { provider } = parseModelString(modelSpec);
		if (values.judge !== undefined) parseModelString(values.judge);
		const crewDir = resolve(io.cwd, dir);
		// Before the crew is loaded: loading a crew.ts runs it.
		const access = await approveCrewFolder(io, crewDir, values.trust);
		const { crew, defaultInputs, dispose } = await loadTestCrew(crewDir, io.cwd);
		const inputs = { ...defaultInputs, ...collectInputs(values) };
		const modelOptions = { cwd: io.cwd, env: io.env };
		// A recording or script named relative to the crew (replay:test/calls.json) is found there.
		const crewModelOptions = { ...modelOptions, cwd: modelFolder(modelSpec, crewDir, io.cwd) };

		const resolved: ResolvedModel[] = [];
		try {
			// Replayed and scripted models are read afresh for every run, so each run starts from
			// their first answer; any other model is loaded once for all the runs.
			const fresh = provider === "replay" || provider === "scripted";
			if (fresh) await (await resolveModel(modelSpec, crewModelOptions)).dispose();
			const model = fresh
				? modelSpec
				: await keep(resolveModel(modelSpec, crewModelOptions), resolved);
			const judge = values.judge
				? await keep(resolveModel(values.judge, modelOptions), resolved)
				: undefined;
			const trials = await runCrewTrials(crew, {
				runs,
				inputs,
				model,
				judge,
				sections,
				kickoff: {
					modelOptions: crewModelOptions,
					mcpEnv: access.env,
					...(access.allowed ? { mcpAllowedVariables: access.allowed } : {}),
					...(values.otlp ? { tracing: { endpoint: values.otlp } } : {}),
				},
				onRun: (run, error) => {
					if (values.json) return;
					io.err(
						`Run ${run}/${runs} ${error ? "failed (the error is listed with the scores)" : "done"}\n`,
					);
				},
			});
			if (values.json) {
				const summary = { ...trials, model: modelSpec, judge: values.judge ?? null };
				io.out(`${JSON.stringify(summary, null, 2)}\n`);
			} else {
				io.out(formatTrials(trials));
			}
			return trials.failures.length ? 1 : 0;
		} finally {
			dispose();
			await Promise.all(resolved.map((model) => model.dispose()));
		}
	},
};

/**
 * The folder a model string's relative file is read from: the crew's folder when the file
 * is there (`replay:test/calls.json` beside the crew), else the working folder.
 */
function modelFolder(spec: string, crewDir: string, cwd: string): string {
	const { provider, rest: name } = parseModelString(spec);
	const fileProviders = ["replay", "scripted", "local"];
	if (!fileProviders.includes(provider) || name.startsWith("hf:") || isAbsolute(name)) return cwd;
	return existsSync(resolve(crewDir, name)) && !existsSync(resolve(cwd, name)) ? crewDir : cwd;
}

/** Awaits a resolved model and keeps it to be disposed of at the end. */
async function keep(pending: Promise<ResolvedModel>, resolved: ResolvedModel[]) {
	const model = await pending;
	resolved.push(model);
	return model.model;
}
