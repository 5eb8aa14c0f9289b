import { resolve } from "node:path";
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
import { parseCount } from "./parse-count.ts";

export const command: Command = {
	usage: `Usage: crewkit test <crew-dir> [-n N] [--model M] [--judge M] [--json]

Runs a crew N times and scores every task's answer in every run. An answer that
is a report (a '# ' title and '## 1.' sections) is scored by its structure,
citation coverage and validity, and redundancy between sections; any other by
being non-empty and its length in words; every answer by its tokens; and, with
--judge, by a model's grade from 1 to 10. Prints a table per task: a column per
run, then the mean and the spread (standard deviation). Exits 1 if a run fails.

The crew is <crew-dir>/crew.ts when there is one (exporting createCrew(), as
'crewkit create' writes it), else the YAML crew in <crew-dir>.

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
		const inputs = collectInputs(values);
		const modelOptions = { cwd: io.cwd, env: io.env };

		const { crew, dispose } = await loadTestCrew(resolve(io.cwd, dir), io.cwd);
		const resolved: ResolvedModel[] = [];
		try {
			// Replayed and scripted models are read afresh for every run, so each run starts from
			// their first answer; any other model is loaded once for all the runs.
			const fresh = provider === "replay" || provider === "scripted";
			const model = fresh ? modelSpec : await keep(resolveModel(modelSpec, modelOptions), resolved);
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
					modelOptions,
					...(values.otlp ? { tracing: { endpoint: values.otlp } } : {}),
				},
				onRun: (run, error) => {
					if (values.json) return;
					io.err(`Run ${run}/${runs} ${error ? `failed: ${error.message}` : "done"}\n`);
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

/** Awaits a resolved model and keeps it to be disposed of at the end. */
async function keep(pending: Promise<ResolvedModel>, resolved: ResolvedModel[]) {
	const model = await pending;
	resolved.push(model);
	return model.model;
}
