import { resolve } from "node:path";
import { parseArgs } from "node:util";
import { ConfigError } from "../errors.ts";
import { findCrewkitPackage } from "../scaffold/crewkit-package.ts";
import { scaffoldProject } from "../scaffold/scaffold-project.ts";
import type { Command } from "./command.ts";
import { approveWrittenCrew } from "./decide-crew-trust.ts";

export const command: Command = {
	usage: `Usage: crewkit create <name> [--dir DIR]

Creates a crew project in ./<name>: two agents (agents.yaml) and their tasks
(tasks.yaml), a custom tool with a zod schema (src/tools/search-notes.ts), crew.ts
that loads the YAML and attaches the tool, a test that runs the whole crew on
recorded model calls (no model or key needed), and a README.

Run from a crewkit checkout, the project depends on it by a file: link and runs
the checkout's TypeScript sources (the crewkit-source export condition, no build);
otherwise on the published crewkit. Its npm scripts run on Node 24 (the 'node' dev
dependency), whatever Node runs npm.

Options:
  --dir DIR   create the project in DIR instead of ./<name>`,

	async run(args, io) {
		const { values, positionals } = parseArgs({
			args,
			allowPositionals: true,
			options: { dir: { type: "string" } },
		});
		const [name] = positionals;
		if (!name || positionals.length > 1) {
			throw new ConfigError("create takes one project name: crewkit create my-crew");
		}
		const folder = resolve(io.cwd, values.dir ?? name);
		const crewkit = await findCrewkitPackage();
		const files = await scaffoldProject({ name, folder, crewkit });
		// You asked for this crew.ts: crewkit run --crew and crewkit test run it without asking
		// until its definition files change.
		const approvals = await approveWrittenCrew(io, folder);
		io.out(`Created ${folder}\n`);
		for (const file of files) io.out(`  ${file}\n`);
		io.err(`crewkit: its crew.ts is approved to run (recorded in ${approvals})\n`);
		io.out(`
crewkit: ${crewkit.dependency}
Next:
  cd ${values.dir ?? name}
  npm install
  npm test                          # the crew on recorded model calls
  npm start -- "the Nimbus launch"  # on CREWKIT_MODEL, else the embedded model
`);
		return 0;
	},
};
