import assert from "node:assert/strict";
import { test } from "node:test";
import { configErrorMessage } from "../../test/support/config-error-message.ts";
import type { AgentSpec, CrewWarning } from "./crew-spec.ts";
import { parseCrewYaml } from "./load-crew-yaml.ts";
import { parseTasks } from "./parse-tasks.ts";
import { parseYamlFile } from "./yaml-file.ts";

const agentsYaml = `researcher:
  role: Researcher
  goal: Find things
  backstory: Curious.
reporting_analyst:
  role: Analyst
  goal: Write
  backstory: Careful.
`;
const task = (name: string, fields = "") =>
	`${name}:\n  description: Do ${name}.\n  expected_output: Notes.\n  agent: researcher\n${fields}`;

function parse(tasks: string) {
	return parseCrewYaml({
		agents: { path: "crew/agents.yaml", text: agentsYaml },
		tasks: { path: "crew/tasks.yaml", text: tasks },
	});
}

test("a task with only the required fields runs alone, in order, not async", () => {
	assert.deepEqual(parse(task("research_task")).tasks, [
		{
			name: "research_task",
			description: "Do research_task.",
			expectedOutput: "Notes.",
			agent: "researcher",
			async: false,
			location: { file: "crew/tasks.yaml", line: 1, column: 1 },
		},
	]);
});

test("every optional task setting is read; guardrail comes before guardrails", () => {
	const crew = parse(
		task("research_task") +
			task(
				"report_task",
				`  context: [research_task]
  output_file: " out/report.md "
  async_execution: true
  tools: [read_file]
  guardrail: Cites sources.
  guardrails: [Short., "No jargon."]
  human_input: true
`,
			),
	);
	assert.deepEqual(crew.tasks[1], {
		name: "report_task",
		description: "Do report_task.",
		expectedOutput: "Notes.",
		agent: "researcher",
		async: true,
		context: ["research_task"],
		outputFile: "out/report.md",
		tools: ["read_file"],
		guardrails: ["Cites sources.", "Short.", "No jargon."],
		humanInput: true,
		location: { file: "crew/tasks.yaml", line: 5, column: 1 },
	});
});

test("settings switched off or empty leave the task as without them, except empty lists", () => {
	const crew = parse(
		task(
			"research_task",
			"  human_input: false\n  guardrails: []\n  async_execution: no\n  tools: []\n  context: []\n",
		),
	);
	const { location: _, ...spec } = crew.tasks[0] ?? assert.fail("no task");
	assert.deepEqual(spec, {
		name: "research_task",
		description: "Do research_task.",
		expectedOutput: "Notes.",
		agent: "researcher",
		async: false,
		// An empty context reads no earlier output; empty tools leave the task none.
		context: [],
		tools: [],
	});
	assert.deepEqual(parse(task("research_task", "  guardrails: [Short.]\n")).tasks[0]?.guardrails, [
		"Short.",
	]);
	assert.equal(
		configErrorMessage(() => parse(task("research_task", "  guardrail: ''\n"))),
		"crew/tasks.yaml:5:14: 'guardrail' of task 'research_task' is empty: write an instruction the answer must meet or remove the key.",
	);
	assert.equal(
		configErrorMessage(() => parse(task("research_task", "  output_file: ''\n"))),
		"crew/tasks.yaml:5:16: 'output_file' of task 'research_task' is empty: write a file path such as report.md or remove the key.",
	);
});

test("a missing or empty required field says what to write", () => {
	assert.equal(
		configErrorMessage(() => parse("research_task:\n  expected_output: E\n  agent: researcher\n")),
		"crew/tasks.yaml:1:1: Task 'research_task' has no 'description'. Add description: saying what the task asks for.",
	);
	assert.equal(
		configErrorMessage(() =>
			parse("research_task:\n  description: ' '\n  expected_output: E\n  agent: researcher\n"),
		),
		"crew/tasks.yaml:2:16: Task 'research_task' has an empty 'description'. Write description: saying what the task asks for.",
	);
	assert.equal(
		configErrorMessage(() => parse("research_task:\n  description: D\n  expected_output: E\n")),
		"crew/tasks.yaml:1:1: Task 'research_task' has no 'agent'. Add agent: naming the agent that does it (researcher, reporting_analyst), or assign it in crew.py: Task(config=…, agent=self.researcher()).",
	);
	assert.equal(
		configErrorMessage(() =>
			parse("research_task:\n  description: D\n  expected_output: E\n  agent: ''\n"),
		),
		"crew/tasks.yaml:4:10: Task 'research_task' has an empty 'agent'. Write agent: naming the agent that does it (researcher, reporting_analyst), or assign it in crew.py: Task(config=…, agent=self.researcher()).",
	);
	// Only tools, which agents and tasks share, does not make the entry an agent.
	assert.equal(
		configErrorMessage(() =>
			parse("research_task:\n  tools: [x]\n  expected_output: E\n  agent: researcher\n"),
		),
		"crew/tasks.yaml:1:1: Task 'research_task' has no 'description'. Add description: saying what the task asks for.",
	);
});

test("a task entry with agent fields and no description is taken for an agent in the wrong file", () => {
	assert.equal(
		configErrorMessage(() => parse("research_task:\n  role: R\n  tools: [x]\n  goal: G\n")),
		"crew/tasks.yaml:1:1: Task 'research_task' has agent fields (role, goal) and no description: is this an agent? Agents belong in agents.yaml, tasks (description, expected_output, agent) in tasks.yaml.",
	);
});

