import assert from "node:assert/strict";
import { resolve } from "node:path";
import { test } from "node:test";
import { configErrorMessage } from "../../test/support/config-error-message.ts";
import { oneAgentYaml, parseCrewTexts } from "../../test/support/parse-crew-texts.ts";

const agentsYaml = oneAgentYaml;
const parse = parseCrewTexts;

test("an agent with only the required fields has no optional setting at all", () => {
	assert.deepEqual(parse(agentsYaml).agents, [
		{
			name: "researcher",
			role: "Researcher",
			goal: "Find things",
			backstory: "Curious.",
			tools: [],
			location: { file: "crew/agents.yaml", line: 1, column: 1 },
		},
	]);
});

test("every optional agent setting is read", () => {
	const crew = parse(`${agentsYaml}  llm: anthropic/claude-sonnet-4-5
  tools: [search, " fetch "]
  max_iter: 12
  allow_delegation: yes
  max_execution_time: 90
  max_rpm: 10
  reasoning: true
  knowledge: [./docs, faq.md]
`);
	assert.deepEqual(crew.agents[0], {
		name: "researcher",
		role: "Researcher",
		goal: "Find things",
		backstory: "Curious.",
		model: "anthropic:claude-sonnet-4-5",
		tools: ["search", "fetch"],
		maxIterations: 12,
		allowDelegation: true,
		maxExecutionTime: 90,
		maxRpm: 10,
		reasoning: true,
		knowledge: [resolve("crew/docs"), resolve("crew/faq.md")],
		location: { file: "crew/agents.yaml", line: 1, column: 1 },
	});
	// max_rpm is read but limited per run, not per agent: the run says so.
	assert.deepEqual(crew.warnings, [
		{
			what: "agent 'researcher': max_rpm",
			where: "crew/agents.yaml:10:3",
			instead: "ignored per agent: limit requests with crewkit run --rpm",
		},
	]);
});

test("settings switched off or left empty leave the agent as without them", () => {
	const crew = parse(
		`${agentsYaml}  allow_delegation: false\n  reasoning: false\n  knowledge: []\n  mcp_servers:\n  tools:\n`,
	);
	const { location: _, ...agent } = crew.agents[0] ?? assert.fail("no agent");
	assert.deepEqual(agent, {
		name: "researcher",
		role: "Researcher",
		goal: "Find things",
		backstory: "Curious.",
		tools: [],
		allowDelegation: false,
	});
	assert.equal(crew.warnings, undefined);
});

test("an llm crewkit cannot serve leaves the agent on the run's model, with a warning at the value", () => {
	const crew = parse(`${agentsYaml}  llm: "  groq/llama3-70b "\n`);
	assert.ok(!("model" in (crew.agents[0] ?? {})));
	assert.deepEqual(crew.warnings, [
		{
			what: "agent 'researcher': llm 'groq/llama3-70b'",
			where: "crew/agents.yaml:5:8",
			instead:
				"crewkit has no 'groq' provider: the agent uses the run's model (--model); an OpenAI-compatible server works as openai-compatible:<model>@<url>",
		},
	]);
	assert.equal(
		configErrorMessage(() => parse(`${agentsYaml}  llm: ""\n`)),
		"crew/agents.yaml:5:8: 'llm' of agent 'researcher' is empty: write a model string such as openai/gpt-4o or remove the key.",
	);
});

test("a required text missing, empty or not text is refused with what to write", () => {
	const cases = [
		[
			"researcher:\n  goal: G\n  backstory: B\n",
			"crew/agents.yaml:1:1: Agent 'researcher' has no 'role'. Add role: naming the agent's job, e.g. Senior Data Researcher.",
		],
		[
			"researcher:\n  role: R\n  backstory: B\n",
			"crew/agents.yaml:1:1: Agent 'researcher' has no 'goal'. Add goal: saying what the agent works towards.",
		],
		[
			"researcher:\n  role: R\n  goal: G\n  backstory: ~\n",
			"crew/agents.yaml:4:3: Agent 'researcher' has no 'backstory'. Add backstory: telling who the agent is, in a few sentences.",
		],
		[
			'researcher:\n  role: R\n  goal: "  "\n  backstory: B\n',
			"crew/agents.yaml:3:9: Agent 'researcher' has an empty 'goal'. Write goal: saying what the agent works towards.",
		],
		[
			"researcher:\n  role: [R]\n  goal: G\n  backstory: B\n",
			"crew/agents.yaml:2:9: 'role' of agent 'researcher' must be text, found a list. Quote it, or use '>' for a long text.",
		],
	];
	for (const [agents, message] of cases)
		assert.equal(
			configErrorMessage(() => parse(agents ?? "")),
			message,
		);
});

