import type { CrewSpec } from "./crew-spec.ts";

/**
 * Loads the YAML crew in `dir` (see `loadCrewYaml` in load-crew-yaml.ts). This is the one
 * the package's root entry exports: the YAML parser loads with the first crew it reads, not
 * with `import "crewkit"`. `crewkit/yaml` exports both `loadCrewYaml` and `parseCrewYaml`.
 */
export async function loadCrewYaml(dir: string): Promise<CrewSpec> {
	const { loadCrewYaml: load } = await import("./load-crew-yaml.ts");
	return load(dir);
}