test("an unknown agent is refused, with the likely one when the name is close", () => {
	assert.equal(
		configErrorMessage(() =>
			parse(task("research_task").replace("agent: researcher", "agent: writer")),
		),
		"crew/tasks.yaml:4:10: Task 'research_task' refers to agent 'writer', which agents.yaml does not define. Defined agents: researcher, reporting_analyst.",
	);
	assert.equal(
		configErrorMessage(() =>
			parse(task("research_task").replace("agent: researcher", "agent: Reporting-Analyst")),
		),
		"crew/tasks.yaml:4:10: Task 'research_task' refers to agent 'Reporting-Analyst', which agents.yaml does not define. Defined agents: researcher, reporting_analyst. Did you mean 'reporting_analyst'?",
	);
});

test("crew.py's wiring gives tasks their agents; without agents the hint still shows the call", () => {
	const file = parseYamlFile({
		path: "crew/tasks.yaml",
		text: "research_task:\n  description: D\n  expected_output: E\nreport_task:\n  description: R\n  expected_output: F\n  agent: researcher\n",
	});
	const researcher: AgentSpec = {
		name: "researcher",
		role: "R",
		goal: "G",
		backstory: "B",
		tools: [],
		location: { file: "crew/agents.yaml", line: 1, column: 1 },
	};
	const warnings: CrewWarning[] = [];
	const tasks = parseTasks(file, [researcher], "agents.yaml", {
		warnings,
		wiring: new Map([
			["research_task", "analyst"],
			["report_task", "writer"],
		]),
	});
	assert.deepEqual(
		tasks.map((spec) => [spec.name, spec.agent]),
		[
			["research_task", "analyst"],
			["report_task", "writer"],
		],
	);
	assert.equal(
		configErrorMessage(() => parseTasks(file, [], "agents.yaml", { warnings })),
		"crew/tasks.yaml:1:1: Task 'research_task' has no 'agent'. Add agent: naming the agent that does it (), or assign it in crew.py: Task(config=…, agent=self.researcher()).",
	);
});

test("a context names tasks above, each once; a cycle is shown whole", () => {
	const three = (first: string, second: string, third: string) =>
		parse(
			task("gather", first ? `  context: [${first}]\n` : "") +
				task("analyse", second ? `  context: [${second}]\n` : "") +
				task("write", third ? `  context: [${third}]\n` : ""),
		);
	assert.deepEqual(
		three("", "gather", "gather, analyse").tasks.map((spec) => spec.context),
		[undefined, ["gather"], ["gather", "analyse"]],
	);
	assert.equal(
		configErrorMessage(() => three("write", "gather", "analyse")),
		"crew/tasks.yaml:5:13: Task 'gather' lists 'write' in its context, but the tasks form a cycle (gather → write → analyse → gather). A task can only read the output of tasks above it: move 'write' above 'gather' or remove it from the context.",
	);
	assert.equal(
		configErrorMessage(() => three("analyse", "", "gather")),
		"crew/tasks.yaml:5:13: Task 'gather' lists 'analyse' in its context, but 'analyse' comes later in tasks.yaml (line 6). A task can only read the output of tasks above it: move 'analyse' above 'gather' or remove it from the context.",
	);
	// Later tasks that loop among themselves without leading back: no cycle through this one.
	assert.equal(
		configErrorMessage(() => three("analyse", "write", "analyse")),
		"crew/tasks.yaml:5:13: Task 'gather' lists 'analyse' in its context, but 'analyse' comes later in tasks.yaml (line 6). A task can only read the output of tasks above it: move 'analyse' above 'gather' or remove it from the context.",
	);
	assert.equal(
		configErrorMessage(() => three("", "", "analyse, write")),
		"crew/tasks.yaml:13:22: Task 'write' lists itself in its context: a task cannot read its own output. Remove 'write'.",
	);
	assert.equal(
		configErrorMessage(() => three("", "gathr", "")),
		"crew/tasks.yaml:9:13: Task 'analyse' lists 'gathr' in its context, which tasks.yaml does not define. Defined tasks: gather, analyse, write. Did you mean 'gather'?",
	);
	assert.equal(
		configErrorMessage(() => three("", "", "gather, analyse, gather")),
		"crew/tasks.yaml:13:30: Task 'write' lists 'gather' twice in its context: remove one.",
	);
});

test("a tasks file with no task, or entries that are not tasks, says how to write one", () => {
	const cases = [
		[
			"",
			"crew/tasks.yaml: The file defines no tasks. Write each task as its name followed by the indented fields description:, expected_output: and agent:.",
		],
		[
			"{}\n",
			"crew/tasks.yaml:1:1: The file defines no tasks. Write each task as its name followed by the indented fields description:, expected_output: and agent:.",
		],
		[
			"- description: D\n",
			"crew/tasks.yaml:1:1: The file must be a mapping of task names to tasks, found a list. Write each task as its name followed by the indented fields description:, expected_output: and agent:.",
		],
		[
			"research_task:\n",
			"crew/tasks.yaml:1:1: Task 'research_task' is empty: indent its fields description:, expected_output: and agent: under 'research_task:'.",
		],
		[
			"research_task: Research the topic.\n",
			"crew/tasks.yaml:1:16: Task 'research_task' must be a mapping of fields (description:, expected_output: and agent:), found text 'Research the topic.'. Indent the fields under 'research_task:'.",
		],
	];
	for (const [tasks, message] of cases)
		assert.equal(
			configErrorMessage(() => parse(tasks ?? "")),
			message,
		);
});
