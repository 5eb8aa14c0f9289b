import { resolve } from "node:path";
import { parseArgs } from "node:util";
import { collectPlaceholders, fillPlaceholders } from "../config/placeholders.ts";
import type { KickoffInputs } from "../crew/crew.ts";
import { formatCrewWarnings } from "../crewai/format-warnings.ts";
import { ConfigError } from "../errors.ts";
import { defaultModelSpec, parseModelString } from "../models/resolve-model.ts";
import { type ResearchStrategy, researchStrategies } from "../research/research-crew.ts";
import { chosenModelSettings } from "../service/apply-model-settings.ts";
import { flowDefinition, researchDefinition, yamlDefinition } from "../service/define-run.ts";
import type { RunDefinition, YamlRunDefinition } from "../service/run-definition.ts";
import { type SearchBackendName, searchBackendNames } from "../tools/web/index.ts";
import { executeCliRun } from "./cli-run.ts";
import { collectInputs } from "./collect-inputs.ts";
import type { Command } from "./command.ts";
import { approveCrewFolder } from "./decide-crew-trust.ts";
import { humanModeHelp, humanOptionsFor } from "./human-mode.ts";
import { parseCount } from "./parse-count.ts";
import { withRunStore } from "./with-run-store.ts";

export const command: Command = {
	usage: `Usage: crewkit run [--topic "AI LLMs"] [options]

Runs a crew and writes its final answer to a file. Without --crew it runs
crewkit's research crew: a researcher searches the web and --sources, reads, and
outlines the ten developments of the topic that matter most this year; an
analyst writes each as a section citing the passages read ([n], with a numbered
Sources list); a verification step checks every cited sentence against its
passage and revises or removes what is unsupported. A report that cannot be
grounded says so, and the command exits 1 unless --allow-ungrounded.
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
  --sources DIR      local documents (markdown, text, HTML, PDF) to search and cite
  --no-web           do not search or read the web
  --search NAME      web search backend: duckduckgo (default, keyless), searxng
                     (SEARXNG_URL), tavily (TAVILY_API_KEY), brave (BRAVE_API_KEY);
                     or CREWKIT_SEARCH
  --allow-private-network  let fetch_page read loopback and private addresses
  --allow-ungrounded exit 0 even when the report is not fully grounded
  --crew PATH        run another crew instead of the research crew: a folder with
                     agents.yaml + tasks.yaml, a CrewAI project (its root,
                     src/<package> or config folder; crew.py is read, never run),
                     or a crewkit project (crew.ts). What crewkit cannot apply is
                     listed once, before the run
  --review           before writing, show the outline's developments with their
                     sources: drop, reorder, rename or add developments and leave
                     sources out (on a terminal, or later with crewkit answer)
  --flow FILE[#name] run a flow (a module exporting defineFlow(…)); --input
                     fills its state; --model is the model of its crews
${humanModeHelp}
  --trust            allow, for this run, all the crew folder asks for: run its
                     crew.ts, start its MCP servers (command:, url: with headers),
                     give them every variable it declares (\${NAME}); without it
                     crewkit asks once on a terminal (then once per variable)
                     and records the answers for this folder and content
  --protect PATH     a workspace path the crew's file tools must not read or write
                     (repeatable; .git/, .crewkit/, .env and the crew's definition
                     files are always protected)
  --model-all        --model also replaces the models the crew's agents name
                     (always so for scripted: and replay: models)
  --out FILE         where the final answer goes too (default report.md; for
                     --crew, the final task's own output_file when it has one)
  --record FILE      record every model call, for --model replay:FILE
  --sections N       numbered sections the report must have (default 10)
  --check            check a --crew crew's final answer as a report (structure)
  --no-check         do not check the report's structure
  --threads N        threads of the embedded model (default: one per physical core, at most 8)
  --context N        the model's context window in tokens: the embedded model's
                     loaded context (default: as memory allows, up to 8,192), or
                     what a server model is configured with (default 4,096 for
                     Ollama, 8,192 for other servers); every prompt is sized to it
  --strategy S       how the research crew researches: pipeline (default; code
                     searches, reads and ranks, the model makes small bounded
                     calls: fits small models) or agent (one free tool loop)
  --rpm N            at most N model requests per minute per model (rate limits)
  --retries N        retries of a failing model call (default 4)
  --store FILE       the run store (default .crewkit/runs.db, or CREWKIT_STORE)
  --memory           remember task results between runs and recall them into
                     later runs' prompts (.crewkit/memory.db, or CREWKIT_MEMORY;
                     see crewkit memory)
  --otlp URL         send OpenTelemetry spans of the run to this OTLP/HTTP collector
                     (e.g. http://127.0.0.1:4318; default OTEL_EXPORTER_OTLP_ENDPOINT,
                     and no telemetry at all when neither is set)
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
				flow: { type: "string" },
				human: { type: "string" },
				review: { type: "boolean", default: false },
				out: { type: "string" },
				check: { type: "boolean", default: false },
				"model-all": { type: "boolean", default: false },
				record: { type: "string" },
				sections: { type: "string" },
				"no-check": { type: "boolean", default: false },
				threads: { type: "string" },
				context: { type: "string" },
				strategy: { type: "string" },
				rpm: { type: "string" },
				retries: { type: "string" },
				store: { type: "string" },
				quiet: { type: "boolean", default: false },
				json: { type: "boolean", default: false },
				sources: { type: "string" },
				"no-web": { type: "boolean", default: false },
				search: { type: "string" },
				"allow-private-network": { type: "boolean", default: false },
				"allow-ungrounded": { type: "boolean", default: false },
				memory: { type: "boolean", default: false },
				otlp: { type: "string" },
				trust: { type: "boolean", default: false },
				protect: { type: "string", multiple: true },
			},
		});
		const model = values.model ?? io.env.CREWKIT_MODEL ?? defaultModelSpec;
		parseModelString(model);
		const inputs = collectInputs(values);
		const sections = values.sections === undefined ? 10 : parseCount(values.sections, "--sections");
		const threads =
			values.threads === undefined ? undefined : parseCount(values.threads, "--threads");
		const contextSize =
			values.context === undefined ? undefined : parseCount(values.context, "--context");
		if (values.strategy !== undefined && !isStrategy(values.strategy)) {
			throw new ConfigError(
				`--strategy takes one of ${researchStrategies.join(", ")}, got '${values.strategy}'.`,
			);
		}
		const out = resolve(io.cwd, values.out ?? "report.md");
		let definition: RunDefinition;
		if (values.flow) {
			if (values.crew || values.sources || values.search) {
				throw new ConfigError("--flow runs a flow: --crew, --sources and --search do not apply.");
			}
			definition = await flowDefinition({
				reference: values.flow,
				cwd: io.cwd,
				model,
				out: values.out === undefined ? undefined : out,
			});
		} else if (values.crew) {
			if (values.sources || values.search) {
				throw new ConfigError(
					"--sources and --search apply to the research crew, not to --crew crews.",
				);
			}
			// Only the research crew's answer is a report by default; other crews ask with --check.
			const check = (values.check || values.sections !== undefined) && !values["no-check"];
			const crewDir = resolve(io.cwd, values.crew);
			// Before the definition is read: reading a crew.ts crew's shape imports (runs) it.
			await approveCrewFolder(io, crewDir, values.trust);
			definition = await yamlDefinition({
				crewDir,
				model,
				out,
				sections: check ? sections : undefined,
				workspace: io.cwd,
				...(values.protect ? { protect: values.protect } : {}),
				overrideAgentModels: values["model-all"] || /^(scripted|replay):/.test(model),
			});
			if (values.out === undefined) definition.out = finalOutputFile(definition, inputs) ?? out;
			io.err(formatCrewWarnings(definition.spec.warnings, io.cwd));
		} else {
			if (values.search && !isSearchBackendName(values.search)) {
				throw new ConfigError(
					`--search takes one of ${searchBackendNames.join(", ")}, got '${values.search}'.`,
				);
			}
			definition = await researchDefinition({
				model,
				out,
				sections,
				sources: values.sources === undefined ? undefined : resolve(io.cwd, values.sources),
				web: values["no-web"]
					? undefined
					: {
							backend: values.search as SearchBackendName | undefined,
							allowPrivateNetwork: values["allow-private-network"],
						},
				allowUngrounded: values["allow-ungrounded"],
				workspace: io.cwd,
				...(values.review ? { review: true } : {}),
				...(values.strategy ? { strategy: values.strategy as ResearchStrategy } : {}),
			});
		}
		// Kept with the run, so that its resume and replays use the same context and threads.
		definition.modelSettings = chosenModelSettings({ threads, contextSize });
		if (values.memory) {
			definition.memory = {
				path: resolve(io.cwd, io.env.CREWKIT_MEMORY ?? ".crewkit/memory.db"),
			};
		}
		const human = humanOptionsFor(io, values.human);
		return withRunStore(io, values.store, (store) =>
			executeCliRun(
				io,
				store,
				definition,
				// A crew's default inputs (crew.jsonc `inputs`) give way to the run's.
				{
					type: "new",
					inputs: { ...(definition.kind === "yaml" ? definition.spec.inputs : {}), ...inputs },
				},
				{
					quiet: values.quiet,
					json: values.json,
					record: values.record,
					threads,
					contextSize,
					otlp: values.otlp,
					human: human.human,
					trust: values.trust,
					reliability: {
						...(values.rpm === undefined
							? {}
							: { requestsPerMinute: parseCount(values.rpm, "--rpm") }),
						...(values.retries === undefined
							? {}
							: { retry: { maxRetries: parseRetries(values.retries) } }),
					},
				},
			),
		).finally(human.close);
	},
};

/** The final task's own output file, placeholders filled, when it declares one. */
function finalOutputFile(definition: YamlRunDefinition, inputs: KickoffInputs): string | undefined {
	const file = definition.spec.tasks.at(-1)?.outputFile;
	if (!file) return undefined;
	const values = { ...definition.spec.inputs, ...inputs };
	const missing = collectPlaceholders(file).some((name) => !Object.hasOwn(values, name));
	return missing
		? undefined
		: resolve(definition.workspace, fillPlaceholders(file, values, "output_file"));
}

function parseRetries(value: string): number {
	const number = Number(value);
	if (!Number.isInteger(number) || number < 0) {
		throw new ConfigError(`--retries takes a whole number of at least 0, got '${value}'.`);
	}
	return number;
}

const isStrategy = (name: string): name is ResearchStrategy =>
	(researchStrategies as readonly string[]).includes(name);

const isSearchBackendName = (name: string): name is SearchBackendName =>
	(searchBackendNames as readonly string[]).includes(name);
