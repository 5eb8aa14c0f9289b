import { resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { buildCrew } from "../config/build-crew.ts";
import { loadCrewYaml } from "../config/load-crew-yaml.ts";
import type { KickoffInputs } from "../crew/crew.ts";
import { GuardrailError } from "../crew/run-crew.ts";
import type { Guardrail } from "../crew/task.ts";
import { writeOutputFile } from "../crew/write-output.ts";
import { ConfigError } from "../errors.ts";
import { createRecorder } from "../models/record-model.ts";
import { defaultModelSpec, parseModelString } from "../models/resolve-model.ts";
import { checkReport, formatReportProblems } from "../report/check-report.ts";
import type { CliIo } from "./io.ts";
import type { Command } from "./main.ts";
import { parseCount } from "./parse-count.ts";
import { createProgressView, formatTokens } from "./progress.ts";

/** The crew `crewkit run` uses when no --crew is given. */
export const researchCrewDir = fileURLToPath(new URL("../../crews/research/", import.meta.url));

export const command: Command = {
	usage: `Usage: crewkit run [--topic "AI LLMs"] [options]

Runs a crew and writes its final answer to a file. Without --crew it runs
crewkit's research crew: a researcher lists the ten most relevant developments
of the topic for the year, an analyst expands each into a section of report.md.
The report's structure is checked; the analyst fixes a failing one (2 retries).

Options:
  --topic T          the topic (input {topic})
  --year Y           the current year (input {current_year}; default ${new Date().getFullYear()})
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
				quiet: { type: "boolean", default: false },
				json: { type: "boolean", default: false },
			},
		});
		const modelSpec = values.model ?? io.env.CREWKIT_MODEL ?? defaultModelSpec;
		parseModelString(modelSpec);
		const inputs = collectInputs(values);
		const sections = values.sections === undefined ? 10 : parseCount(values.sections, "--sections");
		const threads =
			values.threads === undefined ? undefined : parseCount(values.threads, "--threads");
		const out = resolve(io.cwd, values.out);
		const crewDir = values.crew ? resolve(io.cwd, values.crew) : researchCrewDir;

		const spec = await loadCrewYaml(crewDir);
		const lastTask = spec.tasks.at(-1)?.name ?? "";
		const crew = buildCrew(spec, {
			name: values.crew ? (crewDir.split("/").at(-1) ?? "crew") : "research",
			guardrails: values["no-check"] ? {} : { [lastTask]: [reportStructure(sections)] },
		});
		const recorder = values.record ? createRecorder() : undefined;
		const progress = values.quiet || values.json ? undefined : createProgressView(io);
		try {
			const result = await crew.kickoff({
				inputs,
				model: modelSpec,
				outputFile: out,
				...(progress ? { onEvent: progress } : {}),
				...(recorder ? { wrapModel: recorder.wrap } : {}),
				modelOptions: {
					cwd: io.cwd,
					env: io.env,
					...(threads ? { threads } : {}),
					...(values.quiet || values.json ? {} : { onDownloadProgress: downloadProgress(io) }),
				},
			});
			if (values.json) {
				io.out(
					`${JSON.stringify(
						{
							runId: result.runId,
							report: out,
							usage: result.usage.total,
							tasks: result.tasks.map(({ task, agent, usage, durationMs }) => ({
								task,
								agent,
								usage,
								durationMs,
							})),
						},
						null,
						2,
					)}\n`,
				);
			} else {
				io.out(`${out}\n`);
				if (!values.quiet)
					io.err(`Report written to ${out} · ${formatTokens(result.usage.total)}\n`);
			}
			return 0;
		} catch (error) {
			if (error instanceof GuardrailError && error.output.task === lastTask) {
				await writeOutputFile(out, error.output.raw);
				io.err(`crewkit: warning: ${out} was written but fails its structure check:\n`);
				io.err(`${formatReportProblems(checkReport(error.output.raw, { sections }))}\n`);
				return 1;
			}
			throw error;
		} finally {
			if (recorder && values.record) await recorder.save(resolve(io.cwd, values.record));
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

/** The report check as a guardrail: problems go back to the analyst. */
function reportStructure(sections: number): Guardrail {
	return (output) => {
		const check = checkReport(output.raw, { sections });
		return check.ok
			? { ok: true }
			: { ok: false, reason: `the report's structure is wrong:\n${formatReportProblems(check)}` };
	};
}

function downloadProgress(io: CliIo): (downloaded: number, total: number) => void {
	let lastShown = -1;
	return (downloaded, total) => {
		const percent = total ? Math.floor((downloaded / total) * 100) : 0;
		if (percent === lastShown) return;
		lastShown = percent;
		const mb = (bytes: number) => (bytes / 1e6).toFixed(0);
		const bar = "█".repeat(Math.floor(percent / 4)).padEnd(25, "░");
		const line = `Downloading model ${bar} ${percent}% ${mb(downloaded)}/${mb(total)} MB`;
		if (io.interactive) io.err(`\r${line}${percent >= 100 ? "\n" : ""}`);
		else if (percent % 10 === 0) io.err(`${line}\n`);
	};
}
