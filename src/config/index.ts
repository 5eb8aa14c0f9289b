export type { AgentSpec, CrewSpec, TaskSpec } from "./crew-spec.ts";
export { loadCrewYaml, parseCrewYaml } from "./load-crew-yaml.ts";
export { collectPlaceholders, fillPlaceholders } from "./placeholders.ts";
export type { YamlSource } from "./yaml-file.ts";
