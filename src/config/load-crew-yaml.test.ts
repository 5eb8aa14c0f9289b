import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, test } from "node:test";
import { fileURLToPath } from "node:url";
import { skipWhenMissing } from "../../test/support/skip-when-missing.ts";
import { ConfigError } from "../errors.ts";
import type { CrewSpec } from "./crew-spec.ts";
import { loadCrewYaml, parseCrewYaml } from "./load-crew-yaml.ts";
import { loadCrewYaml as loadCrewYamlOnDemand } from "./load-crew-yaml-on-demand.ts";
import { collectPlaceholders } from "./placeholders.ts";

const templateDir = fileURLToPath(
	new URL("../../../shared/fixtures/crewai-template/", import.meta.url),
);
const noTemplate = skipWhenMissing(
	existsSync(templateDir),
	`the CrewAI template fixture is absent (${templateDir}): this clone has no ../shared`,
);

const agentsYaml = `researcher:
  role: Researcher
  goal: Find things
  backstory: Curious.
reporting_analyst:
  role: Analyst
  goal: Write reports
  backstory: Careful.
`;

const tasksYaml = `research_task:
  description: Research {topic}.
  expected_output: Ten bullet points.
  agent: researcher
reporting_task:
  description: Write the report.
  expected_output: A report.
  agent: reporting_analyst
`;

function parse(agents = agentsYaml, tasks = tasksYaml): CrewSpec {
	return parseCrewYaml({
		agents: { path: "crew/agents.yaml", text: agents },
		tasks: { path: "crew/tasks.yaml", text: tasks },
	});
}

/** Asserts that `run` throws a ConfigError at `place` ("crew/tasks.yaml:8:10") saying `text`. */
function assertConfigError(run: () => unknown, place: string, text: string | RegExp): void {
	assert.throws(run, (error) => {
		assert.ok(error instanceof ConfigError, `expected a ConfigError, got ${error}`);
		assert.ok(error.message.startsWith(`${place}: `), `wrong place in: ${error.message}`);
		const message = error.message.slice(place.length + 2);
		if (typeof text === "string") assert.equal(message, text);
		else assert.match(message, text);
		return true;
	});
}

/**
 * The fixture's `key: >` values read the simple way, as an oracle independent of the loader:
 * each block's lines trimmed and joined by spaces (what YAML folding gives for these files).
 */
function foldedValues(text: string): Map<string, string> {
	const values = new Map<string, string>();
	let entry = "";
	let key: string | undefined;
	for (const line of text.split("\n")) {
		const name = /^(\w+):\s*$/.exec(line);
		const field = /^ {2}(\w+):\s*(.*)$/.exec(line);
		if (name?.[1]) {
			entry = name[1];
			key = undefined;
		} else if (field?.[1] !== undefined) {
			key = `${entry}.${field[1]}`;
			values.set(key, field[2] === ">" ? "" : (field[2] ?? ""));
		} else if (key && line.startsWith("    ")) {
			values.set(key, `${values.get(key)} ${line.trim()}`.trim());
		}
	}
	return values;
}

function lineOf(text: string, start: string): number {
	return text.split("\n").findIndex((line) => line.startsWith(start)) + 1;
}

describe("loadCrewYaml with CrewAI's template", () => {
	test("loads agents.yaml and tasks.yaml unchanged, strings trimmed", {
		skip: noTemplate,
	}, async () => {
		const agentsPath = join(templateDir, "agents.yaml");
		const tasksPath = join(templateDir, "tasks.yaml");
		const agentsText = await readFile(agentsPath, "utf8");
		const tasksText = await readFile(tasksPath, "utf8");
		const agentValues = foldedValues(agentsText);
		const taskValues = foldedValues(tasksText);
		const agentNames = ["researcher", "reporting_analyst"];
		const taskNames = ["research_task", "reporting_task"];

		const crew = await loadCrewYaml(templateDir);

		assert.deepEqual(crew, {
			agents: agentNames.map((name) => ({
				name,
				role: agentValues.get(`${name}.role`),
				goal: agentValues.get(`${name}.goal`),
				backstory: agentValues.get(`${name}.backstory`),
				tools: [],
				location: { file: agentsPath, line: lineOf(agentsText, `${name}:`), column: 1 },
			})),
			tasks: taskNames.map((name) => ({
				name,
				description: taskValues.get(`${name}.description`),
				expectedOutput: taskValues.get(`${name}.expected_output`),
				agent: taskValues.get(`${name}.agent`),
				async: false,
				location: { file: tasksPath, line: lineOf(tasksText, `${name}:`), column: 1 },
			})),
		});
		assert.deepEqual(
			crew.tasks.map((task) => task.agent),
			agentNames,
		);
		for (const task of crew.tasks) {
			assert.equal(task.context, undefined);
			assert.ok(!("context" in task), "an absent context key leaves no context property");
		}
		for (const agent of crew.agents) {
			assert.ok(!/\s$/.test(agent.role + agent.goal + agent.backstory), "strings are trimmed");
			assert.deepEqual(collectPlaceholders(agent.role), ["topic"]);
		}
		assert.deepEqual(collectPlaceholders(crew.tasks[0]?.description ?? ""), [
			"topic",
			"current_year",
		]);
	});
});

