import assert from "node:assert/strict";
import { mkdir, mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { buildCrew } from "../src/config/build-crew.ts";
import { loadCrewYaml, parseCrewYaml } from "../src/config/load-crew-yaml.ts";
import { ConfigError } from "../src/errors.ts";
import { promptText } from "../src/models/count-tokens.ts";
import { createScriptedModel } from "../src/models/scripted-model.ts";
import { createSourceRegistry } from "../src/sources/source-registry.ts";

const agentsYaml = `historian:
  role: Historian
  goal: Answer questions about {country}
  backstory: Precise.
  knowledge:
    - ./docs
    - atlas.txt
`;
const tasksYaml = `capital_task:
  description: Name the capital of {country} and when it was founded.
  expected_output: One sentence
  agent: historian
`;

test("YAML agents take knowledge: paths relative to agents.yaml; their passages reach the prompt", async () => {
	const dir = await mkdtemp(join(tmpdir(), "crewkit-yaml-knowledge-"));
	await mkdir(join(dir, "docs"));
	await writeFile(join(dir, "agents.yaml"), agentsYaml);
	await writeFile(join(dir, "tasks.yaml"), tasksYaml);
	await writeFile(join(dir, "docs/founding.md"), "# Founding\n\nLutz was founded in 1932.\n");
	await writeFile(join(dir, "atlas.txt"), "Zubrowka lies in the mountains; its capital is Lutz.\n");
	const spec = await loadCrewYaml(dir);
	assert.deepEqual(spec.agents[0]?.knowledge, [join(dir, "docs"), join(dir, "atlas.txt")]);

	const model = createScriptedModel({ replies: ["Lutz, 1932 [1]."] });
	const registry = createSourceRegistry();
	await buildCrew(spec, { model }).kickoff({
		inputs: { country: "Zubrowka" },
		knowledge: { baseFolder: dir, registry },
	});
	const prompt = promptText(model.calls[0]?.prompt ?? []);
	assert.match(prompt, /<source id="\d" file="docs\/founding\.md" location="Founding">/);
	assert.match(prompt, /<source id="\d" file="atlas\.txt" location="line 1">/);
	assert.deepEqual(
		registry
			.sources()
			.map((source) => (source.origin.type === "file" ? source.origin.path : ""))
			.sort(),
		["atlas.txt", "docs/founding.md"],
	);
});

test("a knowledge: that is not a list of paths is an error at its line", () => {
	assert.throws(
		() =>
			parseCrewYaml({
				agents: {
					path: "crew/agents.yaml",
					text: "historian:\n  role: R\n  goal: G\n  backstory: B\n  knowledge: ./docs\n",
				},
				tasks: { path: "crew/tasks.yaml", text: tasksYaml },
			}),
		(error: unknown) =>
			error instanceof ConfigError &&
			/crew\/agents\.yaml:5:14: 'knowledge' of agent 'historian' must be a list/.test(
				error.message,
			),
	);
});
