import { stat } from "node:fs/promises";
import { basename, join } from "node:path";
import { loadCrewYaml } from "../config/load-crew-yaml.ts";
import type { Crew } from "../crew/crew.ts";
import { buildRunCrew, importCrewModule } from "../service/run-definition.ts";

/** A crew to test, and what to release afterwards. */
export interface TestCrew {
	crew: Crew;
	/** Where it came from: "crew.ts" or "YAML". */
	source: "crew.ts" | "YAML";
	/** Inputs crew.ts declares (`export const defaultInputs`), used unless given others. */
	defaultInputs: Record<string, string>;
	dispose(): void;
}

/**
 * The crew of a folder: its `crew.ts` when it has one (a project made by `crewkit create`:
 * `createCrew()`, or a default export of a crew or a function making one), else its YAML
 * files, built as `crewkit run --crew` builds them (file tools confined to `workspace`).
 * @throws ConfigError when the folder holds neither, or crew.ts exports no crew.
 */
export async function loadTestCrew(folder: string, workspace: string): Promise<TestCrew> {
	const crewFile = join(folder, "crew.ts");
	if (
		await stat(crewFile).then(
			(info) => info.isFile(),
			() => false,
		)
	) {
		const { crew, exports } = await importCrewModule(crewFile);
		const declared = exports.defaultInputs;
		const defaultInputs =
			typeof declared === "object" && declared !== null
				? Object.fromEntries(Object.entries(declared).map(([key, value]) => [key, String(value)]))
				: {};
		return { crew, source: "crew.ts", defaultInputs, dispose: () => {} };
	}
	const spec = await loadCrewYaml(folder);
	const built = await buildRunCrew({
		kind: "yaml",
		crewName: basename(folder),
		crewDir: folder,
		spec,
		model: "",
		out: join(workspace, "report.md"),
		sections: undefined,
		workspace,
	});
	return { crew: built.crew, source: "YAML", defaultInputs: {}, dispose: built.dispose };
}