describe("parseCrewYaml", () => {
	test("reads the optional fields", () => {
		const crew = parse(
			`${agentsYaml}  llm: ollama/qwen3
  tools: [search, fetch]
  max_iter: 5
`,
			`${tasksYaml}  context: [research_task]
  output_file: report.md
  async_execution: true
`,
		);
		assert.deepEqual(crew.agents[1]?.tools, ["search", "fetch"]);
		assert.equal(
			crew.agents[1]?.model,
			"ollama:qwen3",
			"CrewAI's provider/model, in crewkit's form",
		);
		assert.equal(crew.agents[1]?.maxIterations, 5);
		assert.deepEqual(crew.agents[0]?.tools, []);
		assert.ok(!("model" in (crew.agents[0] ?? {})));
		assert.deepEqual(crew.tasks[1]?.context, ["research_task"]);
		assert.equal(crew.tasks[1]?.outputFile, "report.md");
		assert.equal(crew.tasks[1]?.async, true);
	});

	test("keys CrewAI accepts load: callbacks, an empty expected_output, task tools, guardrails", () => {
		const crew = parse(
			`${agentsYaml}  llm: groq/llama3-70b
  allow_delegation: true
  max_execution_time: 30
  verbose: true
  step_callback: my_module.log_step
`,
			`${tasksYaml.replace("expected_output: A report.", 'expected_output: ""')}  callbacks: [notify]
  tools: [read_file]
  guardrail: The report names its sources.
  human_input: true
  markdown: true
`,
		);
		const reporting = crew.tasks[1];
		assert.equal(reporting?.expectedOutput, "");
		assert.deepEqual(reporting?.tools, ["read_file"]);
		assert.deepEqual(reporting?.guardrails, ["The report names its sources."]);
		assert.equal(reporting?.humanInput, true);
		assert.equal(crew.agents[1]?.allowDelegation, true);
		assert.equal(crew.agents[1]?.maxExecutionTime, 30);
		assert.ok(!("model" in (crew.agents[1] ?? {})), "an unknown provider falls back to --model");
		// One warning per setting crewkit does not apply, with where it is; none for cosmetic ones
		// (human_input is applied: a person reviews the answer, see src/human).
		assert.deepEqual(
			crew.warnings?.map((warning) => [warning.what, warning.where]),
			[
				["agent 'reporting_analyst': step_callback", "crew/agents.yaml:13:3"],
				["agent 'reporting_analyst': llm 'groq/llama3-70b'", "crew/agents.yaml:9:8"],
				["task 'reporting_task': callbacks", "crew/tasks.yaml:9:3"],
			],
		);
		assert.match(crew.warnings?.[1]?.instead ?? "", /uses the run's model/);
	});

	test("an empty context list means no context, unlike an absent one", () => {
		const crew = parse(agentsYaml, `${tasksYaml}  context: []\n`);
		assert.deepEqual(crew.tasks[1]?.context, []);
		assert.equal(crew.tasks[0]?.context, undefined);
	});

	test("accepts CrewAI keys it does not apply, and unknown keys unlike any known one", () => {
		const crew = parse(
			`${agentsYaml}  verbose: true\n  allow_delegation: false\n  cache: true\n  team_colour: blue\n`,
			`${tasksYaml}  human_input: false\n  markdown: true\n  async_execution: no\n`,
		);
		assert.equal(crew.agents.length, 2);
		assert.equal(crew.tasks[1]?.async, false);
	});

	test("applies anchors, aliases and << merge keys as PyYAML does", () => {
		const crew = parse(
			`defaults: &defaults
  role: Writer
  goal: Write well
  backstory: &story Trained on style guides.
  tools: [search]
researcher:
  <<: *defaults
  role: Researcher
reporting_analyst:
  <<: *defaults
  backstory: *story
`,
			tasksYaml,
		);
		assert.deepEqual(
			crew.agents.map((agent) => [agent.name, agent.role, agent.goal, agent.tools]),
			[
				["defaults", "Writer", "Write well", ["search"]],
				["researcher", "Researcher", "Write well", ["search"]],
				["reporting_analyst", "Writer", "Write well", ["search"]],
			],
		);
	});
});

describe("parseCrewYaml errors", () => {
	test("a YAML syntax error, at the yaml parser's position", () => {
		assertConfigError(
			() => parse(agentsYaml.replace("  goal: Find things", "\tgoal: Find things")),
			"crew/agents.yaml:3:1",
			"YAML syntax error: Tabs are not allowed as indentation. Indent with spaces, not tabs.",
		);
		assertConfigError(
			() => parse(agentsYaml.replace("goal: Find things", "goal: Find: things")),
			"crew/agents.yaml:3:9",
			/^YAML syntax error: .*Quote text that contains ': '/,
		);
	});

	test("an empty file or a top level that is not a mapping", () => {
		assertConfigError(
			() => parse("# nothing yet\n"),
			"crew/agents.yaml",
			/^The file defines no agents\./,
		);
		assertConfigError(
			() => parse(agentsYaml, "- description: x\n"),
			"crew/tasks.yaml:1:1",
			/^The file must be a mapping of task names to tasks, found a list\./,
		);
	});

	test("an agent or task that is not a mapping", () => {
		assertConfigError(
			() =>
				parse(`researcher: a curious agent\n${agentsYaml.slice(agentsYaml.indexOf("reporting"))}`),
			"crew/agents.yaml:1:13",
			/^Agent 'researcher' must be a mapping of fields \(role:, goal: and backstory:\), found text 'a curious agent'\./,
		);
		assertConfigError(
			() => parse(agentsYaml, `${tasksYaml}extra_task:\n`),
			"crew/tasks.yaml:9:1",
			/^Task 'extra_task' is empty/,
		);
	});

	test("a missing required field, at the entry's name", () => {
		assertConfigError(
			() => parse(agentsYaml, tasksYaml.replace("  expected_output: A report.\n", "")),
			"crew/tasks.yaml:5:1",
			"Task 'reporting_task' has no 'expected_output'. Add expected_output: describing the answer.",
		);
		assertConfigError(
			() => parse(agentsYaml.replace("  backstory: Careful.\n", "  backstory:\n")),
			"crew/agents.yaml:8:3",
			/^Agent 'reporting_analyst' has no 'backstory'\. Add backstory: /,
		);
	});

	test("a field of the wrong type, at its value", () => {
		assertConfigError(
			() => parse(agentsYaml.replace("role: Researcher", "role: 42")),
			"crew/agents.yaml:2:9",
			"'role' of agent 'researcher' must be text, found the number 42. Quote it, or use '>' for a long text.",
		);
		assertConfigError(
			() => parse(`${agentsYaml}  max_iter: ten\n`),
			"crew/agents.yaml:9:13",
			"'max_iter' of agent 'reporting_analyst' must be a whole number of at least 1, found text 'ten'.",
		);
		// An agent allowed no iteration could never answer: zero is refused like text.
		for (const value of ["0", "-1", "2.5"]) {
			assertConfigError(
				() => parse(`${agentsYaml}  max_iter: ${value}\n`),
				"crew/agents.yaml:9:13",
				`'max_iter' of agent 'reporting_analyst' must be a whole number of at least 1, found the number ${value}.`,
			);
		}
		assert.equal(parse(`${agentsYaml}  max_iter: 1\n`).agents[1]?.maxIterations, 1);
		assertConfigError(
			() => parse(`${agentsYaml}  tools: search\n`),
			"crew/agents.yaml:9:10",
			"'tools' of agent 'reporting_analyst' must be a list, e.g. tools: [search, fetch]; found text 'search'.",
		);
		assertConfigError(
			() => parse(agentsYaml, `${tasksYaml}  async_execution: later\n`),
			"crew/tasks.yaml:9:20",
			"'async_execution' of task 'reporting_task' must be true or false, found text 'later'.",
		);
		assertConfigError(
			() => parse(agentsYaml, `${tasksYaml}  context: research_task\n`),
			"crew/tasks.yaml:9:12",
			/^'context' of task 'reporting_task' must be a list, e\.g\. context: \[research_task\]/,
		);
	});

	test("a task that refers to an undefined agent", () => {
		assertConfigError(
			() => parse(agentsYaml, tasksYaml.replace("agent: reporting_analyst", "agent: analyst")),
			"crew/tasks.yaml:8:10",
			"Task 'reporting_task' refers to agent 'analyst', which agents.yaml does not define. Defined agents: researcher, reporting_analyst.",
		);
		assertConfigError(
			() => parse(agentsYaml, tasksYaml.replace("agent: researcher", "agent: reseacher")),
			"crew/tasks.yaml:4:10",
			/Defined agents: researcher, reporting_analyst\. Did you mean 'researcher'\?$/,
		);
	});

	test("a context naming an unknown task, the task itself, a later task or a cycle", () => {
		assertConfigError(
			() => parse(agentsYaml, `${tasksYaml}  context: [research]\n`),
			"crew/tasks.yaml:9:13",
			"Task 'reporting_task' lists 'research' in its context, which tasks.yaml does not define. Defined tasks: research_task, reporting_task.",
		);
		const withContext = (first: string, second?: string) =>
			parse(
				agentsYaml,
				tasksYaml
					.replace("agent: researcher\n", `agent: researcher\n  context: [${first}]\n`)
					.replace(
						"agent: reporting_analyst\n",
						`agent: reporting_analyst\n${second ? `  context: [${second}]\n` : ""}`,
					),
			);
		assertConfigError(
			() => withContext("research_task"),
			"crew/tasks.yaml:5:13",
			"Task 'research_task' lists itself in its context: a task cannot read its own output. Remove 'research_task'.",
		);
		assertConfigError(
			() => withContext("reporting_task"),
			"crew/tasks.yaml:5:13",
			/^Task 'research_task' lists 'reporting_task' in its context, but 'reporting_task' comes later in tasks\.yaml \(line 6\)\. A task can only read the output of tasks above it/,
		);
		assertConfigError(
			() => withContext("reporting_task", "research_task"),
			"crew/tasks.yaml:5:13",
			/but the tasks form a cycle \(research_task → reporting_task → research_task\)/,
		);
		assertConfigError(
			() => withContext("", "research_task, research_task"),
			"crew/tasks.yaml:10:28",
			"Task 'reporting_task' lists 'research_task' twice in its context: remove one.",
		);
	});

	test("duplicate keys, naming the first", () => {
		assertConfigError(
			() => parse(agentsYaml, `${tasksYaml}research_task:\n  description: again\n`),
			"crew/tasks.yaml:9:1",
			"Duplicate key 'research_task' in tasks.yaml (first at line 1): remove or rename one.",
		);
		assertConfigError(
			() =>
				parse(agentsYaml.replace("  goal: Find things\n", "  goal: Find things\n  goal: again\n")),
			"crew/agents.yaml:4:3",
			"Duplicate key 'goal' in agent 'researcher' (first at line 3): remove or rename one.",
		);
	});

	test("a key that looks like a typo, with the likely key", () => {
		assertConfigError(
			() =>
				parse(
					agentsYaml,
					tasksYaml.replace("expected_output: A report.", "expected_ouput: A report."),
				),
			"crew/tasks.yaml:7:3",
			"unknown key 'expected_ouput' in task 'reporting_task'; did you mean 'expected_output'?",
		);
		assertConfigError(
			() => parse(`${agentsYaml}  maxIter: 3\n`),
			"crew/agents.yaml:9:3",
			"unknown key 'maxIter' in agent 'reporting_analyst'; did you mean 'max_iter'?",
		);
	});

	test("swapped files", () => {
		assertConfigError(
			() => parse(tasksYaml, agentsYaml),
			"crew/agents.yaml:1:1",
			/^Agent 'research_task' has task fields \(description, expected_output, agent\) and no role: is this a task\?/,
		);
	});

	test("an alias with no anchor", () => {
		assertConfigError(
			() => parse(agentsYaml.replace("role: Researcher", "role: *title")),
			"crew/agents.yaml:2:9",
			/^The alias '\*title' names no anchor/,
		);
	});
});

describe("loadCrewYaml errors", () => {
	test("a missing file names the path it expected", async (context) => {
		const dir = await mkdtemp(join(tmpdir(), "crewkit-crew-"));
		context.after(() => rm(dir, { recursive: true, force: true }));
		await writeFile(join(dir, "agents.yaml"), agentsYaml);
		await assert.rejects(loadCrewYaml(dir), (error) => {
			assert.ok(error instanceof ConfigError);
			assert.deepEqual(error.location, { file: join(dir, "tasks.yaml") });
			assert.match(
				error.message,
				/tasks\.yaml: File not found: a YAML crew is a folder holding agents\.yaml and tasks\.yaml\./,
			);
			return true;
		});
	});

	test("accepts .yml and errors with the real path", async (context) => {
		const dir = await mkdtemp(join(tmpdir(), "crewkit-crew-"));
		context.after(() => rm(dir, { recursive: true, force: true }));
		await writeFile(join(dir, "agents.yml"), agentsYaml);
		await writeFile(
			join(dir, "tasks.yml"),
			tasksYaml.replace("agent: researcher", "agent: nobody"),
		);
		await assert.rejects(loadCrewYaml(dir), (error) => {
			assert.ok(error instanceof ConfigError);
			assert.ok(error.message.startsWith(`${join(dir, "tasks.yml")}:4:10: `), error.message);
			assert.match(error.message, /which agents\.yml does not define/);
			return true;
		});
	});

	test("a missing folder", async () => {
		const dir = join(tmpdir(), "crewkit-no-such-folder-7f3a");
		await assert.rejects(loadCrewYaml(dir), (error) => {
			assert.ok(error instanceof ConfigError);
			assert.equal(
				error.message,
				`${dir}: Folder not found: a YAML crew is a folder holding agents.yaml and tasks.yaml.`,
			);
			return true;
		});
	});
});

describe("loadCrewYaml: which files make a crew", () => {
	async function crewFolder(context: { after: (run: () => Promise<void>) => void }) {
		const dir = await mkdtemp(join(tmpdir(), "crewkit-crew-"));
		context.after(() => rm(dir, { recursive: true, force: true }));
		return dir;
	}

	test("a folder with agents.yaml and tasks.yaml and nothing else loads without warnings", async (context) => {
		const dir = await crewFolder(context);
		await writeFile(join(dir, "agents.yaml"), agentsYaml);
		await writeFile(join(dir, "tasks.yaml"), tasksYaml);
		const crew = await loadCrewYaml(dir);
		assert.deepEqual(Object.keys(crew), ["agents", "tasks"]);
		assert.deepEqual(crew.agents[0]?.location, {
			file: join(dir, "agents.yaml"),
			line: 1,
			column: 1,
		});
		assert.deepEqual(crew.tasks[0]?.location, {
			file: join(dir, "tasks.yaml"),
			line: 1,
			column: 1,
		});
	});

	test(".yaml is read before .yml when both are there", async (context) => {
		const dir = await crewFolder(context);
		await writeFile(join(dir, "agents.yaml"), agentsYaml);
		await writeFile(join(dir, "agents.yml"), agentsYaml.replace("role: Researcher", "role: Old"));
		await writeFile(join(dir, "tasks.yaml"), tasksYaml);
		assert.equal((await loadCrewYaml(dir)).agents[0]?.role, "Researcher");
	});

	test("the package entry's loadCrewYaml loads the same crew", async (context) => {
		const dir = await crewFolder(context);
		await writeFile(join(dir, "agents.yaml"), agentsYaml);
		await writeFile(join(dir, "tasks.yaml"), tasksYaml);
		assert.deepEqual(await loadCrewYamlOnDemand(dir), await loadCrewYaml(dir));
	});

	test("a CrewAI project's root or src folder points to the config folder inside", async (context) => {
		const dir = await crewFolder(context);
		await mkdir(join(dir, "config"));
		await writeFile(join(dir, "config", "agents.yaml"), agentsYaml);
		await writeFile(join(dir, "config", "tasks.yaml"), tasksYaml);
		await assert.rejects(loadCrewYaml(dir), (error) => {
			assert.ok(error instanceof ConfigError);
			assert.equal(
				error.message,
				`${join(dir, "agents.yaml")}: File not found: a YAML crew is a folder holding agents.yaml and tasks.yaml. There is one in ${join(dir, "config")}: load that folder instead.`,
			);
			return true;
		});
	});

	test("a file that cannot be read, or a path that is not a folder, is refused", async (context) => {
		const dir = await crewFolder(context);
		await mkdir(join(dir, "agents.yaml"));
		await writeFile(join(dir, "tasks.yaml"), tasksYaml);
		await assert.rejects(loadCrewYaml(dir), (error) => {
			assert.ok(error instanceof ConfigError);
			assert.deepEqual(error.location, { file: join(dir, "agents.yaml") });
			assert.equal(
				error.message,
				`${join(dir, "agents.yaml")}: Cannot read the file: EISDIR: illegal operation on a directory, read`,
			);
			assert.equal((error.cause as NodeJS.ErrnoException).code, "EISDIR");
			return true;
		});
		await assert.rejects(loadCrewYaml(join(dir, "tasks.yaml")), (error) => {
			assert.ok(error instanceof ConfigError);
			assert.equal(
				error.message,
				`${join(dir, "tasks.yaml")}: Not a folder: a YAML crew is a folder holding agents.yaml and tasks.yaml.`,
			);
			return true;
		});
	});
});
