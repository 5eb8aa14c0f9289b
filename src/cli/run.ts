import { basename, resolve } from "node:path";
import { parseArgs } from "node:util";
import { loadCrewYaml } from "../config/load-crew-yaml.ts";
import type { KickoffInputs } from "../crew/crew.ts";
import { ConfigError } from "../errors.ts";
import { defaultModelSpec, parseModelString } from "../models/resolve-model.ts";
import { researchCrewDir } from "../service/define-run.ts";
import type { RunDefinition } from "../service/run-definition.ts";
import { executeCliRun, openCliStore } from "./cli-run.ts";
import type { Command } from "./main.ts";
import { parseCount } from "./parse-count.ts";


export const command: Command = {
	usage: `Usage: crewkit run [--topic "AI LLMs"] [options]

Runs a crew and writes its final answer to a file. Without --crew it runs
crewkit's research crew: a researcher lists the ten most relevant developments
of the topic for the year, an analyst expands each into a section of report.md.
The report's structure is checked; the analyst fixes a failing one (2 retries).
Every run is kept in the run store (see crewkit runs, show, resume, replay, log).

Options:
  --topic T          the topic (input {topic})
  --year Y           the current year (input {current_year}; default this year)
  --input k=v        any other input of the crew (repeatable)
  --model M          model string (default: CREWKIT_MODEL, else the embedded model):
                     openai:<id>, anthropic:<id>, google:<id>, ollama:<id>, vllm:<id>,
                     lmstudio:<id>, llamacpp:<id>, openrouter:<id>,
                     openai-compatible:<id>@<baseURL>, local:<file.gguf|hf:…>,
                     scripted:<replies.json>, replay:<calls.json>
  --crew DIR         a folder with agents.yaml and tasks.yaml (CrewAI format)
  --out FILE         where the final answer goes (default report.md)
  --record FILE      record every model call, for --model replay:FILE
  --sections N       numbered sections the report must have (default 10)
  --no-check         do not check the report's structure
  --threads N        threads of the embedded model (default: all cores)
  --store FILE       the run store (default .crewkit/runs.db, or CREWKIT_STORE)
  --quiet            print nothing but errors and the report's path
  --json             print a JSON summary on stdout
  --debug            print stack traces of errors`,

	async run(args, io) {
		const { values } = parseArgs({
			args,
			options: {
				topic: { type: "string" },
				year: { type: "string" },
				input: { type: "string", multiple: true },
				model: { type: "string" },
				crew: { type: "string" },
				out: { type: "string", default: "report.md" },
				record: { type: "string" },
				sections: { type: "string" },
				"no-check": { type: "boolean", default: false },
				threads: { type: "string" },
				store: { type: "string" },
				quiet: { type: "boolean", default: false },
				json: { type: "boolean", default: false },
			},
		});
		const model = values.model ?? io.env.CREWKIT_MODEL ?? defaultModelSpec;
		parseModelString(model);
		const inputs = collectInputs(values);
		const sections = values.sections === undefined ? 10 : parseCount(values.sections, "--sections");
		const threads =
			values.threads === undefined ? undefined : parseCount(values.threads, "--threads");
		const crewDir = values.crew ? resolve(io.cwd, values.crew) : researchCrewDir;
		const definition: RunDefinition = {
			kind: "yaml",
			crewName: values.crew ? basename(crewDir) : "research",
			crewDir,
			spec: await loadCrewYaml(crewDir),
			model,
			out: resolve(io.cwd, values.out),
			sections: values["no-check"] ? undefined : sections,
			workspace: io.cwd,
		};
		const store = openCliStore(io, values.store);
		try {
			return await executeCliRun(
				io,
				store,
				definition,
				{ type: "new", inputs },
				{
					quiet: values.quiet,
					json: values.json,
					record: values.record,
					threads,
				},
			);
		} finally {
			store.close();
		}
	},
};

function collectInputs(values: {
	topic?: string | undefined;
	year?: string | undefined;
	input?: string[] | undefined;
}): KickoffInputs {
	const inputs: KickoffInputs = {};
	for (const pair of values.input ?? []) {
		const equals = pair.indexOf("=");
		if (equals <= 0) throw new ConfigError(`--input takes key=value, got '${pair}'.`);
		inputs[pair.slice(0, equals)] = pair.slice(equals + 1);
	}
	if (values.topic !== undefined) {
		if (!values.topic.trim())
			throw new ConfigError('--topic is empty. Give a topic, e.g. --topic "AI LLMs".');
		inputs.topic = values.topic;
	}
	const year = values.year ?? String(new Date().getFullYear());
	if (!/^\d{4}$/.test(year))
		throw new ConfigError(`--year takes a four-digit year, got '${year}'.`);
	inputs.current_year = year;
	return inputs;
}
