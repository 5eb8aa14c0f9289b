import assert from "node:assert/strict";
import { test } from "node:test";
import { configErrorMessage } from "../../test/support/config-error-message.ts";
import { oneAgentYaml, parseCrewTexts } from "../../test/support/parse-crew-texts.ts";
import { parseYamlFile } from "./yaml-file.ts";

const agentsYaml = oneAgentYaml;
const parse = parseCrewTexts;

const parseFile = (text: string) => () => parseYamlFile({ path: "crew/x.yaml", text });

test("a YAML syntax error is reported where the parser finds it, with how to fix that kind", () => {
	const cases = [
		[
			"a:\n  b: 1\n c: 2\n",
			"crew/x.yaml:3:1: YAML syntax error: All mapping items must start at the same column. Check the indentation: fields of an entry are indented the same, with spaces.",
		],
		[
			"a:\n\tb: 1\n",
			"crew/x.yaml:2:1: YAML syntax error: Tabs are not allowed as indentation. Indent with spaces, not tabs.",
		],
		[
			"a: 1\n---\nb: 2\n",
			"crew/x.yaml:2:1: YAML syntax error: the file holds more than one YAML document. Keep one document per file: remove the '---' separator.",
		],
		[
			'a: "open\n',
			'crew/x.yaml:2:1: YAML syntax error: Missing closing "quote. Close the quote or bracket that starts here.',
		],
		[
			"a\nb: 1\n",
			"crew/x.yaml:1:1: YAML syntax error: Implicit keys need to be on a single line. A key must fit on one line; use '>' for long text values.",
		],
		[
			"a: b: c\n",
			"crew/x.yaml:1:4: YAML syntax error: Nested mappings are not allowed in compact mappings. Quote text that contains ': ', or write it as a '>' block.",
		],
		// Errors of kinds with no hint: the parser's message alone, ending in one full stop.
		[
			"a: !<!> b\n",
			"crew/x.yaml:1:4: YAML syntax error: Verbatim tags aren't resolved, so !<!> is invalid.",
		],
		[
			"a: ]\n",
			'crew/x.yaml:1:4: YAML syntax error: Unexpected flow-seq-end token in YAML stream: "]".',
		],
	];
	for (const [text, message] of cases) {
		assert.equal(configErrorMessage(parseFile(text ?? "")), message, JSON.stringify(text));
	}
});

test("a file too large or nested too deeply is refused before it is parsed", () => {
	assert.equal(
		configErrorMessage(parseFile(`a: ${"x".repeat(1_000_000)}\n`)),
		"crew/x.yaml: The file has 1000004 characters, over the limit of 1000000 for a YAML file; crew definitions are small: check it is the right file.",
	);
	assert.equal(
		configErrorMessage(parseFile(`a: 1\nb: ${"[".repeat(101)}\n`)),
		"crew/x.yaml:2:1: Brackets are nested more than 100 levels deep; flatten the structure.",
	);
	const deepest = parseYamlFile({
		path: "crew/x.yaml",
		text: `a: ${"[".repeat(100)}${"]".repeat(100)}\n`,
	});
	assert.equal(deepest.name, "x.yaml");
	assert.deepEqual(deepest.document.errors, []);
});

test("keys are names: numbers and booleans as written, anything else refused", () => {
	const task = (name: string) =>
		`${name}:\n  description: D\n  expected_output: E\n  agent: researcher\n`;
	const crew = parse(agentsYaml, `${task("1")}${task("0x10")}${task("true")}`);
	assert.deepEqual(
		crew.tasks.map((entry) => entry.name),
		["1", "0x10", "true"],
	);
	assert.equal(
		configErrorMessage(() => parse(`? [a]\n: x\n${agentsYaml}`)),
		"crew/agents.yaml:1:3: Keys in agents.yaml must be plain names, found a list.",
	);
	assert.equal(
		configErrorMessage(() => parse(`~: x\n${agentsYaml}`)),
		"crew/agents.yaml:1:1: Keys in agents.yaml must be plain names, found a value of another kind.",
	);
	assert.equal(
		configErrorMessage(() => parse(`${agentsYaml}  ? { a: 1 }\n  : x\n`)),
		"crew/agents.yaml:5:5: Keys in agent 'researcher' must be plain names, found a mapping.",
	);
});

test("<< merges: the entry's own keys win, then earlier merged mappings over later ones", () => {
	const crew = parse(`researcher:
  role: Researcher
  goal: Find things
  backstory: Curious.
  config:
    first: &first { role: First, goal: First goal, tools: [search] }
    second: &second { role: Second, goal: Second goal, backstory: Second story, max_iter: 4 }
writer:
  <<: [*first, *second]
  goal: Own goal
editor:
  <<: *second
  role: Editor
`);
	assert.deepEqual(
		crew.agents.map(({ location: _, ...agent }) => agent),
		[
			{
				name: "researcher",
				role: "Researcher",
				goal: "Find things",
				backstory: "Curious.",
				tools: [],
			},
			{
				name: "writer",
				role: "First",
				goal: "Own goal",
				backstory: "Second story",
				tools: ["search"],
				maxIterations: 4,
			},
			{
				name: "editor",
				role: "Editor",
				goal: "Second goal",
				backstory: "Second story",
				tools: [],
				maxIterations: 4,
			},
		],
	);
});

test("a key the entry sets itself keeps its own place when a merge above it has it too", () => {
	const crew = parse(`researcher:
  role: Researcher
  goal: Find things
  backstory: Curious.
  config:
    defaults: &defaults { max_tokens: 5, step_callback: log }
writer:
  <<: *defaults
  role: Writer
  goal: Write
  backstory: Neat.
  multimodal: true
  max_tokens: 10
`);
	assert.deepEqual(
		crew.warnings?.map((warning) => [warning.what, warning.where]),
		[
			["agent 'writer': step_callback", "crew/agents.yaml:6:42"],
			["agent 'writer': multimodal", "crew/agents.yaml:12:3"],
			["agent 'writer': max_tokens", "crew/agents.yaml:13:3"],
		],
	);
});

