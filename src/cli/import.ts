import { resolve } from "node:path";
import { parseArgs } from "node:util";
import { formatCrewWarnings } from "../crewai/format-warnings.ts";
import { importCrewaiProject } from "../crewai/import-crewai-project.ts";
import { ConfigError } from "../errors.ts";
import { findCrewkitPackage } from "../scaffold/crewkit-package.ts";
import type { Command } from "./command.ts";

export const command: Command = {
	usage: `Usage: crewkit import <crewai-project> <dest>

Converts a CrewAI project into a crewkit project in <dest>: agents.yaml and
tasks.yaml with crewkit's tool names and model strings, crew.ts with the tools,
the answer schemas (from the Pydantic classes) and the process, a test that runs
the crew on recorded model calls, and NOT-CONVERTED.md listing what could not be
converted. The CrewAI project may be its root, its src/<package> or config
folder, or a crew.jsonc project; crew.py is read, never run.`,

	async run(args, io) {
		const { positionals } = parseArgs({ args, allowPositionals: true, options: {} });
		const [source, destination] = positionals;
		if (!source || !destination || positionals.length > 2) {
			throw new ConfigError(
				"import takes a CrewAI project and a destination: crewkit import ./my_crew ./my-crew",
			);
		}
		const result = await importCrewaiProject(
			resolve(io.cwd, source),
			resolve(io.cwd, destination),
			await findCrewkitPackage(),
		);
		io.out(`Created ${result.folder}\n`);
		const notConverted = formatCrewWarnings(result.notConverted, io.cwd);
		io.out(
			notConverted
				? notConverted.replace(
						/^crewkit: warning: (\d+ parts?) of this crew (is|are) not applied:/,
						"Not converted ($1, also in NOT-CONVERTED.md):",
					)
				: "Everything was converted.\n",
		);
		io.out(`Next:\n  cd ${destination}\n  npm install\n  npm test\n`);
		return 0;
	},
};
