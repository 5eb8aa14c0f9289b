import type { CrewSpec } from "../../src/config/crew-spec.ts";
import { parseCrewYaml } from "../../src/config/load-crew-yaml.ts";

/** A one-agent agents.yaml (its entry on lines 1–4), for tests that add fields below it. */
export const oneAgentYaml =
	"researcher:\n  role: Researcher\n  goal: Find things\n  backstory: Curious.\n";

/** A one-task tasks.yaml for `oneAgentYaml` (its entry on lines 1–4). */
export const oneTaskYaml =
	"research_task:\n  description: Research.\n  expected_output: Notes.\n  agent: researcher\n";

/** Parses a crew from file texts, as if read from crew/agents.yaml and crew/tasks.yaml. */
export function parseCrewTexts(agents: string, tasks = oneTaskYaml): CrewSpec {
	return parseCrewYaml({
		agents: { path: "crew/agents.yaml", text: agents },
		tasks: { path: "crew/tasks.yaml", text: tasks },
	});
}