test("a << merge of anything but a mapping, or of itself, is refused at the merge", () => {
	assert.equal(
		configErrorMessage(() => parse(`${agentsYaml}  <<: 3\n`)),
		"crew/agents.yaml:5:7: A '<<' merge in agent 'researcher' must name a mapping (<<: *defaults), found the number 3.",
	);
	assert.equal(
		configErrorMessage(() => parse(`${agentsYaml}  <<: [{ tools: [a] }, [b]]\n`)),
		"crew/agents.yaml:5:24: A '<<' merge in agent 'researcher' must name a mapping (<<: *defaults), found a list.",
	);
	assert.equal(
		configErrorMessage(() => parse(`${agentsYaml}  <<:\n`)),
		"crew/agents.yaml:5:3: A '<<' merge in agent 'researcher' must name a mapping (<<: *defaults), found nothing.",
	);
	assert.equal(
		configErrorMessage(() => parse("d: &d\n  role: R\n  goal: G\n  backstory: B\n  <<: *d\n")),
		"crew/agents.yaml:2:3: A '<<' merge in agent 'd' includes itself.",
	);
});

test("a mapping merged through many aliases is read once, so a merge bomb loads at once", () => {
	// Ten levels of ten merges each: 10^10 readings if each merge were read anew.
	const levels = ["    l0: &l0 { role: Deep, goal: Deep goal, backstory: Deep story }"];
	for (let level = 1; level <= 10; level++) {
		const merges = Array.from({ length: 10 }, () => `*l${level - 1}`).join(", ");
		levels.push(`    l${level}: &l${level} { <<: [${merges}] }`);
	}
	const crew = parse(
		`${agentsYaml}  config:\n${levels.join("\n")}\nwriter:\n  <<: *l10\n  max_tokens: *l10\n`,
	);
	assert.deepEqual(
		crew.agents.map((agent) => [agent.name, agent.role, agent.goal, agent.backstory]),
		[
			["researcher", "Researcher", "Find things", "Curious."],
			["writer", "Deep", "Deep goal", "Deep story"],
		],
	);
	assert.deepEqual(
		crew.warnings?.map((warning) => warning.what),
		["agent 'writer': max_tokens"],
	);
});

test("an alias bomb of lists is never expanded: a list where a name belongs is refused", () => {
	const levels = ['    l0: &l0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]'];
	for (let level = 1; level <= 9; level++) {
		const items = Array.from({ length: 9 }, () => `*l${level - 1}`).join(", ");
		levels.push(`    l${level}: &l${level} [${items}]`);
	}
	assert.equal(
		configErrorMessage(() => parse(`${agentsYaml}  config:\n${levels.join("\n")}\n  tools: *l9\n`)),
		"crew/agents.yaml:15:14: Each item of 'tools' of agent 'researcher' must be a name, e.g. tools: [search, fetch]; found a list.",
	);
});

test("messages name what a value holds, a long or multi-line text by its first 40 characters", () => {
	const goal = (value: string) => () =>
		parse(`researcher:\n  role: R\n  backstory: B\n  goal: ${value}\n`);
	const found = (value: string) =>
		configErrorMessage(goal(value)).replace(
			/^crew\/agents\.yaml:4:9: 'goal' of agent 'researcher' must be text, found (.*)\. Quote it, or use '>' for a long text\.$/,
			"$1",
		);
	assert.equal(found("42"), "the number 42");
	assert.equal(found("-2.5"), "the number -2.5");
	assert.equal(found("true"), "true");
	assert.equal(found("false"), "false");
	assert.equal(found("[a]"), "a list");
	assert.equal(found("{ a: 1 }"), "a mapping");
	assert.equal(
		configErrorMessage(goal("!!binary aGVsbG8=")),
		"crew/agents.yaml:4:18: 'goal' of agent 'researcher' must be text, found a value of another kind. Quote it, or use '>' for a long text.",
	);
	assert.equal(
		configErrorMessage(() => parse(`${agentsYaml}  max_iter: "${"a".repeat(40)}"\n`)),
		`crew/agents.yaml:5:13: 'max_iter' of agent 'researcher' must be a whole number of at least 1, found text '${"a".repeat(40)}'.`,
	);
	assert.equal(
		configErrorMessage(() => parse(`${agentsYaml}  max_iter: "${"a".repeat(41)}"\n`)),
		`crew/agents.yaml:5:13: 'max_iter' of agent 'researcher' must be a whole number of at least 1, found text '${"a".repeat(40)}…'.`,
	);
	assert.equal(
		configErrorMessage(() => parse(`${agentsYaml}  max_iter: |\n\n    first line\n    second\n`)),
		"crew/agents.yaml:5:13: 'max_iter' of agent 'researcher' must be a whole number of at least 1, found text 'first line'.",
	);
});

test("an alias names an anchor defined above it", () => {
	assert.equal(
		configErrorMessage(() => parse(agentsYaml.replace("role: Researcher", "role: *title"))),
		"crew/agents.yaml:2:9: The alias '*title' names no anchor: define '&title' above it, on the value to repeat.",
	);
	const crew = parse(`${agentsYaml.replace("role: Researcher", "role: &title Researcher")}writer:
  role: *title
  goal: Write
  backstory: Neat.
`);
	assert.deepEqual(
		crew.agents.map((agent) => agent.role),
		["Researcher", "Researcher"],
	);
});
