import { access } from "node:fs/promises";
import { pathToFileURL } from "node:url";
import { ConfigError } from "../errors.ts";
import { type Flow, isFlow } from "./flow.ts";

/**
 * The flow a TypeScript or JavaScript module exports: the export `exportName`, else the
 * default export, else its one exported flow.
 * @throws ConfigError when the file is missing or exports no such flow.
 */
export async function loadFlowFile(file: string, exportName?: string): Promise<Flow> {
	const missing = await access(file).then(
		() => false,
		() => true,
	);
	if (missing)
		throw new ConfigError(`There is no flow file '${file}'. Check the path after --flow.`);
	const module = (await import(pathToFileURL(file).href)) as Record<string, unknown>;
	if (exportName) {
		const named = module[exportName];
		if (isFlow(named)) return named;
		throw new ConfigError(
			`'${file}' exports no flow named '${exportName}'. Flows it exports: ${flowExports(module).join(", ") || "none"}.`,
		);
	}
	if (isFlow(module.default)) return module.default;
	const flows = flowExports(module);
	const [only] = flows;
	if (flows.length === 1 && only) return module[only] as Flow;
	throw new ConfigError(
		flows.length === 0
			? `'${file}' exports no flow: export one (export default defineFlow({ … })).`
			: `'${file}' exports several flows (${flows.join(", ")}): pick one with --flow ${file}#<name>.`,
	);
}

const flowExports = (module: Record<string, unknown>) =>
	Object.keys(module).filter((key) => key !== "default" && isFlow(module[key]));

/** Splits `--flow ./file.ts#name` into the file and the export's name. */
export function parseFlowReference(reference: string): { file: string; exportName?: string } {
	const hash = reference.lastIndexOf("#");
	if (hash <= 0) return { file: reference };
	return { file: reference.slice(0, hash), exportName: reference.slice(hash + 1) };
}
