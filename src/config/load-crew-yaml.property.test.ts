import assert from "node:assert/strict";
import { test } from "node:test";
import fc from "fast-check";
import { ConfigError } from "../errors.ts";
import { parseCrewYaml } from "./load-crew-yaml.ts";
import { collectPlaceholders, fillPlaceholders } from "./placeholders.ts";

// Properties: whatever the text, the loader and the placeholder filler either succeed or
// throw a ConfigError (with a message), never a TypeError, a RangeError or a yaml error.

const agentsYaml = `defaults: &defaults
  role: >
    {topic} Researcher
  goal: Find {topic}
  backstory: |
    Curious.
  tools: [search]
  max_iter: 3
researcher:
  <<: *defaults
  llm: ollama/qwen3
  verbose: true
analyst:
  role: "Analyst"
  goal: 'Write'
  backstory: Careful.
`;

const tasksYaml = `research_task:
  description: >
    Research {topic} in {current_year}.
  expected_output: Ten points.
  agent: researcher
report_task:
  description: 'Write {"json": 1}.'
  expected_output: A report.
  agent: analyst
  context: [research_task]
  output_file: report.md
  async_execution: false
`;

/** Fragments that change YAML structure when dropped into a file. */
const yamlFragments = [
	":",
	": ",
	"-",
	"- ",
	"  ",
	"\t",
	"\n",
	"#",
	"&a ",
	"*a",
	"<<: *defaults\n",
	"[",
	"]",
	"{",
	"}",
	",",
	'"',
	"'",
	">",
	"|",
	"?",
	"!!str ",
	"!!int ",
	"%YAML 1.1\n---\n",
	"---\n",
	"null",
	"~",
	"true",
	"1e999",
	"context: [",
	"agent: ",
	"expected_ouput: x\n",
	"\u0000",
	"\uFEFF",
];

const mutation = fc.record({
	kind: fc.constantFrom("insert", "delete", "replace", "duplicate-line", "swap-lines"),
	at: fc.nat(),
	length: fc.integer({ min: 1, max: 8 }),
	fragment: fc.oneof(fc.constantFrom(...yamlFragments), fc.string({ maxLength: 6 })),
});

type Mutation = typeof mutation extends fc.Arbitrary<infer Value> ? Value : never;

function mutate(text: string, mutations: Mutation[]): string {
	let result = text;
	for (const { kind, at, length, fragment } of mutations) {
		const position = result.length === 0 ? 0 : at % result.length;
		const lines = result.split("\n");
		const line = lines.length === 0 ? 0 : at % lines.length;
		if (kind === "insert") result = result.slice(0, position) + fragment + result.slice(position);
		if (kind === "delete") result = result.slice(0, position) + result.slice(position + length);
		if (kind === "replace") {
			result = result.slice(0, position) + fragment + result.slice(position + length);
		}
		if (kind === "duplicate-line") {
			lines.splice(line, 0, lines[line] ?? "");
			result = lines.join("\n");
		}
		if (kind === "swap-lines") {
			const other = (line + length) % lines.length;
			[lines[line], lines[other]] = [lines[other] ?? "", lines[line] ?? ""];
			result = lines.join("\n");
		}
	}
	return result;
}

function parsesOrConfigError(agents: string, tasks: string): void {
	try {
		parseCrewYaml({
			agents: { path: "agents.yaml", text: agents },
			tasks: { path: "tasks.yaml", text: tasks },
		});
	} catch (error) {
		if (!(error instanceof ConfigError)) throw error;
		assert.ok(error.message.length > 0);
	}
}

test("the unmutated files load", () => {
	const crew = parseCrewYaml({
		agents: { path: "agents.yaml", text: agentsYaml },
		tasks: { path: "tasks.yaml", text: tasksYaml },
	});
	assert.deepEqual(
		crew.agents.map((agent) => agent.name),
		["defaults", "researcher", "analyst"],
	);
});

test("parseCrewYaml throws nothing but ConfigError on arbitrary text", () => {
	fc.assert(
		fc.property(fc.string({ unit: "binary", maxLength: 300 }), fc.string(), (agents, tasks) => {
			parsesOrConfigError(agents, tasks);
			parsesOrConfigError(agentsYaml, agents);
			parsesOrConfigError(`${agentsYaml}${agents}`, `${tasksYaml}${tasks}`);
		}),
		{ numRuns: 500 },
	);
});

test("parseCrewYaml throws nothing but ConfigError on mutated crew files", () => {
	fc.assert(
		fc.property(
			fc.array(mutation, { minLength: 1, maxLength: 6 }),
			fc.array(mutation, { maxLength: 6 }),
			(agentMutations, taskMutations) => {
				parsesOrConfigError(mutate(agentsYaml, agentMutations), mutate(tasksYaml, taskMutations));
				parsesOrConfigError(agentsYaml, mutate(tasksYaml, agentMutations));
			},
		),
		{ numRuns: 2000 },
	);
});

const inputs = fc.dictionary(
	fc.oneof(fc.string(), fc.constantFrom("topic", "current_year", "a", "_", "release-date")),
	fc.oneof(fc.string(), fc.integer(), fc.double(), fc.boolean()),
);

test("fillPlaceholders throws nothing but ConfigError, and only for missing names", () => {
	const text = fc.oneof(
		fc.string(),
		fc
			.array(
				fc.oneof(fc.string(), fc.constantFrom("{", "}", "{topic}", "{a}", '{"a": 1}', "{{_}}")),
			)
			.map((parts) => parts.join("")),
	);
	fc.assert(
		fc.property(text, inputs, (template, values) => {
			try {
				fillPlaceholders(template, values, "the property test");
			} catch (error) {
				if (!(error instanceof ConfigError)) throw error;
			}
			const names = collectPlaceholders(template);
			const complete = Object.fromEntries(names.map((name) => [name, "x"]));
			const filled = fillPlaceholders(template, complete, "the property test");
			if (names.length === 0) assert.equal(filled, template);
		}),
		{ numRuns: 1000 },
	);
});
