import { writeFile } from "node:fs/promises";
import { resolve } from "node:path";
import { parseArgs } from "node:util";
import { ConfigError } from "../errors.ts";
import { loadFlowFile, parseFlowReference } from "../flow/load-flow-file.ts";
import { plotFlowHtml, plotFlowMermaid } from "../flow/plot-flow.ts";
import type { Command } from "./command.ts";

export const command: Command = {
	usage: `Usage: crewkit flow plot <file.ts[#name]> [--out FILE] [--mermaid]

Draws a flow: its steps, what each listens to, routers and their labels, loops.
Writes a self-contained HTML page (no scripts, no network; default
<flow>.html), or Mermaid text with --mermaid (to stdout unless --out).

Run a flow with: crewkit run --flow <file.ts> [--input key=value]`,

	async run(args, io) {
		const { values, positionals } = parseArgs({
			args,
			allowPositionals: true,
			options: { out: { type: "string" }, mermaid: { type: "boolean", default: false } },
		});
		const [action, reference] = positionals;
		if (action !== "plot" || !reference) {
			throw new ConfigError(
				"flow takes: crewkit flow plot <file.ts[#name]> [--out FILE] [--mermaid]",
			);
		}
		const { file, exportName } = parseFlowReference(reference);
		const flow = await loadFlowFile(resolve(io.cwd, file), exportName);
		const graph = flow.graph();
		if (values.mermaid) {
			const text = await plotFlowMermaid(graph);
			if (!values.out) {
				io.out(text);
				return 0;
			}
			await writeFile(resolve(io.cwd, values.out), text);
			io.out(`${resolve(io.cwd, values.out)}\n`);
			return 0;
		}
		const out = resolve(io.cwd, values.out ?? `${flow.name}.html`);
		await writeFile(out, await plotFlowHtml(graph));
		io.out(`${out}\n`);
		return 0;
	},
};