test("each tool is a name: other items are refused where they are written", () => {
	const tools = (value: string) => () => parse(`${agentsYaml}  tools: ${value}\n`);
	const refusal = (place: string, found: string) =>
		`crew/agents.yaml:${place}: Each item of 'tools' of agent 'researcher' must be a name, e.g. tools: [search, fetch]; found ${found}.`;
	assert.equal(configErrorMessage(tools("[search, 1]")), refusal("5:19", "the number 1"));
	assert.equal(configErrorMessage(tools("[search, ~]")), refusal("5:19", "nothing"));
	assert.equal(configErrorMessage(tools("[' ']")), refusal("5:11", "text ''"));
	assert.equal(configErrorMessage(tools("[[a]]")), refusal("5:11", "a list"));
	assert.equal(
		configErrorMessage(tools("{ search: true }")),
		"crew/agents.yaml:5:10: 'tools' of agent 'researcher' must be a list, e.g. tools: [search, fetch]; found a mapping.",
	);
});

test("true/false settings take YAML 1.1's words as PyYAML does, and nothing else", () => {
	const delegation = (value: string) =>
		parse(`${agentsYaml}  allow_delegation: ${value}\n`).agents[0]?.allowDelegation;
	for (const value of ["true", "True", "yes", "Yes", "on", "ON", "' yes '"]) {
		assert.equal(delegation(value), true, value);
	}
	for (const value of ["false", "no", "No", "off", "OFF"])
		assert.equal(delegation(value), false, value);
	for (const [value, found] of [
		["1", "the number 1"],
		["y", "text 'y'"],
		["[true]", "a list"],
	]) {
		assert.equal(
			configErrorMessage(() => parse(`${agentsYaml}  allow_delegation: ${value}\n`)),
			`crew/agents.yaml:5:21: 'allow_delegation' of agent 'researcher' must be true or false, found ${found}.`,
		);
	}
});

test("counts are whole numbers of at least 1", () => {
	assert.equal(parse(`${agentsYaml}  max_execution_time: 1\n`).agents[0]?.maxExecutionTime, 1);
	assert.equal(
		parse(`${agentsYaml}  max_iter: 9007199254740991\n`).agents[0]?.maxIterations,
		Number.MAX_SAFE_INTEGER,
	);
	for (const [value, found] of [
		["0", "the number 0"],
		["9007199254740992", "the number 9007199254740992"],
		["true", "true"],
		["'3'", "text '3'"],
		["1.5", "the number 1.5"],
	]) {
		assert.equal(
			configErrorMessage(() => parse(`${agentsYaml}  max_execution_time: ${value}\n`)),
			`crew/agents.yaml:5:23: 'max_execution_time' of agent 'researcher' must be a whole number of at least 1, found ${found}.`,
		);
	}
	assert.equal(
		configErrorMessage(() => parse(`${agentsYaml}  max_rpm: -5\n`)),
		"crew/agents.yaml:5:12: 'max_rpm' of agent 'researcher' must be a whole number of at least 1, found the number -5.",
	);
});

test("an agent entry with task fields and no role is taken for a task in the wrong file", () => {
	assert.equal(
		configErrorMessage(() => parse("research_task:\n  description: D\n  context: []\n  goal: G\n")),
		"crew/agents.yaml:1:1: Agent 'research_task' has task fields (description, context) and no role: is this a task? Tasks belong in tasks.yaml, agents (role, goal, backstory) in agents.yaml.",
	);
	// With a role it is an agent: task keys unlike any agent key are left alone, as CrewAI does.
	const crew = parse(`${agentsYaml}  description: D\n  expected_output: E\n`);
	assert.equal(crew.agents[0]?.role, "Researcher");
});

test("an agents file with no agent, or entries that are not agents, says how to write one", () => {
	const cases = [
		[
			"{}\n",
			"crew/agents.yaml:1:1: The file defines no agents. Write each agent as its name followed by the indented fields role:, goal: and backstory:.",
		],
		[
			"Researcher\n",
			"crew/agents.yaml:1:1: The file must be a mapping of agent names to agents, found text 'Researcher'. Write each agent as its name followed by the indented fields role:, goal: and backstory:.",
		],
		[
			"researcher: ~\n",
			"crew/agents.yaml:1:1: Agent 'researcher' is empty: indent its fields role:, goal: and backstory: under 'researcher:'.",
		],
	];
	for (const [agents, message] of cases)
		assert.equal(
			configErrorMessage(() => parse(agents ?? "")),
			message,
		);
});
